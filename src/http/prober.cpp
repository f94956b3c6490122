#include "http/prober.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "providers/upstream_endpoint.h"

namespace sb {

namespace {

constexpr std::size_t kMaxListing = 4 * 1024 * 1024;  // model listings are large; read, dropped

}  // namespace

Prober::Prober(ConfigPtr config, GatewayEvents& events, OutboundWorker& outbound)
    : config_(std::move(config)), events_(events), outbound_(outbound) {
  const ProbesConfig& probes = config_->probes;
  if (probes.webhook) webhook_ = std::make_unique<WebhookSender>(*probes.webhook, outbound);
  for (const auto& account : config_->accounts) {
    // By default a passthrough account is left out: it has no credentials of its own to probe
    // with, and would read as erring forever.
    const bool listed =
        probes.accounts.empty()
            ? account.auth != AuthMode::Passthrough
            : std::find(probes.accounts.begin(), probes.accounts.end(), account.name) !=
                  probes.accounts.end();
    if (listed) accounts_.push_back(&account);
  }
  for (const AccountConfig* account : accounts_) {
    results_.push_back(ProbeResult{account->name, ProbeState::Unknown, 0, {}, 0});
    timers_.push_back(std::make_unique<net::steady_timer>(outbound.io()));
  }
  for (std::size_t i = 0; i < accounts_.size(); ++i) outbound.spawn(loop(i));
}

void Prober::stop() {
  if (stopping_.exchange(true)) return;
  net::post(outbound_.io(), [this] {
    for (auto& timer : timers_) timer->cancel();
  });
}

std::vector<ProbeResult> Prober::results() const {
  std::lock_guard lock(mutex_);
  return results_;
}

net::awaitable<void> Prober::loop(std::size_t index) {
  const AccountConfig& account = *accounts_[index];
  while (!stopping_) {
    ProbeResult result = co_await probe(account);
    if (stopping_) break;
    record(index, std::move(result));
    net::steady_timer& timer = *timers_[index];
    timer.expires_after(config_->probes.interval);
    co_await timer.async_wait(use_tuple);
  }
}

net::awaitable<ProbeResult> Prober::probe(const AccountConfig& account) {
  ProbeResult result{account.name, ProbeState::Down, 0, {}, 0};
  const ProbesConfig& probes = config_->probes;
  const auto started = std::chrono::steady_clock::now();
  auto url = parse_base_url(account.base_url);
  if (!url) {
    result.detail = url.error().message;
    result.at_ms = unix_ms(std::chrono::system_clock::now());
    co_return result;
  }
  const UpstreamTimeouts timeouts{probes.timeout, probes.timeout, probes.timeout,
                                  started + probes.timeout};
  http::request<http::string_body> request = probe_http_request(account, *url);
  auto exchange =
      co_await UpstreamExchange::start(outbound_.pool(), url->origin, request, timeouts);
  std::optional<unsigned> status;
  if (!exchange) {
    result.detail = exchange.error().message;
  } else {
    status = (*exchange)->status();
    auto body = co_await (*exchange)->read_all(kMaxListing);
    if (body) (*exchange)->finish();
    if (*status < 200 || *status >= 300) result.detail = fmt::format("HTTP {}", *status);
  }
  const auto ended = std::chrono::steady_clock::now();
  result.latency_ms = std::chrono::duration<double, std::milli>(ended - started).count();
  result.state =
      classify_probe(status, std::chrono::duration_cast<Duration>(ended - started), probes.slow);
  if (result.state == ProbeState::Slow) {
    result.detail = fmt::format("answered in {:.0f} ms", result.latency_ms);
  }
  result.at_ms = unix_ms(std::chrono::system_clock::now());
  co_return result;
}

void Prober::record(std::size_t index, ProbeResult result) {
  ProbeState previous;
  {
    std::lock_guard lock(mutex_);
    previous = results_[index].state;
    results_[index] = result;
  }
  // A first probe that finds the account up is the expected start, not news.
  if (result.state == previous ||
      (previous == ProbeState::Unknown && result.state == ProbeState::Up)) {
    return;
  }
  std::string json =
      events_.probe_changed(result.account, to_string(previous), to_string(result.state),
                            result.latency_ms, result.detail);
  if (webhook_) webhook_->post(std::move(json));
}

}  // namespace sb
