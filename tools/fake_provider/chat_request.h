// What the fake provider reads from a Chat Completions request body: the model, whether to stream
// (and with usage), how much message text there is (for a deterministic prompt_tokens), and, when
// tools are offered and not refused, which tool to call with which arguments. Everything else in
// the body is accepted and ignored, as a lenient upstream would.
//
// A body that is not JSON, not an object, lacks `model` or `messages`, or names a tool_choice
// function that is not among `tools` is a caller fault: read_chat_request returns an
// InvalidRequest error whose message, param and code mirror OpenAI's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fake_provider/request_reading.h"

namespace sb::fake {

struct ChatFacts {
  std::string model;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  std::size_t text_chars = 0;  // bytes of every message's text content
  std::optional<ToolCallPlan> tool_call;
};

Result<ChatFacts> read_chat_request(std::string_view body);

// The InvalidRequest error an OpenAI 400 is made of (Chat Completions and Responses alike); an
// empty param or code is sent as null.
GatewayError openai_bad_request(std::string message, std::string param = {}, std::string code = {});
// OpenAI's 400 for a body that is not a JSON object.
GatewayError openai_invalid_json();
// OpenAI's 400 for a tool_choice naming a function that is not among `tools`.
GatewayError openai_unknown_tool(std::string_view name);

}  // namespace sb::fake
