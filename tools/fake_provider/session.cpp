// One connection of the fake provider (see session.h). The loop is read → respond → repeat; each
// respond path returns whether the connection may carry another request, so "close after this"
// (Connection: close, a deliberate drop, a failed write) is one `false` rather than an exception.
// Streams are written event by event as HTTP chunks, each flushed on its own, because that is
// what lets a test (or a gateway) observe pacing, drops and mid-stream errors as a client would.
// Both dialects (OpenAI Chat Completions, Anthropic Messages) share these writers: a dialect
// supplies its script, its headers and its error event, never its own way of sending them.
#include "fake_provider/session.h"

#include <fmt/format.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <limits>

#include "fake_provider/anthropic_replies.h"
#include "fake_provider/anthropic_request.h"
#include "fake_provider/behaviour.h"
#include "fake_provider/chat_request.h"
#include "fake_provider/openai_replies.h"

namespace sb::fake {
namespace {

using namespace net::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;
constexpr std::uint64_t kBodyLimit = 8 * 1024 * 1024;
constexpr auto kReadTimeout = std::chrono::seconds(30);
constexpr auto kWriteTimeout = std::chrono::seconds(30);

// The connection being served and the request being answered.
struct Exchange {
  beast::tcp_stream& stream;
  beast::flat_buffer& buffer;
  ProviderState& state;
  unsigned version = 11;
  bool keep_alive = false;
  Clock::time_point received = Clock::now();
  // Anthropic answers carry their own `request-id` (in the Reply's headers, as the error body
  // names it too) and no openai-* headers.
  bool anthropic = false;
};

template <class Body>
void set_common_headers(http::response<Body>& res, Exchange& x) {
  res.version(x.version);
  res.keep_alive(x.keep_alive);
  res.set(http::field::server, "switchboard-fake");
  if (x.anthropic) return;
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

net::awaitable<bool> send_reply(Exchange& x, Reply reply) {
  http::response<http::string_body> res;
  res.result(reply.status);
  set_common_headers(res, x);
  res.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : reply.headers) res.set(name, value);
  res.body() = std::move(reply.body);
  res.prepare_payload();
  x.stream.expires_after(kWriteTimeout);
  auto [ec, n] = co_await http::async_write(x.stream, res, use_tuple);
  co_return !ec && x.keep_alive;
}

// Waits `how_long` unless the client closes first (false then). Bytes that arrive meanwhile
// (a pipelined request) are kept in the connection's buffer for after this answer.
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
  const auto next = [&](std::string_view event) {
    const bool opens = std::exchange(first, false);
    return write_event(x, pacer, b.pace, opens, event);
  };

