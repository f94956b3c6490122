#include "http/webhook_sender.h"

#include <spdlog/spdlog.h>

#include "providers/upstream_request.h"

namespace sb {

namespace {

constexpr auto kDeliveryTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxAnswer = 64 * 1024;

}  // namespace

WebhookSender::WebhookSender(const std::string& url, OutboundWorker& worker) : worker_(worker) {
  if (auto parsed = parse_base_url(url)) url_ = std::move(*parsed);
}

void WebhookSender::post(std::string json) {
  if (!url_) return;
  worker_.spawn(deliver(std::move(json)));
}

net::awaitable<void> WebhookSender::deliver(std::string json) {
  const auto deadline = std::chrono::steady_clock::now() + kDeliveryTimeout;
  const UpstreamTimeouts timeouts{kDeliveryTimeout, kDeliveryTimeout, kDeliveryTimeout, deadline};
  http::request<http::string_body> request = json_post(*url_, "", std::move(json), false);
  auto exchange = co_await UpstreamExchange::start(worker_.pool(), url_->origin, request, timeouts);
  if (!exchange) {
    ++failed_;
    spdlog::warn("alert webhook to {}: {}", url_->origin.host, exchange.error().message);
    co_return;
  }
  const unsigned status = (*exchange)->status();
  auto answer = co_await (*exchange)->read_all(kMaxAnswer);
  if (answer) (*exchange)->finish();
  if (status >= 200 && status < 300) {
    ++delivered_;
  } else {
    ++failed_;
    spdlog::warn("alert webhook to {}: HTTP {}", url_->origin.host, status);
  }
}

}  // namespace sb
