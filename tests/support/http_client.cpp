// The test HTTP client (see http_client.h). Each exchange is one coroutine run to completion on
// the Connection's private io_context; the tcp_stream's timer, set once, bounds the whole
// exchange. The body is read with async_read_some so that arrival times are taken as bytes land
// and so that an on_piece callback can hang up between reads.
#include "support/http_client.h"

#include <boost/json.hpp>

#include "core/net.h"

namespace sb::test {

struct detail::ConnectionState {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port = 0;
  bool open = false;
  unsigned connects = 0;
};

namespace {

net::awaitable<void> connect(detail::ConnectionState& c, Response& r) {
  tcp::resolver resolver(c.ioc);
  auto [ec, endpoints] = co_await resolver.async_resolve(c.host, std::to_string(c.port), use_tuple);
  if (ec) {
    r.error = ec;
    co_return;
  }
  auto [cec, ep] = co_await c.stream.async_connect(endpoints, use_tuple);
  if (cec) {
    r.error = cec;
    co_return;
  }
  beast::error_code ignored;
  c.stream.socket().set_option(tcp::no_delay(true), ignored);
  c.buffer.clear();
  c.open = true;
  ++c.connects;
}

net::awaitable<void> exchange(detail::ConnectionState& c, http::request<http::string_body>& req,
                              const RequestOptions& options, Response& r) {
  c.stream.expires_after(options.timeout);
  if (!c.open) co_await connect(c, r);
  if (!c.open) co_return;

  r.sent_at = Clock::now();
  if (auto [ec, n] = co_await http::async_write(c.stream, req, use_tuple); ec) {
    r.error = ec;
    co_return;
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  if (req.method() == http::verb::head) parser.skip(true);
  bool hang_up = false;
  std::string partial_chunk;
  auto on_chunk = [&](std::uint64_t remain, beast::string_view data,
                      beast::error_code&) -> std::size_t {
    r.body.append(data.data(), data.size());
    partial_chunk.append(data.data(), data.size());
    if (remain == data.size()) {
      r.pieces.push_back(Piece{std::move(partial_chunk), Clock::now()});
      partial_chunk.clear();
      if (options.on_piece && !options.on_piece(r.pieces.back())) hang_up = true;
    }
    return data.size();
  };
  parser.on_chunk_body(on_chunk);

  if (auto [ec, n] = co_await http::async_read_header(c.stream, c.buffer, parser, use_tuple); ec) {
    r.error = ec;
    co_return;
  }
  r.headers_at = Clock::now();
  r.status = parser.get().result_int();
  for (const auto& field : parser.get())
    r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));

  std::size_t seen = 0;  // bytes of an unchunked body already recorded as pieces
  while (!parser.is_done() && !hang_up) {
    auto [ec, n] = co_await http::async_read_some(c.stream, c.buffer, parser, use_tuple);
    if (!parser.chunked()) {
      const std::string& body = parser.get().body();
      if (body.size() > seen) {
        r.pieces.push_back(Piece{body.substr(seen), Clock::now()});
        seen = body.size();
        if (options.on_piece && !options.on_piece(r.pieces.back())) hang_up = true;
      }
    }
    if (ec) {
      r.error = ec;
      break;
    }
  }
  if (!parser.chunked()) r.body = parser.get().body();
  if (hang_up && !parser.is_done()) r.error = net::error::operation_aborted;
  r.complete = parser.is_done();
  r.keep_alive = r.complete && parser.keep_alive();
}

std::string_view trim_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string Response::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (beast::iequals(n, name)) return v;
  return {};
}

bool Response::has_header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (beast::iequals(n, name)) return true;
  return false;
}

std::vector<std::string> Response::sse_data() const { return test::sse_data(body); }

boost::json::value Response::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

std::vector<std::string> sse_data(std::string_view text) {
  std::vector<std::string> out;
  std::string data;
  bool has_data = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = trim_cr(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty()) {
      if (has_data) out.push_back(std::move(data));
      data.clear();
      has_data = false;
      continue;
    }
    if (line.substr(0, 5) != "data:") continue;
    std::string_view value = line.substr(5);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (has_data) data += '\n';
    data.append(value);
    has_data = true;
  }
  if (has_data) out.push_back(std::move(data));  // an event the stream did not terminate
  return out;
}

Connection::Connection(std::uint16_t port, std::string host)
    : impl_(std::make_unique<detail::ConnectionState>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

Connection::~Connection() { close(); }

Response Connection::request(std::string_view method, std::string_view target,
                             std::string_view body, const Headers& headers,
                             const RequestOptions& options) {
  http::request<http::string_body> req;
  const auto verb = http::string_to_verb(method);
  if (verb == http::verb::unknown)
    req.method_string(method);
  else
    req.method(verb);
  req.target(target);
  req.version(11);
  req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  req.set(http::field::user_agent, "switchboard-test");
  bool has_content_type = false;
  bool has_framing = false;
  for (const auto& [name, value] : headers) {
    req.insert(name, value);
    has_content_type = has_content_type || beast::iequals(name, "content-type");
    has_framing = has_framing || beast::iequals(name, "content-length") ||
                  beast::iequals(name, "transfer-encoding");
  }
  if (!body.empty() && !has_content_type) req.set(http::field::content_type, "application/json");
  req.body() = std::string(body);
  if (!has_framing && (!body.empty() || verb == http::verb::post || verb == http::verb::put))
    req.prepare_payload();

  Response r;
  std::exception_ptr failure;
  net::co_spawn(impl_->ioc, exchange(*impl_, req, options, r),
                [&](std::exception_ptr e) { failure = e; });
  impl_->ioc.restart();
  impl_->ioc.run();
  if (failure) std::rethrow_exception(failure);  // a bug in the helper, not a network failure
  r.done_at = Clock::now();
  if (!r.keep_alive) close();
  impl_->stream.expires_never();
  return r;
}

bool Connection::is_open() const { return impl_->open; }

unsigned Connection::connects() const { return impl_->connects; }

void Connection::close() {
  if (!impl_->open) return;
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->stream.close();
  impl_->open = false;
}

Response request(std::uint16_t port, std::string_view method, std::string_view target,
                 std::string_view body, const Headers& headers, const RequestOptions& options,
                 const std::string& host) {
  Connection c(port, host);
  return c.request(method, target, body, headers, options);
}

}  // namespace sb::test
