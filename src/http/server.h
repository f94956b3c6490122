// The HTTP/1.1 front end: one acceptor, a fixed set of worker threads each running its own
// io_context (so everything a connection touches, its upstream pool included, lives on one
// thread and needs no lock: the single-threaded context is the connection's strand), and one
// coroutine per connection that reads a request, hands it to the handler, and loops while the
// connection is kept alive.
//
// Limits: request headers above max_header and bodies above max_body get 413 and the connection
// is closed; a client that is slower than client_timeout to send a request or to read a response
// is dropped; an idle keep-alive connection is closed after keepalive_timeout.
//
// Shutdown (drain): stop accepting, close idle connections at once, let requests in flight
// finish up to the bound, then stop every worker.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/upstream_client.h"

namespace sb {

using HttpRequest = http::request<http::string_body>;

// Everything owned by one I/O thread.
struct Worker {
  struct Session {
    beast::tcp_stream* stream;
    bool idle;
  };

  Worker(unsigned index, ssl::context& tls);
  // Destroys the pool, then the io_context (whose pending coroutines still reference
  // `sessions`, so that list goes last).
  ~Worker();

  unsigned index;
  std::list<Session> sessions;
  std::unique_ptr<net::io_context> io_owner;
  net::io_context& io;
  std::unique_ptr<UpstreamPool> pool_owner;
  UpstreamPool& pool;
};

class Server {
 public:
  using Handler = std::function<net::awaitable<void>(Worker&, HttpRequest&, ResponseWriter&)>;

  Server(ServerConfig options, Handler handler, ssl::context& tls);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `options.listen` (or the override) and starts the workers. Throws std::system_error
  // when the address cannot be bound.
  void start(const std::string& listen_override = {});
  tcp::endpoint local_endpoint() const { return endpoint_; }
  // Drains (see above) and joins the worker threads. Idempotent.
  void shutdown(Duration drain_bound = std::chrono::seconds(10));
  std::size_t open_connections() const { return open_connections_.load(); }

 private:
  net::awaitable<void> accept_loop();
  net::awaitable<void> session(Worker& worker, tcp::socket socket);
  Worker& next_worker();

  // Declared before the workers: coroutines destroyed with a worker's io_context still touch them.
  std::atomic<bool> draining_{false};
  std::atomic<std::size_t> open_connections_{0};
  std::atomic<std::size_t> busy_sessions_{0};
  ServerConfig options_;
  Handler handler_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  tcp::endpoint endpoint_;
  unsigned next_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

// "127.0.0.1:8787", "[::1]:8787", "localhost:0" -> host and port. Throws std::invalid_argument.
std::pair<std::string, std::uint16_t> split_host_port(const std::string& listen);

}  // namespace sb
