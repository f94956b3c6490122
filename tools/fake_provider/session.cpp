// One connection of the fake provider (see session.h). The loop is read → respond → repeat; each
// respond path returns whether the connection may carry another request, so "close after this"
// (Connection: close, a deliberate drop, a failed write) is one `false` rather than an exception.
// respond() is the fake's whole routing table: the dialect endpoints (endpoints.h) and the small
// housekeeping replies. Every dialect shares the writers of exchange.h, so a dialect supplies its
// script, its headers and its error event, never its own way of sending them.
#include "fake_provider/session.h"

#include <fmt/format.h>

#include "fake_provider/endpoints.h"
#include "fake_provider/gemini_replies.h"

namespace sb::fake {
namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);

// The answer to anything but a dialect endpoint: small JSON replies computed on the spot.
Reply housekeeping_reply(Exchange& x, const Request& req, std::string_view target) {
  const auto method = req.method();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/v1/models" && method == http::verb::get) {
    if (bearer_key(req).empty()) return missing_key_reply();
    return Reply{200, models_body(), {}};
  }
  if (path == "/v1beta/models" && method == http::verb::get) {
    const std::string query_key = query_parameter(target, "key");
    if (gemini_key(req, query_key).empty()) return gemini_missing_key_reply();
    return Reply{200, gemini_models_body(), gemini_headers()};
  }
  if (path == "/_fake/stats" && method == http::verb::get)
    return Reply{200, stats_json(x.state.snapshot()), {}};
  if (path == "/_fake/reset" && method == http::verb::post) {
    x.state.reset();
    return Reply{200, R"({"ok":true})", {}};
  }
  return error_reply(
      404, fmt::format("Invalid URL ({} {})", std::string_view(req.method_string()), path),
      "invalid_request_error");
}

// Replies are always built into a named local before a co_await: GCC 12 destroys some
// temporaries in a co_await operand twice (a braced Reply{...} there crashed).
net::awaitable<bool> respond(Exchange& x, const Request& req) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool post = req.method() == http::verb::post;
  if (post) x.state.keep_body(req.body());
  if (post && path == "/v1/chat/completions") co_return co_await serve_chat(x, req);
  if (post && path == "/v1/messages") co_return co_await serve_messages(x, req);
  if (post && path == "/v1/responses") co_return co_await serve_responses(x, req);
  if (post) {
    if (const auto gemini = parse_gemini_target(target))
      co_return co_await serve_gemini(x, req, *gemini);
  }
  Reply reply = housekeeping_reply(x, req, target);
  co_return co_await send_reply(x, std::move(reply));
}

// The status to answer a request that could not be read, or nullopt to just close (the client
// went away, or timed out).
std::optional<unsigned> rejection_status(const beast::error_code& ec) {
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec.category() == http::make_error_code(http::error::bad_target).category()) return 400;
  return std::nullopt;
}

// After refusing a request whose body is still arriving: read and discard the rest (bounded in
// bytes and time) so the client finishes its write and reads the refusal, instead of meeting a
// connection reset mid-write and never seeing the status.
net::awaitable<void> drain_and_close(beast::tcp_stream& stream) {
  constexpr std::uint64_t kMaxDrain = 4 * kBodyLimit;
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::string scratch(16 * 1024, '\0');
  for (std::uint64_t total = 0; total < kMaxDrain;) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(scratch), use_tuple);
    if (ec) break;
    total += n;
  }
  stream.close();
}

}  // namespace

net::awaitable<void> serve_connection(tcp::socket socket, ProviderState& state) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    Exchange x{stream, buffer, state};
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    stream.expires_after(kReadTimeout);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    if (!ec && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
      std::tie(ec, n) = co_await http::async_write(stream, go_on, use_tuple);
    }
    if (!ec) std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_tuple);
    x.received = std::chrono::steady_clock::now();
    if (ec) {
      if (const auto status = rejection_status(ec)) {
        Reply reply = error_reply(*status, fmt::format("Bad request: {}.", ec.message()),
                                  "invalid_request_error");
        co_await send_reply(x, std::move(reply));
        co_await drain_and_close(stream);
      }
      break;
    }
    Request req = parser.release();
    x.version = req.version();
    x.keep_alive = req.keep_alive();
    stream.expires_never();
    if (!co_await respond(x, req)) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace sb::fake
