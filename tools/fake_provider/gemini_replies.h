// Every byte the fake provider sends in the Gemini dialect, built without I/O: GenerateContent-
// Response bodies, their streamed chunks (SSE or a JSON array), google.rpc.Status errors and the
// model list (PROVIDERS.md §3). The session decides which to send and when.
//
// Invariants: a stream's text pieces concatenate to the non-stream text; a function call is never
// split (Gemini sends it whole, in one part with its thoughtSignature); every chunk repeats
// modelVersion and responseId and carries usageMetadata with candidatesTokenCount growing to the
// non-stream count; the last content chunk has finishReason STOP (a function call too: Gemini has
// no tool finish reason). An SSE stream has no terminator event: it simply ends. Errors have no
// Retry-After header: the delay, when there is one, is a RetryInfo detail.
//
// Failure shapes by directive (behaviour.h), with the class PROVIDERS.md §12 gives each:
//
//   directive    response                                                           class
//   -----------  -----------------------------------------------------------------  ------------
//   quota,       429 RESOURCE_EXHAUSTED, QuotaFailure quotaId                       quota
//   spendlimit   GenerateRequestsPerDayPerProjectPerModel-FreeTier, RetryInfo "33s"
//                (the short delay real daily quotas send: it is not their reset)
//   ratelimit=S  429 RESOURCE_EXHAUSTED, quotaId GenerateRequestsPerMinute…,         rate limited
//                RetryInfo "Ss", "Please retry in Ss." in the message
//   overloaded   503 UNAVAILABLE "The model is overloaded. Please try again later."  overloaded
//   context      400 INVALID_ARGUMENT "The input token count (N) exceeds the         context
//                maximum number of tokens allowed (1048576)."
//   badkey       400 INVALID_ARGUMENT "API key not valid…", ErrorInfo API_KEY_INVALID auth
//   error=CODE   CODE with its google.rpc name: 400 INVALID_ARGUMENT, 401             by status
//                UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 ABORTED,
//                429 = ratelimit, 499 CANCELLED, 500 INTERNAL, 501 UNIMPLEMENTED,
//                503 = overloaded, 504 DEADLINE_EXCEEDED; other 4xx INVALID_ARGUMENT,
//                other 5xx INTERNAL
//   blocked      200, no candidates, promptFeedback.blockReason SAFETY              filtered
#pragma once

#include <boost/json/array.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fake_provider/behaviour.h"
#include "fake_provider/openai_replies.h"
#include "fake_provider/request_reading.h"
#include "fake_provider/thought_signature.h"

namespace sb::fake {

struct GeminiAnswer {
  std::string response_id;
  std::string model_version;  // the model as requested
  std::string text;           // unused when function_call is set or the prompt is blocked
  std::optional<ToolCallPlan> function_call;
  std::string thought_signature;  // on the functionCall part
  bool blocked = false;           // no candidates: promptFeedback.blockReason SAFETY
  std::uint64_t prompt_tokens = 0;
  std::uint64_t candidates_tokens = 0;
};

// How a streamGenerateContent answer is framed: `?alt=sse` gives `data: {…}` events (CRLF
// separated, as Google sends them); without it the answer is one JSON array whose elements arrive
// one by one.
enum class GeminiFraming { Sse, JsonArray };

std::string gemini_body(const GeminiAnswer& a);
// No head; content: one chunk per text piece (`pieces` of them), or the whole function call, or the
// blocked verdict; tail: only the framing's end (and, for text split into no pieces, an empty
// final chunk carrying finishReason).
StreamScript gemini_stream_script(const GeminiAnswer& a, unsigned pieces, GeminiFraming framing);
// The error object Gemini sends inside a stream when capacity runs out mid-answer, framed to
// follow `chunks_before` content chunks.
std::string gemini_midstream_error_event(GeminiFraming framing, std::size_t chunks_before);
// The stream's content type and the headers Google attaches to answers.
Headers gemini_stream_headers(GeminiFraming framing);
Headers gemini_headers();

// `{"error":{"code","message","status"[,"details"]}}`, details only when there are some.
Reply gemini_error_reply(unsigned status, std::string_view status_name, std::string_view message,
                         const boost::json::array& details = {});
Reply gemini_failure_reply(const Behaviour& b, std::string_view model_name);
// 403 PERMISSION_DENIED: no x-goog-api-key, ?key= or Bearer token.
Reply gemini_missing_key_reply();
Reply gemini_signature_reply(const SignatureProblem& problem);
// 404 NOT_FOUND for a method the fake does not implement (countTokens, embedContent, ...).
Reply gemini_unknown_method_reply(std::string_view model_name, std::string_view method);

// GET /v1beta/models: a few current models in Google's ListModelsResponse shape.
std::string gemini_models_body();

}  // namespace sb::fake