  for (const auto& event : script.head)
    if (!co_await next(event)) co_return false;
  // A count beyond the content pieces means "after the last one", so the directive always fires.
  constexpr auto kNever = std::numeric_limits<std::size_t>::max();
  const std::size_t n = script.content.size();
  const std::size_t drop_at = b.drop_after ? std::min<std::size_t>(*b.drop_after, n) : kNever;
  const std::size_t error_at =
      b.midstream_error_after ? std::min<std::size_t>(*b.midstream_error_after, n) : kNever;
  for (std::size_t i = 0; i <= n; ++i) {
    if (i == drop_at) {
      cut(x.stream);
      co_return false;
    }
    if (i == error_at) {
      if (!co_await next(error_event)) co_return false;
      co_return co_await end_chunks(x);
    }
    if (i < n && !co_await next(script.content[i])) co_return false;
  }
  for (const auto& event : script.tail)
    if (!co_await next(event)) co_return false;
  co_return co_await end_chunks(x);
}

// A whole JSON answer (`reply.status` 200), or half of it under a drop directive.
net::awaitable<bool> send_completion(Exchange& x, Reply& reply, const Behaviour& b) {
  http::response<http::string_body> res{http::status::ok, x.version};
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

Reply missing_key_reply() {
  return error_reply(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization "
      "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field "
      "(with blank username) if you're accessing the API from your browser and are prompted for "
      "a username and password. You can obtain an API key from "
      "https://platform.openai.com/account/api-keys.",
      "invalid_request_error");
}

Answer make_answer(Exchange& x, ChatFacts& facts, std::string_view key, const Behaviour& b) {
  const auto seq = x.state.next_seq();
  Answer a;
  a.id = make_id("chatcmpl-", seq, 29);
  a.created = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  a.model = facts.model;
  a.prompt_tokens = estimate_tokens(facts.text_chars);
  if (facts.tool_call) {
    a.tool_call = std::move(facts.tool_call);
    a.tool_call_id = make_id("call_", seq, 24);
    a.completion_tokens = estimate_tokens(a.tool_call->name.size() + a.tool_call->arguments.size());
  } else {
    a.text = answer_text(first_piece(facts.model), first_piece(key), b.chunks);
    a.completion_tokens = estimate_tokens(a.text.size());
  }
  return a;
}

net::awaitable<bool> chat(Exchange& x, const Request& req) {
  const std::string_view key = bearer_key(req);
  auto facts = read_chat_request(req.body());
  x.state.count_request(first_piece(key), facts ? std::string_view(facts->model) : "");
  if (key.empty()) {
    Reply reply = missing_key_reply();
    co_return co_await send_reply(x, std::move(reply));
  }
  if (!facts) {
    const GatewayError& e = facts.error();
    Reply reply = error_reply(400, e.message, "invalid_request_error", e.param, e.code);
    co_return co_await send_reply(x, std::move(reply));
  }

  const Behaviour b = parse_behaviour(key, facts->model);
  if (b.stall && !co_await stall(x, *b.stall)) co_return false;
  if (b.failure != Failure::None) {
    Reply reply = failure_reply(b, first_piece(facts->model), key);
    co_return co_await send_reply(x, std::move(reply));
  }

  const Answer a = make_answer(x, *facts, key, b);
  const Headers headers = rate_limit_headers(Window::Normal);
  if (facts->stream) {
    const StreamScript script = stream_script(a, b.chunks, facts->include_usage);
    const std::string error_event = midstream_error_event();
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, completion_body(a), headers};
  co_return co_await send_completion(x, reply, b);
}

// Anthropic gives x-api-key precedence when both are sent (PROVIDERS.md §13); Bearer is how
// OAuth tokens and the newer SDKs send it.
std::string_view anthropic_key(const Request& req) {
  if (auto it = req.find("x-api-key"); it != req.end() && !it->value().empty()) return it->value();
  return bearer_key(req);
}

MessageAnswer make_message(Exchange& x, MessagesFacts& facts, std::string_view key,
                           const Behaviour& b) {
  const auto seq = x.state.next_seq();
  MessageAnswer a;
  a.id = make_id("msg_01", seq, 22);
  a.model = facts.model;
  a.input_tokens = estimate_tokens(facts.text_chars);
  if (facts.tool_use) {
    a.tool_use = std::move(facts.tool_use);
    a.tool_use_id = make_id("toolu_01", seq, 22);
    a.output_tokens = estimate_tokens(a.tool_use->name.size() + a.tool_use->arguments.size());
  } else {
    a.text = answer_text(first_piece(facts.model), first_piece(key), b.chunks);
    a.output_tokens = estimate_tokens(a.text.size());
  }
  return a;
}

// POST /v1/messages. The checks run in Anthropic's order: key, then version, then the body.
net::awaitable<bool> messages(Exchange& x, const Request& req) {
  x.anthropic = true;
  const std::string request_id = make_id("req_011", x.state.next_seq(), 21);
  auto now = std::chrono::system_clock::now();
  const std::string_view key = anthropic_key(req);
  auto facts = read_messages_request(req.body());
  x.state.count_request(first_piece(key), facts ? std::string_view(facts->model) : "");
  if (key.empty()) {
    Reply reply = anthropic_missing_key_reply(request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }
  if (req["anthropic-version"].empty()) {
    Reply reply = anthropic_missing_version_reply(request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }
  if (!facts) {
    Reply reply =
        anthropic_error_reply(400, "invalid_request_error", facts.error().message, request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }

  const Behaviour b = parse_behaviour(key, facts->model);
  if (b.stall && !co_await stall(x, *b.stall)) co_return false;
  // Resets are relative to when the answer leaves, after any stall.
  now = std::chrono::system_clock::now();
  if (b.failure != Failure::None) {
    Reply reply = anthropic_failure_reply(b, first_piece(facts->model), request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }

  const MessageAnswer a = make_message(x, *facts, key, b);
  Headers headers = anthropic_rate_limit_headers(AnthropicWindow::Normal, now);
  headers.emplace_back("request-id", request_id);
  if (facts->stream) {
    const StreamScript script = message_stream_script(a, b.chunks);
    const std::string error_event = anthropic_midstream_error_event();
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, message_body(a), std::move(headers)};
  co_return co_await send_completion(x, reply, b);
}

// The answer to anything but a chat completion or a message: small JSON replies computed on the
// spot.
Reply housekeeping_reply(Exchange& x, const Request& req, std::string_view target) {
  const auto method = req.method();
  if (target == "/v1/models" && method == http::verb::get) {
    if (bearer_key(req).empty()) return missing_key_reply();
    return Reply{200, models_body(), {}};
  }
  if (target == "/_fake/stats" && method == http::verb::get)
    return Reply{200, stats_json(x.state.snapshot()), {}};
  if (target == "/_fake/reset" && method == http::verb::post) {
    x.state.reset();
    return Reply{200, R"({"ok":true})", {}};
  }
  return error_reply(
      404, fmt::format("Invalid URL ({} {})", std::string_view(req.method_string()), target),
      "invalid_request_error");
}

// Replies are always built into a named local before a co_await: GCC 12 destroys some
// temporaries in a co_await operand twice (a braced Reply{...} there crashed).
net::awaitable<bool> respond(Exchange& x, const Request& req) {
  std::string_view target = req.target();
  target = target.substr(0, target.find('?'));
  if (target == "/v1/chat/completions" && req.method() == http::verb::post)
    co_return co_await chat(x, req);
  if (target == "/v1/messages" && req.method() == http::verb::post)
    co_return co_await messages(x, req);
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
    x.received = Clock::now();
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
