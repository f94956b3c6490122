#include "providers/translation.h"

#include "providers/anthropic_build.h"
#include "providers/anthropic_parse.h"
#include "providers/openai_chat_build.h"
#include "providers/openai_chat_parse.h"

namespace sb {

namespace {

// Anthropic requires max_tokens; until the catalog knows each model's limit, this is what a
// translated request without one asks for (enough for a long answer from any current model).
constexpr std::int64_t kDefaultMaxTokens = 8192;

Result<std::string> build_for_anthropic(const Conversation& c, const std::string& model) {
  return build_anthropic_messages(c, {model, kDefaultMaxTokens});
}

const Translation kOpenAiChatToAnthropic{
    build_for_anthropic,
    anthropic_to_openai_chat_stream,
    anthropic_to_openai_chat_body,
    anthropic_to_openai_chat_error,
};

Result<std::string> build_for_openai_chat(const Conversation& c, const std::string& model) {
  // Usage always: the gateway accounts every token, and OpenAI streams report none without it.
  return build_openai_chat(c, {model, true});
}

// Anthropic streams and messages carry no creation time and always carry usage.
StreamTranslatorPtr to_anthropic_stream(std::int64_t, bool) {
  return openai_chat_to_anthropic_stream();
}
BodyTranslator to_anthropic_body(std::int64_t) { return openai_chat_to_anthropic_body(); }

const Translation kAnthropicToOpenAiChat{
    build_for_openai_chat,
    to_anthropic_stream,
    to_anthropic_body,
    openai_chat_to_anthropic_error,
};

}  // namespace

Result<Conversation> parse_client_request(Dialect client, std::string_view body) {
  return client == Dialect::OpenAIChat ? parse_openai_chat(body) : parse_anthropic_messages(body);
}

std::optional<Dialect> dialect_of(ProviderType type) {
  switch (type) {
    case ProviderType::OpenAI:
    case ProviderType::OpenAICompatible: return Dialect::OpenAIChat;
    case ProviderType::Anthropic: return Dialect::AnthropicMessages;
    case ProviderType::Gemini: return std::nullopt;
  }
  return std::nullopt;
}

const Translation* find_translation(Dialect client, Dialect upstream) {
  if (client == Dialect::OpenAIChat && upstream == Dialect::AnthropicMessages) {
    return &kOpenAiChatToAnthropic;
  }
  if (client == Dialect::AnthropicMessages && upstream == Dialect::OpenAIChat) {
    return &kAnthropicToOpenAiChat;
  }
  return nullptr;
}

}  // namespace sb
