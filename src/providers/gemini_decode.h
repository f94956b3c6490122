// A Gemini API answer (PROVIDERS.md §3) in neutral terms: a whole generateContent response as a
// Reply (core/conversation.h), an `alt=sse` stream as StreamEvents (core/stream_event.h), an
// error body as ErrorWords, for a client of another dialect served by a `gemini` deployment.
// Pure: no I/O, no clock. Only candidate 0 is read (a translated request never asks for more).
//
// Parts, whole or streamed:
//   {text}                       -> Text (a whole answer joins neighbouring text parts)
//   {text, thought: true}        -> Thinking, unsigned: a client would send it back to whichever
//                                   provider serves its next turn, and none but Gemini can check a
//                                   Gemini signature; Gemini itself does not need thoughts back
//   {functionCall: {id?, name, args}, thoughtSignature?}
//                                -> a tool call whose id is gemini_call_id(id, signature), or
//                                   synthesised_gemini_call_id(responseId, n, signature) when
//                                   Gemini gave none (providers/gemini_call_id.h); arguments: args
//                                   serialised (`{}` when absent)
//   thoughtSignature on any other part, other parts (inlineData, executableCode, ...)
//                                -> nothing: Gemini does not enforce those signatures
//
// Stop reasons (§10) are gemini_stop_reason(); a prompt blocked before any candidate
// (promptFeedback.blockReason, no candidates) stops Filtered. Usage (§11) is gemini_usage().
//
// Stream decoding, one SSE event in, neutral events out. Gemini's stream has no terminator: it
// ends when the connection closes, so the relay calls finish() on a clean close.
//   first chunk                  -> Start (responseId, modelVersion), before anything it carries
//   parts                        -> Text, Thinking; a functionCall (always whole in one chunk) ->
//                                   CallStart (calls numbered 0, 1, ... in order), one ArgsDelta
//   finishReason                 -> Stop
//   promptFeedback.blockReason   -> Stop (Filtered)
//   usageMetadata                -> UsageUpdate (cumulative: each replaces the last)
//   a data object with `error`   -> Error (the data as sent; error.message), and nothing after it
//   comments, non-JSON data      -> nothing
//   finish()                     -> End when a finishReason or blockReason was seen, else nothing
//                                   (the stream was cut)
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/error.h"
#include "core/stream_event.h"
#include "providers/error_words.h"
#include "providers/sse.h"

namespace sb {

// STOP -> Done, or ToolUse when the answer had a functionCall part (Gemini says STOP for both);
// MAX_TOKENS -> Length; SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE and the
// IMAGE_ safety, prohibited-content and recitation reasons -> Filtered (the model was stopped for
// what it said or would say); MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, OTHER and anything
// else, unknown reasons included -> Error (the answer is not whole).
StopReason gemini_stop_reason(std::string_view finish_reason, bool had_calls);

// input = promptTokenCount - cachedContentTokenCount (Gemini's prompt count includes the cached
// tokens, ours does not), cache_read = cachedContentTokenCount, output = candidatesTokenCount +
// thoughtsTokenCount (thoughts are billed as output but not counted in candidates), reasoning =
// thoughtsTokenCount; absent fields are 0.
Usage gemini_usage(const boost::json::object& usage_metadata);

// An UpstreamProtocol error (transport Protocol) when the body is not a generateContent response.
Result<Reply> parse_gemini_reply(std::string_view body);

// A google.rpc.Status body `{"error": {"code", "status", "message", "details"}}` (also inside a
// one-element array, as streamGenerateContent without alt=sse sends it). Type by status:
// INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> invalid_request_error, but an
// ErrorInfo reason API_KEY_INVALID -> authentication_error (Gemini answers a bad key with 400
// INVALID_ARGUMENT); UNAUTHENTICATED -> authentication_error; PERMISSION_DENIED ->
// permission_error; NOT_FOUND -> not_found_error; RESOURCE_EXHAUSTED -> rate_limit_error;
// UNAVAILABLE -> overloaded_error; anything else -> api_error. The message is error.message; a
// body that is not such an object is {api_error, the body}.
ErrorWords gemini_error_words(std::string_view body);

class GeminiStreamDecoder {
 public:
  std::vector<StreamEvent> decode(const SseEvent& event);
  std::vector<StreamEvent> finish();

 private:
  bool started_ = false;
  bool stopped_ = false;  // a finishReason or blockReason was seen: the answer is complete
  bool failed_ = false;   // an error was decoded: nothing more is
  std::string response_id_;
  int calls_ = 0;
};

}  // namespace sb
