#include "http/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/error_response.h"

namespace sb {

Worker::Worker(unsigned index, ssl::context& tls)
    : index(index),
      io_owner(std::make_unique<net::io_context>(1)),
      io(*io_owner),
      pool_owner(std::make_unique<UpstreamPool>(io.get_executor(), tls)),
      pool(*pool_owner) {}

Worker::~Worker() {
  pool_owner.reset();
  io_owner.reset();
}

std::pair<std::string, std::uint16_t> split_host_port(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    throw std::invalid_argument("listen address must be HOST:PORT, got \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    throw std::invalid_argument("listen address has an invalid port: \"" + listen + "\"");
  }
  if (host.empty()) host = "0.0.0.0";
  return {host, static_cast<std::uint16_t>(port)};
}

Server::Server(ServerConfig options, Handler handler, ssl::context& tls)
    : options_(std::move(options)), handler_(std::move(handler)) {
  unsigned n = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) workers_.push_back(std::make_unique<Worker>(i, tls));
}

Server::~Server() {
  shutdown(std::chrono::seconds(0));
  acceptor_.reset();  // bound to the first worker's io_context, so it goes before the workers
}

void Server::start(const std::string& listen_override) {
  auto [host, port] = split_host_port(listen_override.empty() ? options_.listen : listen_override);
  auto& io = workers_.front()->io;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
  tcp::endpoint ep = results.begin()->endpoint();
  acceptor_ = std::make_unique<tcp::acceptor>(io);
  acceptor_->open(ep.protocol());
  acceptor_->set_option(net::socket_base::reuse_address(true));
  acceptor_->bind(ep);
  acceptor_->listen(net::socket_base::max_listen_connections);
  endpoint_ = acceptor_->local_endpoint();

  net::co_spawn(io, accept_loop(), net::detached);
  for (auto& w : workers_) {
    threads_.emplace_back([&io = w->io] {
      auto guard = net::make_work_guard(io);
      io.run();
    });
  }
  started_ = true;
}

Worker& Server::next_worker() {
  Worker& w = *workers_[next_];
  next_ = (next_ + 1) % workers_.size();
  return w;
}

net::awaitable<void> Server::accept_loop() {
  while (!draining_) {
    Worker& w = next_worker();
    auto [ec, socket] = co_await acceptor_->async_accept(w.io, use_tuple);
    if (ec) {
      if (ec == net::error::operation_aborted || draining_) break;
      // Out of file descriptors and the like: log, breathe, go on accepting.
      spdlog::warn("accept failed: {}", ec.message());
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    net::co_spawn(w.io, session(w, std::move(socket)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("connection ended by an unexpected error: {}", ex.what());
      }
    });
  }
}

namespace {

net::awaitable<void> reply_and_close(beast::tcp_stream& stream, unsigned version,
                                     const GatewayError& error, Duration timeout) {
  ResponseWriter writer(stream, timeout, version, false);
  co_await send_openai_error(writer, error);
}

GatewayError body_too_large(std::size_t limit) {
  return make_error(ErrorKind::PayloadTooLarge,
                    fmt::format("request body exceeds the limit of {} bytes", limit));
}

bool expects_continue(const http::request_parser<http::string_body>& parser) {
  auto it = parser.get().find(http::field::expect);
  return it != parser.get().end() && beast::iequals(it->value(), "100-continue");
}

}  // namespace

net::awaitable<void> Server::session(Worker& worker, tcp::socket socket) {
  ++open_connections_;
  beast::tcp_stream stream(std::move(socket));
  stream.socket().set_option(tcp::no_delay(true));
  auto slot = worker.sessions.insert(worker.sessions.end(), Worker::Session{&stream, true});
  struct Cleanup {
    Worker& w;
    std::list<Worker::Session>::iterator slot;
    std::atomic<std::size_t>& open;
    ~Cleanup() {
      w.sessions.erase(slot);
      --open;
    }
  } cleanup{worker, slot, open_connections_};

  beast::flat_buffer buffer;
  buffer.reserve(8192);  // most requests in one read rather than 512-byte pieces
  while (!draining_) {
    slot->idle = true;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header));
    parser.body_limit(options_.max_body);
    stream.expires_after(options_.keepalive_timeout);
    auto [hec, _h] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    slot->idle = false;
    if (hec == http::error::header_limit) {
      co_await reply_and_close(
          stream, 11,
          make_error(ErrorKind::PayloadTooLarge,
                     fmt::format("request headers exceed {} bytes", options_.max_header)),
          options_.client_timeout);
      break;
    }
    if (hec == http::error::body_limit) {  // the declared Content-Length is already too large
      co_await reply_and_close(stream, 11, body_too_large(options_.max_body),
                               options_.client_timeout);
      break;
    }
    if (hec) {
      // end_of_stream, timeout, cancellation on drain: the client simply went away or idled.
      // Anything else is a malformed request: say so, once.
      if (hec != http::error::end_of_stream && hec != beast::error::timeout &&
          hec != net::error::operation_aborted && hec != net::error::connection_reset &&
          hec != net::error::eof && buffer.size() > 0) {
        co_await reply_and_close(
            stream, 11,
            make_error(ErrorKind::InvalidRequest, "malformed HTTP request: " + hec.message()),
            options_.client_timeout);
      }
      break;
    }
    const unsigned version = parser.get().version();
    if (expects_continue(parser)) {
      http::response<http::empty_body> cont{http::status::continue_, version};
      stream.expires_after(options_.client_timeout);
      auto [cec, _c] = co_await http::async_write(stream, cont, use_tuple);
      if (cec) break;
    }
    stream.expires_after(options_.client_timeout);
    auto [bec, _b] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (bec == http::error::body_limit) {
      co_await reply_and_close(stream, version, body_too_large(options_.max_body),
                               options_.client_timeout);
      break;
    }
    if (bec) break;  // the client went away or stalled mid-body

    HttpRequest request = parser.release();
    ResponseWriter writer(stream, options_.client_timeout, version,
                          request.keep_alive() && !draining_);
    ++busy_sessions_;
    co_await handler_(worker, request, writer);
    --busy_sessions_;
    if (!writer.keep_alive()) break;
  }
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

void Server::shutdown(Duration drain_bound) {
  if (!started_ || stopped_) return;
  stopped_ = true;
  draining_ = true;
  net::post(workers_.front()->io, [this] {
    boost::system::error_code ec;
    acceptor_->close(ec);
  });
  auto close_idle = [this] {
    for (auto& w : workers_) {
      net::post(w->io, [&worker = *w] {
        for (auto& s : worker.sessions) {
          if (s.idle) s.stream->cancel();
        }
        worker.pool.close_idle();
      });
    }
  };
  close_idle();
  auto until = std::chrono::steady_clock::now() + drain_bound;
  while (busy_sessions_.load() > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    close_idle();  // sessions that finished their request meanwhile and went idle
  }
  for (auto& w : workers_) w->io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace sb
