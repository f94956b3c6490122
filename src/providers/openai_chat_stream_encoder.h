// Renders neutral StreamEvents (core/stream_event.h) as an OpenAI Chat Completions event stream
// (PROVIDERS.md §1 "Chat streaming"), for an OpenAI Chat client served by a deployment of
// another dialect. Pure: one event in, the SSE text to send (possibly empty) out.
//
//   Start        -> the role chunk (`delta: {role: assistant, content: ""}`)
//   Text         -> `delta.content`
//   CallStart    -> `delta.tool_calls[{index, id, type, function: {name, arguments: ""}}]`
//   ArgsDelta    -> `delta.tool_calls[{index, function: {arguments: piece}}]`
//   Stop         -> an empty delta with `finish_reason`
//   UsageUpdate  -> remembered
//   End          -> with include_usage, the `choices: []` usage chunk; then `data: [DONE]`
//   Error        -> `data: {"error": {...}}` (openai-node raises on it), and never [DONE]
//   Thinking     -> nothing (Chat has no field for it)
// With include_usage every chunk carries `"usage": null`, as OpenAI's do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/stream_event.h"

namespace sb {

class OpenAiChatStreamEncoder {
 public:
  // `created`: the Unix time to show (a parameter so tests are exact).
  OpenAiChatStreamEncoder(std::int64_t created, bool include_usage)
      : created_(created), include_usage_(include_usage) {}

  std::string encode(const StreamEvent& event);

 private:
  std::string chunk(boost::json::object delta, const char* finish_reason);

  std::int64_t created_;
  bool include_usage_;
  std::string id_;
  std::string model_;
  std::optional<Usage> usage_;
};

}  // namespace sb
