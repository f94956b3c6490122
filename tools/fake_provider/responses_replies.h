// Every byte the fake provider sends on OpenAI's Responses endpoint, built without I/O: `response`
// objects and their named-event stream (PROVIDERS.md §1). Errors before the answer are the Chat
// endpoint's (openai_replies.h: same bodies, same x-ratelimit-* headers).
//
// Output items, in order: a reasoning item (rs_…, empty summary, opaque encrypted_content) when
// the request asked for reasoning; then one message item (msg_…, one output_text part) or one
// function_call item (fc_…, call_…, arguments as JSON text). A blocked answer has no output and
// status "incomplete" with incomplete_details.reason "content_filter".
//
// Stream invariants: every event is `event: T` + `data: {"type":T,"sequence_number":n,…}`, n
// counting from 0 with no gap; output_text.delta pieces concatenate to the non-stream text and
// function_call_arguments.delta pieces (at least two) to its arguments; the last event is
// response.completed (response.incomplete when blocked) carrying the whole response; there is no
// [DONE]. midstream_error ends the stream with response.failed (status "failed", error
// {code: "server_error", message}) numbered where it falls.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fake_provider/openai_replies.h"
#include "fake_provider/request_reading.h"

namespace sb::fake {

struct ResponsesAnswer {
  std::string id;  // resp_…
  std::int64_t created_at = 0;
  std::string model;           // echoed as requested
  boost::json::object echoed;  // ResponsesFacts::echoed
  std::string reasoning_id;    // rs_…; empty when the request did not ask for reasoning
  std::string encrypted_reasoning;
  std::string item_id;  // msg_… or fc_…
  std::string text;     // the output_text; unused when tool_call is set
  std::optional<ToolCallPlan> tool_call;
  std::string call_id;  // call_…
  bool blocked = false;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;  // reasoning_tokens included, as OpenAI counts them
  std::uint64_t reasoning_tokens = 0;
};

// The completed (or, blocked, incomplete) `response` object.
std::string response_body(const ResponsesAnswer& a);
// head: response.created, response.in_progress, the reasoning item's output_item.added/done, the
// answer item's output_item.added (and content_part.added); content: one delta per piece; tail:
// the .done events, output_item.done, response.completed.
StreamScript response_stream_script(const ResponsesAnswer& a, unsigned pieces);
// response.failed with the given sequence number (the count of events sent before it).
std::string response_failed_event(const ResponsesAnswer& a, std::size_t sequence_number);

}  // namespace sb::fake
