// A neutral answer (core/conversation.h Reply, core/stream_event.h StreamEvents) in Anthropic
// Messages terms (PROVIDERS.md §2), for an Anthropic-dialect client served by a deployment of
// another dialect. Pure: no I/O, no clock.
//
// Invariants of what is written, whole or streamed:
//   - the id is `msg_` + the upstream's id (OpenAI's `chatcmpl-` prefix dropped);
//   - tool_use `input` is always a JSON object: arguments that do not parse as one become `{}`
//     (logged at debug level), since the answer has already happened and cannot be refused;
//   - thinking without a signature is dropped: a client sends thinking blocks back on its next
//     turn, and Anthropic rejects one whose signature it did not make (no OpenAI-dialect
//     upstream makes one, so streamed Thinking is always dropped);
//   - empty text is never a block (Anthropic refuses empty text blocks when they come back);
//   - usage is always present, in Anthropic's meaning: input_tokens exclude the cache (§11).
//
// Stream, one neutral event in, the SSE text to send (possibly empty) out, each event written
// with its `event:` line:
//   Start        -> message_start (usage all zeros: OpenAI only counts at the end)
//   Text         -> content_block_start text (when no text block is open), text_delta
//   CallStart    -> content_block_stop of the open block, content_block_start tool_use
//   ArgsDelta    -> input_json_delta on that call's block (dropped if that block was closed:
//                   Anthropic cannot reopen a block, and OpenAI sends calls one after another)
//   Stop, UsageUpdate -> remembered (OpenAI sends finish_reason before its usage chunk)
//   End          -> content_block_stop of the open block, message_delta (stop_reason and the
//                   final usage), message_stop; but a StopReason::Error (OpenRouter's
//                   `finish_reason: error`) ends with an error event instead, so the client
//                   does not take a cut answer for a whole one
//   Error        -> `event: error`, overloaded_error when the message says so, else api_error
//   Thinking     -> nothing (see above)
// Block indexes count from 0. Nothing is written after the end (message_stop or error), and an
// event before Start writes message_start first, so message_start always opens the stream.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/conversation.h"
#include "core/stream_event.h"

namespace sb {

// `msg_` + id, without a leading `chatcmpl-`.
std::string anthropic_message_id(std::string_view upstream_id);

// end_turn, max_tokens, tool_use, refusal, model_context_window_exceeded; Error reads as
// end_turn (Messages has no word for it, and the answer so far is whole as far as it goes).
std::string_view anthropic_stop_word(StopReason reason);

std::string build_anthropic_message(const Reply& reply);

// `{"type":"error","error":{"type","message"}}`: every Anthropic-dialect error, whole or in a
// stream, the gateway's own included (http/error_response.h).
boost::json::object anthropic_error_object(std::string_view type, std::string_view message);
std::string anthropic_error_body(std::string_view type, std::string_view message);

class AnthropicStreamEncoder {
 public:
  std::string encode(const StreamEvent& event);

 private:
  enum class Block { None, Text, Tool };

  std::string start(std::string_view id, std::string_view model);
  std::string close_block();
  std::string open_block(Block kind, boost::json::object content_block);

  bool started_ = false;
  bool ended_ = false;
  int next_index_ = 0;
  Block open_ = Block::None;
  int open_index_ = -1;
  std::map<int, int> block_of_call_;  // tool call number -> its content block index
  std::optional<StopReason> stop_;
  Usage usage_;
};

}  // namespace sb
