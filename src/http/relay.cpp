#include "http/relay.h"

#include <array>

#include "http/error_response.h"
#include "providers/dialect_spokes.h"
#include "providers/sse.h"

namespace sb {

namespace {

using Status = RelayResult::Status;

bool is_event_stream(const http::fields& headers) {
  auto it = headers.find(http::field::content_type);
  return it != headers.end() && beast::iequals(it->value().substr(0, 17), "text/event-stream");
}

// Streams the events of one upstream response. Before commit, events pile up in `pending_`;
// the first Content (or Done) event commits: the header goes out with everything held so far.
//
// One coroutine (run) with no coroutine parameters and named results only: GCC 12 miscompiles
// some temporaries and by-value parameters in co_await / co_return expressions.
class StreamRelay {
 public:
  StreamRelay(UpstreamExchange& exchange, http::response<http::empty_body>& head,
              ResponseWriter& out, const RelayOptions& options)
      : exchange_(exchange),
        head_(head),
        out_(out),
        client_(options.client),
        classify_(client_spoke(options.client)->classify_event),
        translator_(options.stream),
        meter_(options.meter),
        filter_(options.filter) {}

  net::awaitable<RelayResult> run() {
    std::optional<RelayResult> end;
    std::optional<GatewayError> failure;
    bool client_gone = false;
    while (!end && !failure) {
      std::vector<SseEvent> events;
      const bool upstream_done = exchange_.done();
      if (upstream_done) {
        events = framer_.finish();
        meter(events);
        if (translator_) {
          events = translated(events);
          auto closing = translator_->finish();
          events.insert(events.end(), std::make_move_iterator(closing.begin()),
                        std::make_move_iterator(closing.end()));
        }
      } else {
        auto piece = co_await exchange_.read_some();
        if (!piece) {
          failure = piece.error();
          break;
        }
        events = framer_.feed(*piece);
        if (framer_.overflowed()) {
          failure = upstream_protocol_error("an upstream event exceeded the size limit");
          break;
        }
        meter(events);
        if (translator_) events = translated(events);
      }
      const bool commit_now = sort(events, end);
      if (commit_now) {
        committed_ = true;
        first_content_ = std::chrono::steady_clock::now();
        const bool sent = co_await out_.begin_stream(head_);
        if (!sent) client_gone = true;
      }
      if (!client_gone && committed_ && !batch_.empty()) {
        const bool sent = co_await out_.write_chunk(batch_);
        if (!sent) client_gone = true;
      }
      if (client_gone) break;
      if (upstream_done && !end) {
        failure = make_error(ErrorKind::UpstreamProtocol,
                             "the upstream stream ended before it was complete (no terminator)", "",
                             "upstream_stream_incomplete");
        failure->transport = TransportFailure::StreamCut;
      }
    }

    RelayResult result = RelayResult::completed();
    if (client_gone) {
      result = RelayResult::client_gone();
    } else if (failure) {
      result = RelayResult::failed(committed_, *failure);
      if (committed_) {
        out_.disable_keep_alive();
        if (failure->code.empty()) failure->code = "upstream_stream_failed";
        const std::string event = stream_error_event(client_, *failure);
        const bool sent = co_await out_.write_chunk(event);
        if (sent) co_await out_.end_stream();
      }
    } else {
      result = *end;
      if (committed_) {
        if (result.status == Status::Completed) {
          exchange_.finish();
        } else {
          out_.disable_keep_alive();
        }
        co_await out_.end_stream();
      }
    }
    result.streamed = true;
    result.first_content = first_content_;
    co_return result;
  }

