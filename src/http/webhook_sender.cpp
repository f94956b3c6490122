#include "http/webhook_sender.h"

#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>

#include "providers/upstream_request.h"

namespace sb {

namespace {

constexpr auto kDeliveryTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxAnswer = 64 * 1024;

}  // namespace

std::optional<WebhookTarget> parse_webhook_url(std::string_view url) {
  auto origin = parse_base_url(url);
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!origin || !parsed) return std::nullopt;
  WebhookTarget out{std::move(*origin), std::string(parsed->encoded_path())};
  out.origin.base_path.clear();
  if (out.target.empty()) out.target = "/";
  if (parsed->has_query()) out.target += "?" + std::string(parsed->encoded_query());
  return out;
}

WebhookSender::WebhookSender(const std::string& url, OutboundWorker& worker)
    : url_(parse_webhook_url(url)), worker_(worker) {}

void WebhookSender::post(std::string json) {
  if (!url_) return;
  worker_.spawn(deliver(std::move(json)));
}

net::awaitable<void> WebhookSender::deliver(std::string json) {
  const auto deadline = std::chrono::steady_clock::now() + kDeliveryTimeout;
  const UpstreamTimeouts timeouts{kDeliveryTimeout, kDeliveryTimeout, kDeliveryTimeout, deadline};
  http::request<http::string_body> request =
      json_post(url_->origin, url_->target, std::move(json), false);
  auto exchange =
      co_await UpstreamExchange::start(worker_.pool(), url_->origin.origin, request, timeouts);
  if (!exchange) {
    ++failed_;
    spdlog::warn("alert webhook to {}: {}", url_->origin.origin.host, exchange.error().message);
    co_return;
  }
  const unsigned status = (*exchange)->status();
  auto answer = co_await (*exchange)->read_all(kMaxAnswer);
  if (answer) (*exchange)->finish();
  if (status >= 200 && status < 300) {
    ++delivered_;
  } else {
    ++failed_;
    spdlog::warn("alert webhook to {}: HTTP {}", url_->origin.origin.host, status);
  }
}

}  // namespace sb
