// What the fake provider reads from an Anthropic Messages request body (PROVIDERS.md §2): the
// model, whether to stream, how much text the system prompt and messages hold (for a
// deterministic input_tokens) and, when tools are offered and not refused, which tool to use with
// which input. Everything else (temperature, metadata, cache_control, thinking...) is accepted
// and ignored, as a lenient upstream would.
//
// Validation is the minimum Anthropic itself enforces before doing any work: a JSON object with a
// string `model`, an integer `max_tokens` and an array `messages`; a tool without a name, or a
// tool_choice naming a tool that is not among `tools`, is refused too. Any fault is an
// InvalidRequest error whose message follows Anthropic's `field: reason` wording
// ("max_tokens: Field required"), sent as a 400 invalid_request_error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fake_provider/request_reading.h"

namespace sb::fake {

struct MessagesFacts {
  std::string model;
  bool stream = false;
  std::size_t text_chars = 0;            // bytes of the system prompt and every message's text
  std::optional<ToolCallPlan> tool_use;  // arguments = the tool_use block's `input`, serialised
};

Result<MessagesFacts> read_messages_request(std::string_view body);

}  // namespace sb::fake
