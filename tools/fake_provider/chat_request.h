// What the fake provider reads from a Chat Completions request body: the model, whether to stream
// (and with usage), how much message text there is (for a deterministic prompt_tokens), and, when
// tools are offered and not refused, which tool to call with which arguments. Everything else in
// the body is accepted and ignored, as a lenient upstream would.
//
// A body that is not JSON, not an object, lacks `model` or `messages`, or names a tool_choice
// function that is not among `tools` is a caller fault: read_chat_request returns an
// InvalidRequest error whose message, param and code mirror OpenAI's.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sb::fake {

struct ToolCallPlan {
  std::string name;
  std::string arguments;  // a JSON object serialised as text, as the wire carries it
};

struct ChatFacts {
  std::string model;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  std::size_t text_chars = 0;  // bytes of every message's text content
  std::optional<ToolCallPlan> tool_call;
};

Result<ChatFacts> read_chat_request(std::string_view body);

// The bytes of text in a message's `content`: a string, or the `text` of each part of an array
// (OpenAI content parts and Anthropic content blocks alike; other parts count nothing).
std::size_t text_chars(const boost::json::value& content);

// An object with each property of a JSON-schema `properties` object set to a sample of its type:
// string "sample", number/integer 1, boolean true, array [], object {}, anything else null.
std::string sample_arguments(const boost::json::object& properties);

}  // namespace sb::fake
