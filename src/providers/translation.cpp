#include "providers/translation.h"

#include <fmt/format.h>

#include <algorithm>

#include "providers/token_estimate.h"

namespace sb {

Dialect upstream_dialect(ProviderType type, Dialect client) {
  switch (type) {
    case ProviderType::OpenAI:
      return client == Dialect::OpenAIResponses ? Dialect::OpenAIResponses : Dialect::OpenAIChat;
    case ProviderType::OpenAICompatible: return Dialect::OpenAIChat;
    case ProviderType::Anthropic: return Dialect::AnthropicMessages;
    case ProviderType::Gemini: return Dialect::Gemini;
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

std::optional<std::int64_t> upstream_max_tokens(const Conversation& request, const ModelInfo* model,
                                                bool required) {
  const std::optional<std::int64_t> most = model ? model->max_output : std::nullopt;
  if (request.max_tokens) return most ? std::min(*request.max_tokens, *most) : *request.max_tokens;
  if (!required) return std::nullopt;
  if (!most) return kDefaultMaxTokens;
  std::int64_t limit = std::min(*most, kMaxDefaultMaxTokens);
  if (model->context_window) {
    limit = std::min(limit, *model->context_window - estimate_input_tokens(request));
  }
  return std::max(limit, kMinDefaultMaxTokens);
}

Result<std::string> build_upstream_request(const Translation& t, const Conversation& request,
                                           const std::string& model_id, const ModelInfo* model) {
  const UpstreamBuild options{model_id,
                              upstream_max_tokens(request, model, t.upstream->requires_max_tokens)};
  return t.upstream->build(request, options);
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
