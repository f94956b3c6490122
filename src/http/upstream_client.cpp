#include "http/upstream_client.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <fmt/format.h>
#include <openssl/ssl.h>

#include <variant>

namespace sb {

using namespace std::chrono;
using namespace net::experimental::awaitable_operators;

namespace {

constexpr std::size_t kReadBuffer = 16 * 1024;
constexpr std::size_t kMaxIdlePerOrigin = 64;
// Upstreams close idle keep-alive connections on their own schedule; past this we do not trust
// a pooled one any more.
constexpr auto kMaxIdleAge = seconds(30);

steady_clock::time_point bounded(Duration op, steady_clock::time_point deadline) {
  return std::min(steady_clock::now() + op, deadline);
}

bool deadline_passed(const UpstreamTimeouts& t) { return steady_clock::now() >= t.deadline; }

GatewayError upstream_error(ErrorKind kind, TransportFailure transport, std::string message) {
  std::string code(to_string(kind));
  GatewayError e = make_error(kind, std::move(message), "", std::move(code));
  e.transport = transport;
  return e;
}

GatewayError timeout_error(const Origin& origin, std::string_view phase, Duration limit,
                           const UpstreamTimeouts& t, TransportFailure transport) {
  if (deadline_passed(t)) {
    return upstream_error(ErrorKind::UpstreamTimeout, transport,
                          fmt::format("{} did not answer within the request's total time limit",
                                      origin.key()));
  }
  return upstream_error(ErrorKind::UpstreamTimeout, transport,
                        fmt::format("{} timed out {} (limit {})", origin.key(), phase,
                                    format_duration(limit)));
}

// A broken read: the upstream's bytes were not HTTP (a parse error), or the connection broke.
// (Beast reports a connection closed early, mid-header or mid-body, in its parse category too.)
TransportFailure read_failure(const boost::system::error_code& ec, TransportFailure broken) {
  const bool closed = ec == http::error::end_of_stream || ec == http::error::partial_message;
  const bool parse = ec.category() == http::make_error_code(http::error::bad_version).category();
  return parse && !closed ? TransportFailure::Protocol : broken;
}

// A connection that broke before the upstream sent any byte of a response, on a connection that
// had been idle in the pool: the upstream closed it meanwhile, so the request never arrived.
bool is_stale_connection_error(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::connection_aborted;
}

}  // namespace

class UpstreamConnection {
 public:
  using Plain = beast::tcp_stream;
  using Tls = beast::ssl_stream<beast::tcp_stream>;

  UpstreamConnection(net::any_io_executor ex, std::string origin_key)
      : stream(std::in_place_type<Plain>, ex), origin_key(std::move(origin_key)) {
    buffer.reserve(kReadBuffer);  // a typical answer's header and body in one read, not 512 B
  }
  UpstreamConnection(net::any_io_executor ex, ssl::context& ctx, std::string origin_key)
      : stream(std::in_place_type<Tls>, ex, ctx), origin_key(std::move(origin_key)) {
    buffer.reserve(kReadBuffer);
  }

  beast::tcp_stream& tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                      stream);
  }

  // Whether an idle connection still looks open: a readable idle socket means the peer closed
  // it (or sent garbage); either way it cannot carry a new request.
  bool looks_alive() {
    auto& sock = tcp().socket();
    if (!sock.is_open()) return false;
    boost::system::error_code ec;
    return sock.available(ec) == 0 && !ec;
  }

  std::variant<Plain, Tls> stream;
  beast::flat_buffer buffer;
  // Where body pieces land for the caller; one per connection, reused by every exchange on it.
  std::unique_ptr<char[]> body_piece{new char[kReadBuffer]};
  std::string origin_key;
  bool reused = false;
  steady_clock::time_point idle_since{};
};

UpstreamPool::UpstreamPool(net::any_io_executor executor, ssl::context& tls)
    : executor_(std::move(executor)), tls_(tls) {}

UpstreamPool::~UpstreamPool() = default;

std::size_t UpstreamPool::idle_count() const {
  std::size_t n = 0;
  for (const auto& [_, list] : idle_) n += list.size();
  return n;
}

void UpstreamPool::close_idle() { idle_.clear(); }

