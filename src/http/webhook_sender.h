// Alert webhooks (`budgets.webhook`, `probes.webhook`): each alert POSTed as JSON to the
// configured URL from the outbound thread (http/outbound_worker.h), so neither a slow receiver nor
// its TLS handshake ever holds an I/O thread or the state writer. Fire and forget: a delivery that
// fails is logged (status or error, and only the URL's host) and not retried; the event on
// /admin/events and the log line carry the same alert.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "http/outbound_worker.h"
#include "http/upstream_url.h"

namespace sb {

// Where a webhook goes: the origin, and the request target with its query kept (receivers often
// take a token there, `...?token=...`).
struct WebhookTarget {
  UpstreamUrl origin;  // base_path empty
  std::string target;  // "/hooks/x?token=abc"; "/" for a bare host
};
std::optional<WebhookTarget> parse_webhook_url(std::string_view url);

class WebhookSender {
 public:
  // `url` must parse (the config loader checked it); nothing is sent when it does not.
  WebhookSender(const std::string& url, OutboundWorker& worker);

  // From any thread.
  void post(std::string json);

  std::uint64_t delivered() const { return delivered_.load(); }  // answered 2xx
  std::uint64_t failed() const { return failed_.load(); }

 private:
  net::awaitable<void> deliver(std::string json);

  std::optional<WebhookTarget> url_;
  OutboundWorker& worker_;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace sb
