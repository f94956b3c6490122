#include "providers/upstream_endpoint.h"

#include "providers/anthropic.h"
#include "providers/gemini.h"
#include "providers/openai.h"

namespace sb {

http::request<http::string_body> upstream_http_request(Dialect dialect,
                                                       const AccountConfig& account,
                                                       const UpstreamUrl& url,
                                                       std::string_view model, std::string body,
                                                       const ChatRequestFacts& facts) {
  const bool stream = facts.stream;
  switch (dialect) {
    case Dialect::AnthropicMessages:
      return build_anthropic_request(account, url, std::move(body), stream);
    case Dialect::OpenAIResponses:
      return build_openai_responses_request(account, url, std::move(body), stream);
    case Dialect::Gemini:
      return gemini_http_request(account, url, model, std::move(body), stream);
    case Dialect::OpenAIChat:
      break;
  }
  return build_openai_chat_request(account, url, std::move(body), stream, facts.longest_call_id);
}

http::request<http::string_body> probe_http_request(const AccountConfig& account,
                                                    const UpstreamUrl& url) {
  switch (account.type) {
    case ProviderType::Anthropic: return build_anthropic_probe_request(account, url);
    case ProviderType::Gemini: return gemini_probe_request(account, url);
    case ProviderType::OpenAI:
    case ProviderType::OpenAICompatible: break;
  }
  return build_openai_probe_request(account, url);
}

}  // namespace sb
