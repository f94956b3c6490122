// A neutral answer (core/conversation.h Reply, core/stream_event.h StreamEvents) in OpenAI
// Responses terms (PROVIDERS.md §1 "Responses streaming", §10, §11), for a `POST /v1/responses`
// client served by a deployment of another dialect. Pure: no I/O, no clock.
//
// Invariants of what is written, whole or streamed:
//   - ids: the response `resp_` + the upstream's id (its `chatcmpl-`, `msg_` or `resp_` prefix
//     dropped); output items `msg_<that>_<output index>` and `fc_<that>_<output index>`, so they
//     are unique within the response and the same whole or streamed; a function_call's
//     `call_id` is the neutral call id (what the client echoes in function_call_output);
//   - output items in the order the model produced them: one `message` item per run of text
//     (content one `output_text` part, annotations []), one `function_call` item per call;
//   - status (§10): Done, ToolUse -> `completed`; Length and ContextFull -> `incomplete`
//     (max_output_tokens: the model ran out of room either way); Filtered -> `incomplete`
//     (content_filter); Error (OpenRouter's `finish_reason: error`) -> `failed` with
//     error {code: server_error}, so the client does not take a cut answer for a whole one;
//   - thinking is dropped: a `reasoning` item is useful to a client only to send back, and only
//     OpenAI can read one back (its encrypted_content); one of ours sent to a real OpenAI
//     deployment would be refused as unknown. reasoning_tokens still count in the usage;
//   - usage is always present (zeros when the upstream gave none), in Responses' meaning (§11):
//     input_tokens include the cached ones (input_tokens_details.cached_tokens), output_tokens
//     include reasoning_tokens;
//   - the request's settings are not known here: the object echoes the defaults (tools [],
//     tool_choice auto, temperature and top_p null, store false). `output_text` is an SDK
//     convenience computed from `output`, not a wire field, and is not written.
//
// Stream, one neutral event in, the SSE text to send (possibly empty) out; every event is
// `event: TYPE` + `data: {"type":TYPE,"sequence_number":n,...}`, n counting from 0:
//   Start        -> response.created, response.in_progress (status in_progress, output [])
//   Text         -> when no message item is open: the open item's .done events, then
//                   output_item.added (message) and content_part.added; then output_text.delta
//   CallStart    -> the open item's .done events, output_item.added (function_call)
//   ArgsDelta    -> function_call_arguments.delta on that call's item (dropped if the item was
//                   closed: an item cannot reopen, and upstreams send calls one after another)
//   Stop, UsageUpdate -> remembered
//   End          -> the open item's .done events (output_text.done, content_part.done,
//                   output_item.done; function_call_arguments.done, output_item.done), then
//                   response.completed, or response.incomplete (Length, Filtered, ContextFull),
//                   carrying the whole response: every output item and the usage; a
//                   StopReason::Error ends with the failure event instead
//   Error        -> the failure event (below)
//   Thinking     -> nothing (see above)
// An event before Start writes Start's two events first; nothing is written after the end.
//
// The failure event is one `response.failed` (SPEC §3), its response carrying status failed,
// error {code, message}, and the items so far. openai-node (and openai-python) raise for any
// event whose data has a top-level `error` object (OpenAI's own mid-stream `event: error` nests
// one); a `response.failed` has none, so the SDK only reports it (responses.stream() resolves
// with status failed, a loop over responses.create({stream: true}) sees one more event and
// ends). So the event also carries `error: {message, type, param, code}`: every client sees the
// failure, and the SDKs raise an APIError. One event, not `response.failed` and `error`, because
// the relay ends a stream at its first failure event.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/stream_event.h"

namespace sb {

// `resp_` + id, without a leading `chatcmpl-`, `msg_` or `resp_`.
std::string responses_id(std::string_view upstream_id);

// `created` is the Unix time to show as created_at (a parameter so tests are exact).
std::string build_responses_object(const Reply& reply, std::int64_t created);

// The `response.failed` event that ends a started stream, for the gateway's own failure (the
// upstream broke after the client got part of the answer) where no encoder exists: the response
// it carries has no id, model or output. openai-node reads `sequence_number` only to skip events
// when resuming a stored response by id, which a gateway stream never is; pass the next number
// when it is known (a relay that reads the upstream's events can), else 0 is written.
std::string responses_stream_error_event(std::string_view code, std::string_view message,
                                         std::int64_t sequence_number = 0);

class ResponsesStreamEncoder {
 public:
  explicit ResponsesStreamEncoder(std::int64_t created) : created_(created) {}

  std::string encode(const StreamEvent& event);

 private:
  // One output item, as far as it has come.
  struct Item {
    bool is_call = false;
    std::string id;
    std::string text;  // a message's text, a call's arguments
    std::string call_id, name;
    std::string status;  // once closed (or cut by a failure): completed, incomplete
    bool done = false;
  };

  std::string event(std::string_view type, boost::json::object fields);
  boost::json::object response(std::string_view status) const;
  std::string start(std::string_view id, std::string_view model);
  std::string open_item(Item item);
  std::string close_open_item(std::string_view status);
  std::string fail(std::string_view message);

  std::int64_t created_;
  std::int64_t sequence_ = 0;
  bool started_ = false;
  bool ended_ = false;
  std::string id_;    // resp_...
  std::string base_;  // what item ids are made of
  std::string model_;
  std::vector<Item> items_;                  // by output index
  std::optional<std::size_t> open_;          // the output index of the item still open
  std::map<int, std::size_t> item_of_call_;  // tool call number -> its output index
  std::optional<StopReason> stop_;
  Usage usage_;
  bool saw_usage_ = false;
};

}  // namespace sb
