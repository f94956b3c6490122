// A Conversation (core/conversation.h) as an OpenAI Chat Completions request body (PROVIDERS.md
// §1): the translation's far side when a client of another dialect is served by an `openai` or
// `openai-compatible` deployment.
//
// Rules of the Chat API this enforces: system instructions are leading `system` messages, one
// each, in order; a tool's result is a `tool` message of its own that must follow the assistant
// message holding the call, so a user turn's results go out first, as `tool` messages, and the
// rest of that turn (text, images) after them as one `user` message; an assistant message has
// text content (null when there is none) and `tool_calls` with arguments as JSON text; images
// are `image_url` parts, inline ones as data URLs. `tool_choice` and `parallel_tool_calls` are
// sent only with tools (the API refuses them alone). The token limit goes out as
// `max_completion_tokens` (`max_tokens` is deprecated). A streamed request asks for usage
// (`stream_options.include_usage`) when the options say so or the client asked: without it an
// OpenAI stream reports no usage at all and the gateway could not account the tokens.
//
// Lost on the way, because Chat has no field for them: thinking parts (reasoning is not sent
// back to OpenAI models) and a tool result's is_error flag (its text still says what failed).
// A user turn with nothing left to say and an assistant turn with neither text nor calls are
// left out (the API rejects an empty assistant message).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

struct OpenAiChatBuildOptions {
  std::string model;  // the deployment's model id
  bool include_usage_when_streaming = true;
  std::optional<std::int64_t> max_tokens;  // sent as max_completion_tokens
};

Result<std::string> build_openai_chat(const Conversation& c, const OpenAiChatBuildOptions& options);

}  // namespace sb
