// The API dialects clients and deployments speak (SPEC §1 "surface"). A client's dialect decides
// how every answer and error is worded for it; a deployment's, what the gateway sends it. When
// they differ the request and answer are translated through the neutral model
// (core/conversation.h); when they match, bodies pass through.
#pragma once

#include <string_view>

namespace sb {

enum class Dialect {
  OpenAIChat,         // POST /v1/chat/completions
  AnthropicMessages,  // POST /v1/messages
};

constexpr std::string_view to_string(Dialect d) {
  return d == Dialect::OpenAIChat ? "openai-chat" : "anthropic-messages";
}

}  // namespace sb
