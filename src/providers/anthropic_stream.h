// Decodes an Anthropic Messages event stream (PROVIDERS.md §2 "Streaming") into neutral
// StreamEvents (core/stream_event.h). Pure and incremental: one SSE event in, zero or more
// neutral events out; no I/O, no clock.
//
//   message_start                 -> Start, UsageUpdate (input and cache counts)
//   content_block_start tool_use  -> CallStart (calls numbered in order of appearance)
//   content_block_delta           -> Text (text_delta), ArgsDelta (input_json_delta),
//                                    Thinking (thinking_delta); signature_delta is kept back
//   message_delta                 -> Stop, UsageUpdate (output so far: the latest wins, and
//                                    input counts absent here keep message_start's)
//   message_stop                  -> End
//   error                         -> Error
//   ping, content_block_stop, unknown events -> nothing
#pragma once

#include <map>
#include <vector>

#include "core/stream_event.h"
#include "providers/sse.h"

namespace sb {

// What each Anthropic event means to the relay (providers/sse.h ChatEventKind):
//   Preamble  message_start, ping, a text block's start with no text yet, comments
//   Content   deltas, a tool_use block's start, message_delta, anything unrecognised
//   Error     `event: error`
//   Done      message_stop, the only clean end of a Messages stream
ChatEventKind classify_anthropic_event(const SseEvent& event);

class AnthropicStreamDecoder {
 public:
  std::vector<StreamEvent> decode(const SseEvent& event);

 private:
  std::map<long long, int> call_of_block_;  // content block index -> tool call number
  int calls_ = 0;
  Usage usage_;
};

}  // namespace sb
