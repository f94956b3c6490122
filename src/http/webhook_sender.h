// Alert webhooks (budgets: `budgets.webhook`): each alert POSTed as JSON to the configured URL
// from a thread of its own, so neither a slow receiver nor its TLS handshake ever holds an I/O
// thread or the state writer. Fire and forget: a delivery that fails is logged (status or
// error, never the URL's secrets beyond its host) and not retried; the event on /admin/events and
// the log line carry the same alert.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

class UpstreamPool;

class WebhookSender {
 public:
  // `url` must parse (the config loader checked it); nothing is sent when it does not.
  explicit WebhookSender(const std::string& url);
  ~WebhookSender();  // waits at most a few seconds for deliveries under way
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // From any thread.
  void post(std::string json);

  std::uint64_t delivered() const { return delivered_.load(); }  // answered 2xx
  std::uint64_t failed() const { return failed_.load(); }

 private:
  net::awaitable<void> deliver(std::string json);

  std::optional<UpstreamUrl> url_;
  net::io_context io_;
  std::unique_ptr<ssl::context> tls_;
  std::unique_ptr<UpstreamPool> pool_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace sb
