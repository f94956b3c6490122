// The client side of the proxy: a keep-alive connection pool per upstream origin (plain TCP or
// TLS verified against the system store, with SNI), and one request/response exchange whose body
// is read piece by piece as it arrives, so streams are relayed and never buffered whole.
//
// Threading: a pool belongs to one I/O thread (one io_context) and is never shared, so it needs
// no lock. Timeouts: connect (resolve + TCP + TLS), first byte (request sent -> response header),
// idle (between body pieces), each cut short by the request's overall deadline.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "core/error.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

struct UpstreamTimeouts {
  Duration connect;
  Duration first_byte;
  Duration idle;
  std::chrono::steady_clock::time_point deadline;  // the request's `timeouts.total`
};

class UpstreamConnection;
using UpstreamConnectionPtr = std::unique_ptr<UpstreamConnection>;

struct UpstreamPoolStats {
  std::uint64_t connects = 0;  // new connections opened
  std::uint64_t reuses = 0;    // requests sent on a pooled connection
};

class UpstreamPool {
 public:
  UpstreamPool(net::any_io_executor executor, ssl::context& tls);
  ~UpstreamPool();
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // A pooled connection to `origin` when one is idle and alive, else a new one.
  net::awaitable<Result<UpstreamConnectionPtr>> acquire(const Origin& origin,
                                                        const UpstreamTimeouts& timeouts,
                                                        bool fresh_only);
  // Keeps the connection for reuse (it must have finished a complete exchange).
  void release(UpstreamConnectionPtr connection);

  const UpstreamPoolStats& stats() const { return stats_; }
  std::size_t idle_count() const;
  void close_idle();

  net::any_io_executor executor() const { return executor_; }

 private:
  net::awaitable<Result<UpstreamConnectionPtr>> open(const Origin& origin,
                                                     const UpstreamTimeouts& timeouts);

  net::any_io_executor executor_;
  ssl::context& tls_;
  std::unordered_map<std::string, std::vector<UpstreamConnectionPtr>> idle_;
  UpstreamPoolStats stats_;
};

// One HTTP exchange with an upstream. start() sends the request and waits for the response
// header; read_some() then yields body bytes as they arrive until done().
class UpstreamExchange {
 public:
  using Request = http::request<http::string_body>;

  static net::awaitable<Result<std::unique_ptr<UpstreamExchange>>> start(
      UpstreamPool& pool, const Origin& origin, Request& request,
      const UpstreamTimeouts& timeouts);
  ~UpstreamExchange();

  unsigned status() const;
  const http::fields& headers() const;
  bool done() const;
  // The next piece of the (de-chunked) body; may be empty while framing is parsed. Check done().
  // The view is valid until the next call.
  net::awaitable<Result<std::string_view>> read_some();
  // Reads the rest of the body into a string, refusing more than `limit` bytes.
  net::awaitable<Result<std::string>> read_all(std::size_t limit);
  // Hands the connection back to the pool when the exchange completed cleanly and the upstream
  // allows keep-alive; otherwise it is closed.
  void finish();

 private:
  using Parser = http::response_parser<http::buffer_body>;
  UpstreamExchange(UpstreamPool& pool, const Origin& origin, UpstreamConnectionPtr connection,
                   std::unique_ptr<Parser> parser, const UpstreamTimeouts& timeouts);

  UpstreamPool& pool_;
  Origin origin_;
  UpstreamConnectionPtr connection_;
  std::unique_ptr<Parser> parser_;
  UpstreamTimeouts timeouts_;
};

// A TLS client context that verifies peers against the system's certificate store.
std::unique_ptr<ssl::context> make_client_tls_context();

}  // namespace sb
