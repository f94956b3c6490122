// Every byte the fake provider sends on Anthropic's Messages endpoint, built without I/O: message
// bodies, the named-event stream, Anthropic-shaped errors and the headers the real API attaches
// (PROVIDERS.md §2). The wall clock is a parameter (RFC 3339 resets, spend-limit dates) so these
// stay pure; the session decides which to send and when.
//
// Invariants: a stream's text_delta pieces concatenate to the non-stream text, and its
// input_json_delta pieces to the non-stream tool input, serialised; every piece is non-empty;
// every event is one complete `event: NAME` + `data: JSON` SSE event (one HTTP chunk each), and a
// finished stream always ends with message_stop. Every error body carries the `request_id` that
// the response's `request-id` header carries.
//
// Failure shapes by directive (behaviour.h), with the class PROVIDERS.md §12 gives each:
//
//   directive    response                                                          class
//   -----------  ----------------------------------------------------------------  --------------
//   quota        400 invalid_request_error "You have reached your specified API    quota
//                usage limits. You will regain access on <1st of next month>..."
//   spendlimit   429 rate_limit_error, details.error_code                          quota
//                enforced_spend_limit_reached, no retry-after
//   ratelimit=S  429 rate_limit_error, retry-after S, requests window spent        rate limited
//   overloaded   529 overloaded_error "Overloaded"                                 overloaded
//   context      400 invalid_request_error "prompt is too long: N tokens > M       context
//                maximum"
//   error=CODE   CODE with Anthropic's type for it: 400 invalid_request_error, 401 authentication_
//                error, 402 billing_error, 403 permission_error, 404 not_found_error, 409
//                conflict_error, 413 request_too_large, 429 = ratelimit, 500 api_error, 504
//                timeout_error, 529 overloaded_error; other 5xx api_error, other 4xx
//                invalid_request_error
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fake_provider/behaviour.h"
#include "fake_provider/openai_replies.h"
#include "fake_provider/request_reading.h"
#include "routing/reset_time.h"

namespace sb::fake {

struct MessageAnswer {
  std::string id;     // msg_01…
  std::string model;  // echoed as requested
  std::string text;   // the text block; unused when tool_use is set
  std::optional<ToolCallPlan> tool_use;
  std::string tool_use_id;  // toolu_01…
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
};

// A `message` object: one text block (stop_reason end_turn) or one tool_use block (tool_use).
std::string message_body(const MessageAnswer& a);
// head: message_start, content_block_start, ping; content: one content_block_delta per piece
// (text_delta, or input_json_delta with max(pieces, 2) fragments); tail: content_block_stop,
// message_delta, message_stop.
StreamScript message_stream_script(const MessageAnswer& a, unsigned pieces);
// `event: error` with overloaded_error, as Anthropic sends when capacity runs out mid-answer.
std::string anthropic_midstream_error_event();

// `{"type":"error","error":{"type","message"},"request_id"}` with request-id and the normal
// rate-limit headers.
Reply anthropic_error_reply(unsigned status, std::string_view type, std::string_view message,
                            std::string_view request_id, SysTime now);
// The error response for a failure directive (table above).
Reply anthropic_failure_reply(const Behaviour& b, std::string_view model_name,
                              std::string_view request_id, SysTime now);
Reply anthropic_missing_key_reply(std::string_view request_id, SysTime now);
Reply anthropic_missing_version_reply(std::string_view request_id, SysTime now);

enum class AnthropicWindow { Normal, RateLimited };
// anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}, the
// resets in RFC 3339 (whole seconds, never before `now`); RateLimited spends the requests window
// until now + retry_after and adds `retry-after` in integer seconds.
Headers anthropic_rate_limit_headers(AnthropicWindow w, SysTime now,
                                     std::chrono::seconds retry_after = {});

}  // namespace sb::fake
