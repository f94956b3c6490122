#include "providers/translation.h"

#include <fmt/format.h>

namespace sb {

Dialect upstream_dialect(ProviderType type, Dialect client) {
  switch (type) {
    case ProviderType::OpenAI:
      return client == Dialect::OpenAIResponses ? Dialect::OpenAIResponses : Dialect::OpenAIChat;
    case ProviderType::OpenAICompatible:
      return Dialect::OpenAIChat;
    case ProviderType::Anthropic:
      return Dialect::AnthropicMessages;
    case ProviderType::Gemini:
      return Dialect::Gemini;
  }
  return Dialect::OpenAIChat;
}

Result<Conversation> parse_client_request(Dialect client, std::string_view body) {
  const ClientSpoke* spoke = client_spoke(client);
  if (!spoke) {
    return make_error(ErrorKind::Internal, fmt::format("no surface speaks {}", to_string(client)));
  }
  return spoke->parse(body);
}

std::optional<Translation> find_translation(Dialect client, Dialect upstream) {
  if (client == upstream) return std::nullopt;
  const ClientSpoke* from = client_spoke(client);
  const UpstreamSpoke* to = upstream_spoke(upstream);
  if (!from || !to) return std::nullopt;
  return Translation{from, to};
}

Result<std::string> build_upstream_request(const Translation& t, const Conversation& request,
                                           const std::string& model) {
  return t.upstream->build(request, {model, kDefaultMaxTokens});
}

Result<std::string> translate_reply(const Translation& t, std::string_view upstream_body,
                                    std::int64_t created) {
  auto reply = t.upstream->parse_reply(upstream_body);
  if (!reply) return reply.error();
  return t.client->reply(*reply, created);
}

std::string translate_error(const Translation& t, std::string_view upstream_body) {
  return t.client->error_body(t.upstream->error_words(upstream_body));
}

}  // namespace sb
