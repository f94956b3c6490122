// The shared writers of the fake provider (see exchange.h). Loops over events index rather than
// range-for, and every value handed to a co_await is a named local: GCC 12 mishandles
// temporaries and range-for state that live across a suspension.
#include "fake_provider/exchange.h"

#include <boost/asio/experimental/awaitable_operators.hpp>

namespace sb::fake {
namespace {

using namespace net::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

constexpr auto kWriteTimeout = std::chrono::seconds(30);

template <class Body>
void set_common_headers(http::response<Body>& res, Exchange& x) {
  res.version(x.version);
  res.keep_alive(x.keep_alive);
  res.set(http::field::server, "switchboard-fake");
  if (!x.openai_headers) return;
  res.set("x-request-id", make_id("req_", x.state.next_seq(), 32));
  res.set("openai-organization", "org-fake");
  res.set("openai-version", "2020-10-01");
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - x.received).count();
  res.set("openai-processing-ms", std::to_string(ms));
}

// Closes without the rest of the response: the client sees a truncated body, as when a
// provider's connection breaks.
void cut(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
}

// One SSE event as one HTTP chunk, preceded by the pace wait unless it opens the stream.
net::awaitable<bool> write_event(Exchange& x, net::steady_timer& pacer,
                                 std::chrono::milliseconds pace, bool first,
                                 std::string_view event) {
  if (!first && pace.count() > 0) {
    pacer.expires_after(pace);
    auto [ec] = co_await pacer.async_wait(use_tuple);
    if (ec) co_return false;
  }
  x.stream.expires_after(kWriteTimeout);
  auto [ec, n] =
      co_await net::async_write(x.stream, http::make_chunk(net::buffer(event)), use_tuple);
  co_return !ec;
}

net::awaitable<bool> end_chunks(Exchange& x) {
  x.stream.expires_after(kWriteTimeout);
  auto [ec, n] = co_await net::async_write(x.stream, http::make_chunk_last(), use_tuple);
  co_return !ec && x.keep_alive;
}

// Writes events [0, events.size()) with the stream's pacing; `first` is true until one was sent.
net::awaitable<bool> write_events(Exchange& x, net::steady_timer& pacer, const Behaviour& b,
                                  bool& first, const std::vector<std::string>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const bool opens = std::exchange(first, false);
    if (!co_await write_event(x, pacer, b.pace, opens, events[i])) co_return false;
  }
  co_return true;
}

}  // namespace

net::awaitable<bool> send_reply(Exchange& x, Reply reply) {
  const Behaviour whole;  // no drop directive: the reply goes out complete
  co_return co_await send_completion(x, reply, whole);
}

net::awaitable<bool> stall(Exchange& x, std::chrono::milliseconds how_long) {
  net::steady_timer timer(co_await net::this_coro::executor);
  if (how_long == kStallForever)
    timer.expires_at(Clock::time_point::max());
  else
    timer.expires_after(how_long);
  for (;;) {
    auto done = co_await (timer.async_wait(use_tuple) ||
                          x.stream.socket().async_read_some(x.buffer.prepare(4096), use_tuple));
    if (done.index() == 0) co_return true;
    auto [ec, n] = std::get<1>(done);
    if (ec) co_return false;
    x.buffer.commit(n);
    if (x.buffer.size() > kHeaderLimit + kBodyLimit) co_return false;
  }
}

net::awaitable<bool> send_stream(Exchange& x, const StreamScript& script, const Behaviour& b,
                                 const Headers& headers, const std::string& error_event) {
  http::response<http::empty_body> res{http::status::ok, x.version};
  set_common_headers(res, x);
  res.set(http::field::content_type, "text/event-stream; charset=utf-8");
  res.set(http::field::cache_control, "no-cache");
  for (const auto& [name, value] : headers) res.set(name, value);
  res.chunked(true);
  http::response_serializer<http::empty_body> sr{res};
  x.stream.expires_after(kWriteTimeout);
  if (auto [ec, n] = co_await http::async_write_header(x.stream, sr, use_tuple); ec)
    co_return false;

  net::steady_timer pacer(co_await net::this_coro::executor);
  bool first = true;
  if (!co_await write_events(x, pacer, b, first, script.head)) co_return false;
  const std::size_t n = script.content.size();
  const auto drop_at = stream_cut_point(b.drop_after, n);
  const auto error_at = stream_cut_point(b.midstream_error_after, n);
  for (std::size_t i = 0; i <= n; ++i) {
    if (i == drop_at) {
      cut(x.stream);
      co_return false;
    }
    if (i == error_at) {
      const bool opens = std::exchange(first, false);
      if (!co_await write_event(x, pacer, b.pace, opens, error_event)) co_return false;
      co_return co_await end_chunks(x);
    }
    if (i == n) break;
    const bool opens = std::exchange(first, false);
    if (!co_await write_event(x, pacer, b.pace, opens, script.content[i])) co_return false;
  }
  if (!co_await write_events(x, pacer, b, first, script.tail)) co_return false;
  co_return co_await end_chunks(x);
}

net::awaitable<bool> send_completion(Exchange& x, Reply& reply, const Behaviour& b) {
  http::response<http::string_body> res{http::status(reply.status), x.version};
  set_common_headers(res, x);
  res.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : reply.headers) res.set(name, value);
  res.body() = std::move(reply.body);
  res.prepare_payload();
  x.stream.expires_after(kWriteTimeout);
  if (!b.drop_after) {
    auto [ec, n] = co_await http::async_write(x.stream, res, use_tuple);
    co_return !ec && x.keep_alive;
  }
  // The full Content-Length, then half the body: the client must notice the short read.
  http::response_serializer<http::string_body> sr{res};
  if (auto [ec, n] = co_await http::async_write_header(x.stream, sr, use_tuple); ec)
    co_return false;
  const std::string& body = res.body();
  co_await net::async_write(x.stream, net::buffer(body.data(), body.size() / 2), use_tuple);
  cut(x.stream);
  co_return false;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view bearer_key(const Request& req) {
  std::string_view v = req[http::field::authorization];
  constexpr std::string_view kScheme = "bearer ";
  if (v.size() <= kScheme.size() || !beast::iequals(v.substr(0, kScheme.size()), kScheme))
    return {};
  v.remove_prefix(kScheme.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

}  // namespace sb::fake
