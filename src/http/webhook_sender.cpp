#include "http/webhook_sender.h"

#include <spdlog/spdlog.h>

#include "http/upstream_client.h"
#include "providers/upstream_request.h"

namespace sb {

namespace {

constexpr auto kDeliveryTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxAnswer = 64 * 1024;

}  // namespace

WebhookSender::WebhookSender(const std::string& url)
    : tls_(make_client_tls_context()), work_(net::make_work_guard(io_)) {
  if (auto parsed = parse_base_url(url)) url_ = std::move(*parsed);
  pool_ = std::make_unique<UpstreamPool>(io_.get_executor(), *tls_);
  thread_ = std::thread([this] { io_.run(); });
}

WebhookSender::~WebhookSender() {
  work_.reset();
  // Deliveries under way end within their own timeout; then run() returns.
  thread_.join();
  pool_.reset();
}

void WebhookSender::post(std::string json) {
  if (!url_) return;
  net::co_spawn(io_, deliver(std::move(json)), net::detached);
}

net::awaitable<void> WebhookSender::deliver(std::string json) {
  const auto deadline = std::chrono::steady_clock::now() + kDeliveryTimeout;
  const UpstreamTimeouts timeouts{kDeliveryTimeout, kDeliveryTimeout, kDeliveryTimeout, deadline};
  http::request<http::string_body> request = json_post(*url_, "", std::move(json), false);
  auto exchange = co_await UpstreamExchange::start(*pool_, url_->origin, request, timeouts);
  if (!exchange) {
    ++failed_;
    spdlog::warn("budget webhook to {}: {}", url_->origin.host, exchange.error().message);
    co_return;
  }
  const unsigned status = (*exchange)->status();
  auto answer = co_await (*exchange)->read_all(kMaxAnswer);
  if (answer) (*exchange)->finish();
  if (status >= 200 && status < 300) {
    ++delivered_;
  } else {
    ++failed_;
    spdlog::warn("budget webhook to {}: HTTP {}", url_->origin.host, status);
  }
}

}  // namespace sb