net::awaitable<Result<UpstreamConnectionPtr>> UpstreamPool::acquire(
    const Origin& origin, const UpstreamTimeouts& timeouts, bool fresh_only) {
  if (!fresh_only) {
    auto it = idle_.find(origin.key());
    if (it != idle_.end()) {
      auto& list = it->second;
      while (!list.empty()) {
        UpstreamConnectionPtr c = std::move(list.back());
        list.pop_back();
        if (steady_clock::now() - c->idle_since < kMaxIdleAge && c->looks_alive()) {
          c->reused = true;
          ++stats_.reuses;
          co_return c;
        }
      }
    }
  }
  co_return co_await open(origin, timeouts);
}

void UpstreamPool::release(UpstreamConnectionPtr connection) {
  auto& list = idle_[connection->origin_key];
  if (list.size() >= kMaxIdlePerOrigin) return;
  connection->idle_since = steady_clock::now();
  connection->buffer.clear();
  list.push_back(std::move(connection));
}

net::awaitable<Result<UpstreamConnectionPtr>> UpstreamPool::open(
    const Origin& origin, const UpstreamTimeouts& timeouts) {
  auto connect_deadline = bounded(timeouts.connect, timeouts.deadline);
  tcp::resolver resolver(executor_);
  net::steady_timer timer(executor_, connect_deadline);
  auto resolved = co_await (resolver.async_resolve(origin.host, origin.port, use_tuple) ||
                            timer.async_wait(use_tuple));
  if (resolved.index() == 1) {
    co_return timeout_error(origin, "resolving its address", timeouts.connect, timeouts,
                            TransportFailure::ConnectTimeout);
  }
  auto [rec, endpoints] = std::get<0>(std::move(resolved));
  if (rec) {
    co_return upstream_error(ErrorKind::UpstreamUnreachable, TransportFailure::ConnectFailed,
                             fmt::format("cannot resolve {}: {}", origin.host, rec.message()));
  }

  auto c = origin.tls ? std::make_unique<UpstreamConnection>(executor_, tls_, origin.key())
                      : std::make_unique<UpstreamConnection>(executor_, origin.key());
  auto& tcp_stream = c->tcp();
  tcp_stream.expires_at(connect_deadline);
  auto [cec, _] = co_await tcp_stream.async_connect(endpoints, use_tuple);
  if (cec == beast::error::timeout) {
    co_return timeout_error(origin, "connecting", timeouts.connect, timeouts,
                            TransportFailure::ConnectTimeout);
  }
  if (cec) {
    co_return upstream_error(ErrorKind::UpstreamUnreachable, TransportFailure::ConnectFailed,
                             fmt::format("cannot connect to {}: {}", origin.key(), cec.message()));
  }
  tcp_stream.socket().set_option(tcp::no_delay(true));

  if (auto* tls = std::get_if<UpstreamConnection::Tls>(&c->stream)) {
    // SNI carries names only (RFC 6066): an address literal is verified but not sent.
    boost::system::error_code not_ip;
    net::ip::make_address(origin.host, not_ip);
    if (not_ip && !SSL_set_tlsext_host_name(tls->native_handle(), origin.host.c_str())) {
      co_return upstream_error(ErrorKind::UpstreamUnreachable, TransportFailure::TlsFailed,
                               "cannot set TLS server name");
    }
    tls->set_verify_mode(ssl::verify_peer);
    tls->set_verify_callback(ssl::host_name_verification(origin.host));
    auto [hec] = co_await tls->async_handshake(ssl::stream_base::client, use_tuple);
    if (hec == beast::error::timeout) {
      co_return timeout_error(origin, "in the TLS handshake", timeouts.connect, timeouts,
                              TransportFailure::ConnectTimeout);
    }
    if (hec) {
      co_return upstream_error(ErrorKind::UpstreamUnreachable, TransportFailure::TlsFailed,
                               fmt::format("TLS handshake with {} failed: {}", origin.key(),
                                           hec.message()));
    }
  }
  ++stats_.connects;
  co_return c;
}

UpstreamExchange::UpstreamExchange(UpstreamPool& pool, const Origin& origin,
                                   UpstreamConnectionPtr connection,
                                   std::unique_ptr<Parser> parser,
                                   const UpstreamTimeouts& timeouts)
    : pool_(pool),
      origin_(origin),
      connection_(std::move(connection)),
      parser_(std::move(parser)),
      timeouts_(timeouts) {}

UpstreamExchange::~UpstreamExchange() = default;

