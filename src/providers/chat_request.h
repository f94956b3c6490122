// What the gateway must know about a request body (OpenAI Chat, Anthropic Messages, OpenAI
// Responses: they share `model`, `stream` and `tools`, and differ in where the history is),
// found in one SAX pass without building a DOM, and the pass-through rewrite of `model`. The body
// is forwarded byte for byte except the model's string token, so unknown fields, number formatting
// and key order reach the upstream untouched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sb {

struct ChatRequestFacts {
  std::string model;
  // The model's string token, quotes included, within the body. exact_span is false when the
  // token holds escapes: then the rewrite re-serialises the document instead.
  std::size_t model_offset = 0;
  std::size_t model_length = 0;
  bool exact_span = false;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  bool has_stream_options = false;  // a top-level `stream_options` key, whatever its value
  bool has_tools = false;      // a non-empty `tools` array
  bool has_images = false;     // an `image_url` content part in the history
  // The longest tool-call id in the history (`id`, `tool_call_id`, `call_id`, `tool_use_id`
  // values under it): some upstreams limit them (providers/call_ids.h).
  std::size_t longest_call_id = 0;
};

// Validates the shape the surface requires (a JSON object, `model` a non-empty string, the
// history present: `messages` an array, or Responses' `input` a string or an array; `stream` a
// boolean) and returns the facts, or an InvalidRequest / ModelNotFound error naming the field.
Result<ChatRequestFacts> scan_chat_request(std::string_view body,
                                           std::string_view history_key = "messages");

// The body with the model replaced by `model`; everything else identical. With
// `ask_stream_usage` (an OpenAI Chat stream whose client did not ask for usage), also
// `stream_options.include_usage: true`, so the upstream reports the tokens the gateway accounts
// for (the relay hides that chunk again: providers/openai_stream.h).
std::string rewrite_model(std::string_view body, const ChatRequestFacts& facts,
                          std::string_view model, bool ask_stream_usage = false);

}  // namespace sb