 private:
  // Sorts the events of one read into what is held back (pending_) and what is sent now
  // (batch_). Sets `end` when the stream is over (Done, or an upstream error event). Returns
  // whether this read commits the response.
  bool sort(std::vector<SseEvent>& events, std::optional<RelayResult>& end) {
    batch_.clear();
    bool commit_now = false;
    for (auto& event : events) {
      if (filter_ && !filter_(event)) continue;
      const ChatEventKind kind = classify_(event);
      const bool committed = committed_ || commit_now;
      if (kind == ChatEventKind::Error) {
        if (committed) batch_ += event.raw;  // the client's SDK raises on it
        const bool original = translator_ && !translator_->upstream_error().empty();
        end = RelayResult::upstream_error_event(
            committed, original ? translator_->upstream_error() : event.data);
        break;
      }
      if (!committed && kind == ChatEventKind::Preamble) {
        pending_ += event.raw;
        continue;
      }
      if (!committed) {
        commit_now = true;
        batch_.swap(pending_);
      }
      batch_ += event.raw;
      if (kind == ChatEventKind::Done) {
        end = RelayResult::completed();
        break;
      }
    }
    return commit_now;
  }

  void meter(const std::vector<SseEvent>& upstream) {
    if (!meter_) return;
    for (const auto& event : upstream) meter_->read_event(event);
  }

  std::vector<SseEvent> translated(const std::vector<SseEvent>& upstream) {
    std::vector<SseEvent> out;
    for (const auto& event : upstream) {
      auto client = translator_->translate(event);
      out.insert(out.end(), std::make_move_iterator(client.begin()),
                 std::make_move_iterator(client.end()));
    }
    return out;
  }

  UpstreamExchange& exchange_;
  http::response<http::empty_body>& head_;
  ResponseWriter& out_;
  Dialect client_;
  ChatEventKind (*classify_)(const SseEvent&);  // the client dialect's event meanings
  StreamTranslator* translator_;                // null: same dialect
  UsageMeter* meter_;                           // null: nobody counts
  bool (*filter_)(SseEvent&);                   // null: events go as they are
  SseFramer framer_;
  bool committed_ = false;
  std::optional<std::chrono::steady_clock::time_point> first_content_;
  std::string pending_;  // held-back preamble, before commit
  std::string batch_;    // what one read sends
};

net::awaitable<RelayResult> relay_whole(UpstreamExchange& exchange,
                                        http::response<http::empty_body>& head, ResponseWriter& out,
                                        const RelayOptions& options) {
  auto body = co_await exchange.read_all(kMaxBufferedResponse);
  if (!body) co_return RelayResult::failed(false, body.error());
  exchange.finish();
  std::string text = std::move(*body);
  if (options.meter) options.meter->read_body(text);
  if (options.translation) {
    auto client_body = translate_reply(*options.translation, text, options.created);
    if (!client_body) co_return RelayResult::failed(false, client_body.error());
    head.set(http::field::content_type, "application/json");
    text = std::move(*client_body);
  }
  http::response<http::string_body> res{std::move(head.base()), std::move(text)};
  if (!co_await out.send(std::move(res))) co_return RelayResult::client_gone();
  co_return RelayResult::completed();
}

}  // namespace

bool is_relayed_response_header(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kDropped = {
      "connection", "keep-alive", "transfer-encoding",  "content-length",   "te",
      "trailer",    "upgrade",    "proxy-authenticate", "proxy-connection", "server",
      "date",       "set-cookie"};
  for (auto d : kDropped) {
    if (beast::iequals(name, d)) return false;
  }
  return true;
}

net::awaitable<RelayResult> relay_response(UpstreamExchange& exchange,
                                           const http::fields& gateway_headers, ResponseWriter& out,
                                           const RelayOptions& options) {
  http::response<http::empty_body> head;
  head.result(exchange.status());  // the unsigned overload keeps codes Beast has no name for
  copy_fields(gateway_headers, head.base());
  for (const auto& field : exchange.headers()) {
    if (is_relayed_response_header(field.name_string())) {
      head.insert(field.name_string(), field.value());
    }
  }
  if (is_event_stream(exchange.headers())) {
    StreamRelay relay(exchange, head, out, options);
    co_return co_await relay.run();
  }
  co_return co_await relay_whole(exchange, head, out, options);
}

}  // namespace sb
