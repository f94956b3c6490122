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
  OpenAIResponses,    // POST /v1/responses
  Gemini,             // generateContent: spoken to deployments only, no client surface
};

constexpr std::string_view to_string(Dialect d) {
  switch (d) {
    case Dialect::OpenAIChat: return "openai-chat";
    case Dialect::AnthropicMessages: return "anthropic-messages";
    case Dialect::OpenAIResponses: return "openai-responses";
    case Dialect::Gemini: return "gemini";
  }
  return "unknown";
}

}  // namespace sb