net::awaitable<Result<std::unique_ptr<UpstreamExchange>>> UpstreamExchange::start(
    UpstreamPool& pool, const Origin& origin, Request& request,
    const UpstreamTimeouts& timeouts) {
  request.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    auto acquired = co_await pool.acquire(origin, timeouts, attempt > 0);
    if (!acquired) co_return acquired.error();
    UpstreamConnectionPtr c = std::move(*acquired);
    const bool may_retry = c->reused && attempt == 0;

    c->tcp().expires_at(bounded(timeouts.idle, timeouts.deadline));
    auto [wec, _w] = co_await std::visit(
        [&](auto& s) { return http::async_write(s, request, use_tuple); }, c->stream);
    if (wec && may_retry && is_stale_connection_error(wec)) continue;
    if (wec == beast::error::timeout) {
      // It stopped reading what we send: as stalled as one that never answers.
      co_return timeout_error(origin, "receiving the request", timeouts.idle, timeouts,
                              TransportFailure::FirstByteTimeout);
    }
    if (wec) {
      co_return upstream_error(ErrorKind::UpstreamUnreachable, TransportFailure::ConnectionReset,
                               fmt::format("sending to {} failed: {}", origin.key(),
                                           wec.message()));
    }

    auto parser = std::make_unique<Parser>();
    parser->body_limit(boost::none);  // bounded by the caller as it reads
    c->tcp().expires_at(bounded(timeouts.first_byte, timeouts.deadline));
    auto [rec, _r] = co_await std::visit(
        [&](auto& s) { return http::async_read_header(s, c->buffer, *parser, use_tuple); },
        c->stream);
    if (rec && may_retry && is_stale_connection_error(rec)) continue;
    if (rec == beast::error::timeout) {
      co_return timeout_error(origin, "before the first byte of the response",
                              timeouts.first_byte, timeouts, TransportFailure::FirstByteTimeout);
    }
    if (rec) {
      co_return upstream_error(
          ErrorKind::UpstreamProtocol, read_failure(rec, TransportFailure::ConnectionReset),
          fmt::format("{} closed or broke the connection before answering: {}", origin.key(),
                      rec.message()));
    }
    co_return std::unique_ptr<UpstreamExchange>(
        new UpstreamExchange(pool, origin, std::move(c), std::move(parser), timeouts));
  }
}

unsigned UpstreamExchange::status() const { return parser_->get().result_int(); }

const http::fields& UpstreamExchange::headers() const { return parser_->get().base(); }

bool UpstreamExchange::done() const { return parser_->is_done(); }

net::awaitable<Result<std::string_view>> UpstreamExchange::read_some() {
  if (parser_->is_done()) co_return std::string_view{};
  auto& body = parser_->get().body();
  body.data = connection_->body_piece.get();
  body.size = kReadBuffer;
  connection_->tcp().expires_at(bounded(timeouts_.idle, timeouts_.deadline));
  auto [ec, _] = co_await std::visit(
      [&](auto& s) { return http::async_read_some(s, connection_->buffer, *parser_, use_tuple); },
      connection_->stream);
  if (ec == http::error::need_buffer) ec = {};
  if (ec == beast::error::timeout) {
    co_return timeout_error(origin_, "between two pieces of the response", timeouts_.idle,
                            timeouts_, TransportFailure::IdleTimeout);
  }
  if (ec) {
    co_return upstream_error(ErrorKind::UpstreamProtocol,
                             read_failure(ec, TransportFailure::StreamCut),
                             fmt::format("the connection to {} broke mid-response: {}",
                                         origin_.key(), ec.message()));
  }
  co_return std::string_view(connection_->body_piece.get(), kReadBuffer - body.size);
}

net::awaitable<Result<std::string>> UpstreamExchange::read_all(std::size_t limit) {
  std::string out;
  if (auto len = parser_->content_length()) out.reserve(std::min<std::size_t>(*len, limit));
  while (!done()) {
    auto piece = co_await read_some();
    if (!piece) co_return piece.error();
    if (out.size() + piece->size() > limit) {
      co_return upstream_error(ErrorKind::UpstreamProtocol, TransportFailure::Protocol,
                               fmt::format("the upstream response is larger than {} bytes",
                                           limit));
    }
    out.append(*piece);
  }
  co_return out;
}

void UpstreamExchange::finish() {
  if (connection_ && parser_->is_done() && parser_->keep_alive()) {
    pool_.release(std::move(connection_));
  }
  connection_.reset();
}

std::unique_ptr<ssl::context> make_client_tls_context() {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->set_default_verify_paths();
  ctx->set_verify_mode(ssl::verify_peer);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  return ctx;
}

}  // namespace sb
