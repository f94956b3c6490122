#include "http/proxy.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/error_response.h"
#include "http/relay.h"
#include "providers/chat_request.h"
#include "providers/openai.h"
#include "routing/model_resolver.h"

namespace sb {

namespace {

struct Selected {
  const Deployment* deployment;
  const AccountConfig* account;
};

// Why a deployment cannot serve at all right now, or empty when it can.
std::string unready_reason(const AccountConfig& account) {
  if (account.type != ProviderType::OpenAI && account.type != ProviderType::OpenAICompatible) {
    return fmt::format("unsupported:{}", to_string(account.type));
  }
  switch (account.auth) {
    case AuthMode::ApiKey: return account.api_key ? "" : "no_credentials";
    // A local server (Ollama, llama.cpp, vLLM) usually wants no key at all: until the
    // credential store exists, an openai-compatible account without one is sent none.
    case AuthMode::CredentialStore:
      return account.type == ProviderType::OpenAICompatible ? "" : "no_credentials";
    case AuthMode::Passthrough: return "unsupported:passthrough";
    case AuthMode::OAuth: return "no_credentials";
  }
  return "no_credentials";
}

Result<Selected> select_deployment(const Config& config, const Resolution& resolution) {
  std::string reasons;
  for (const auto& d : resolution.deployments) {
    const AccountConfig* account = config.find_account(d.account);
    std::string why = account ? unready_reason(*account) : "unknown_account";
    if (why.empty()) return Selected{&d, account};
    reasons += fmt::format("{}{}={}", reasons.empty() ? "" : ", ", d.id(), why);
  }
  return make_error(ErrorKind::NoDeployment,
                    fmt::format("No deployment of `{}` can serve this request: {}.",
                                resolution.name, reasons),
                    "model", "no_deployment_available");
}

// Nothing of the answer was sent, so the client gets a plain HTTP error: the upstream's own
// error object when it sent one inside the stream, else the gateway's.
net::awaitable<void> send_failed_stream(ResponseWriter& out, const RelayResult& relayed,
                                        const http::fields& gateway_headers) {
  if (!relayed.upstream_error) {
    co_await send_openai_error(out, *relayed.error, &gateway_headers);
    co_return;
  }
  http::response<http::string_body> res{http::status::bad_gateway, out.version()};
  copy_fields(gateway_headers, res.base());
  res.set(http::field::content_type, "application/json");
  res.body() = *relayed.upstream_error;
  co_await out.send(std::move(res));
}

}  // namespace

net::awaitable<void> proxy_chat_completions(const Config& config, Worker& worker,
                                            HttpRequest& request, ResponseWriter& out) {
  // 1. scan
  auto facts = scan_chat_request(request.body());
  if (!facts) co_return (void)co_await send_openai_error(out, facts.error());

  // 2. resolve
  auto resolution = resolve_model(config, facts->model);
  if (!resolution) co_return (void)co_await send_openai_error(out, resolution.error());
  http::fields head;  // the gateway's own headers, on every response from here on
  head.set("x-switchboard-group", resolution->name);
  if (resolution->via == Resolution::Via::DefaultGroup) {
    head.set("x-switchboard-resolved-by", to_string(resolution->via));
  }

  // 3. select
  auto selected = select_deployment(config, *resolution);
  if (!selected) co_return (void)co_await send_openai_error(out, selected.error(), &head);
  const Deployment& deployment = *selected->deployment;
  const AccountConfig& account = *selected->account;
  head.set("x-switchboard-deployment", deployment.id());

  // 4. build
  auto url = parse_base_url(account.base_url);
  if (!url) co_return (void)co_await send_openai_error(out, url.error(), &head);
  auto upstream_request =
      build_openai_chat_request(account, *url, rewrite_model(request.body(), *facts, deployment.model),
                                facts->stream);

  // 5. exchange
  const Policy& policy = *resolution->policy;
  UpstreamTimeouts timeouts{policy.timeouts.connect, policy.timeouts.first_byte,
                            policy.timeouts.idle,
                            std::chrono::steady_clock::now() + policy.timeouts.total};
  auto exchange = co_await UpstreamExchange::start(worker.pool, url->origin, upstream_request,
                                                   timeouts);
  if (!exchange) {
    spdlog::warn("{}: {}", deployment.id(), exchange.error().message);
    co_return (void)co_await send_openai_error(out, exchange.error(), &head);
  }

  // 6. relay
  spdlog::debug("{} -> {}/{} {}", resolution->name, deployment.account, deployment.model,
                (*exchange)->status());
  auto relayed = co_await relay_response(**exchange, head, out);
  if (relayed.status == RelayResult::Status::FailedBeforeCommit) {
    spdlog::warn("{}: stream failed before its first content: {}", deployment.id(),
                 relayed.error ? relayed.error->message : "upstream error event");
    co_await send_failed_stream(out, relayed, head);
  }
}

}  // namespace sb
