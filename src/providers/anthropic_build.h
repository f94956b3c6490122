// A Conversation (core/conversation.h) as an Anthropic Messages request body (PROVIDERS.md §2):
// the translation's far side when a client of another dialect is served by an `anthropic`
// deployment.
//
// Rules of the Messages API this enforces: `max_tokens` is required (the conversation's, else
// `default_max_tokens`); `system` is top level (text blocks); turns alternate, so consecutive
// turns of one role are merged; tool results go in a user turn as `tool_result` blocks; tool call
// arguments are objects (text that is not a JSON object is refused with a 400: sending `{}`
// instead would change the call); `temperature` is at most 1 (OpenAI allows 2: clamped);
// `tool_choice` none/auto/required/named -> none/auto/any/tool, with
// `disable_parallel_tool_use` when parallel calls are off. Empty text is left out (the API
// rejects empty text blocks). Thinking parts are sent back only with their signature.
#pragma once

#include <cstdint>
#include <string>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

struct AnthropicBuildOptions {
  std::string model;               // the deployment's model id
  std::int64_t max_tokens = 4096;  // required by the API (see upstream_max_tokens)
};

Result<std::string> build_anthropic_messages(const Conversation& c,
                                             const AnthropicBuildOptions& options);

}  // namespace sb
