// A thread of its own for the gateway's outbound calls that are not client requests (alert
// webhooks, active probes): its own io_context, TLS context and connection pool, so a slow
// receiver or a dead provider never holds an I/O thread.
#pragma once

#include <memory>
#include <thread>

#include "core/net.h"
#include "http/upstream_client.h"

namespace sb {

class OutboundWorker {
 public:
  OutboundWorker();
  ~OutboundWorker();  // finish()
  OutboundWorker(const OutboundWorker&) = delete;
  OutboundWorker& operator=(const OutboundWorker&) = delete;

  // From any thread.
  void spawn(net::awaitable<void> work);
  // Lets the work under way end (each call has its own timeout), then joins. Idempotent.
  void finish();

  net::io_context& io() { return io_; }
  UpstreamPool& pool() { return *pool_; }

 private:
  net::io_context io_;
  std::unique_ptr<ssl::context> tls_;
  std::unique_ptr<UpstreamPool> pool_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace sb
