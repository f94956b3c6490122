#include "http/relay.h"

#include <array>

#include "http/error_response.h"
#include "providers/sse.h"

namespace sb {

namespace {

bool is_event_stream(const http::fields& headers) {
  auto it = headers.find(http::field::content_type);
  return it != headers.end() &&
         beast::iequals(it->value().substr(0, 17), "text/event-stream");
}

// True once the stream has said it is complete: `data: [DONE]` in the Chat dialect.
bool is_terminator(const SseEvent& e) { return e.has_data && e.data == "[DONE]"; }

std::string error_event(const GatewayError& error) {
  return "data: " + openai_error_body(error) + "\n\n";
}

net::awaitable<void> relay_stream(UpstreamExchange& exchange,
                                  http::response<http::empty_body>& head, ResponseWriter& out) {
  if (!co_await out.begin_stream(head)) co_return;
  SseFramer framer;
  bool terminated = false;
  std::string batch;
  std::optional<GatewayError> failure;
  while (!exchange.done()) {
    auto piece = co_await exchange.read_some();
    if (!piece) {
      failure = piece.error();
      break;
    }
    batch.clear();
    // One write per network read: whole events only, in order.
    for (auto& event : framer.feed(*piece)) {
      terminated = terminated || is_terminator(event);
      batch += event.raw;
    }
    if (framer.overflowed()) {
      failure = make_error(ErrorKind::UpstreamProtocol, "an upstream event exceeded the size limit");
      break;
    }
    if (!co_await out.write_chunk(batch)) co_return;  // the client left: drop the upstream
  }
  if (!failure) {
    batch.clear();
    for (auto& event : framer.finish()) {
      terminated = terminated || is_terminator(event);
      batch += event.raw;
    }
    if (!co_await out.write_chunk(batch)) co_return;
    if (!terminated) {
      failure = make_error(ErrorKind::UpstreamProtocol,
                           "the upstream stream ended before it was complete (no [DONE])", "",
                           "upstream_stream_incomplete");
    }
  }
  if (failure) {
    out.disable_keep_alive();
    failure->code = failure->code.empty() ? "upstream_stream_failed" : failure->code;
    if (!co_await out.write_chunk(error_event(*failure))) co_return;
  } else {
    exchange.finish();
  }
  co_await out.end_stream();
}

net::awaitable<void> relay_whole(UpstreamExchange& exchange,
                                 http::response<http::empty_body>& head, ResponseWriter& out) {
  auto body = co_await exchange.read_all(kMaxBufferedResponse);
  if (!body) {
    co_await out.send(openai_error_response(body.error(), out.version(), out.keep_alive()));
    co_return;
  }
  exchange.finish();
  http::response<http::string_body> res{head.result(), head.version(), std::move(*body)};
  for (const auto& field : head) res.set(field.name_string(), field.value());
  co_await out.send(std::move(res));
}

}  // namespace

bool is_relayed_response_header(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kDropped = {
      "connection", "keep-alive", "transfer-encoding",  "content-length",
      "te",         "trailer",    "upgrade",            "proxy-authenticate",
      "proxy-connection", "server", "date",             "set-cookie"};
  for (auto d : kDropped) {
    if (beast::iequals(name, d)) return false;
  }
  return true;
}

net::awaitable<void> relay_response(UpstreamExchange& exchange,
                                    http::response<http::empty_body> head, ResponseWriter& out) {
  head.result(exchange.status());
  for (const auto& field : exchange.headers()) {
    if (is_relayed_response_header(field.name_string())) {
      head.insert(field.name_string(), field.value());
    }
  }
  if (is_event_stream(exchange.headers())) {
    co_await relay_stream(exchange, head, out);
  } else {
    co_await relay_whole(exchange, head, out);
  }
}

}  // namespace sb
