// Copies an upstream response to the client. An event stream goes event by event as the bytes
// arrive (never buffered whole), but only once the answer has started: the preamble (role-only
// chunk, keep-alive comments) is held back until the first content-bearing event, so that a
// stream that fails before then has sent the client nothing and can still be answered otherwise.
// Anything else is read whole (bounded) and sent with its length.
//
// After the first byte, a stream that breaks, times out or ends without its terminator (`[DONE]`,
// `message_stop`) is ended for the client with an error event in its dialect and no terminator,
// never as a clean end; an error event sent by the upstream itself is relayed and ends the
// stream the same way.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "core/dialect.h"
#include "core/error.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/upstream_client.h"
#include "providers/stream_translator.h"
#include "providers/translation.h"
#include "providers/usage_meter.h"

namespace sb {

// The largest non-streamed upstream body the gateway will hold.
inline constexpr std::size_t kMaxBufferedResponse = 64u * 1024 * 1024;

struct RelayResult {
  enum class Status {
    Completed,           // the whole answer reached the client
    FailedBeforeCommit,  // nothing was sent: the caller still owns the response
    FailedAfterCommit,   // the client got part of the answer and an error event
    ClientGone,          // the client stopped reading
  };
  Status status = Status::Completed;
  std::optional<GatewayError> error;          // what failed (transport, timeout, truncation)
  std::optional<std::string> upstream_error;  // the JSON of an error event the upstream sent
  bool streamed = false;
  // A stream: when the first event of the answer's content went to the client.
  std::optional<std::chrono::steady_clock::time_point> first_content;

  static RelayResult completed() { return {}; }
  static RelayResult client_gone() {
    RelayResult r;
    r.status = Status::ClientGone;
    return r;
  }
  static RelayResult failed(bool committed, GatewayError error) {
    RelayResult r;
    r.status = committed ? Status::FailedAfterCommit : Status::FailedBeforeCommit;
    r.error = std::move(error);
    return r;
  }
  static RelayResult upstream_error_event(bool committed, std::string json) {
    RelayResult r;
    r.status = committed ? Status::FailedAfterCommit : Status::FailedBeforeCommit;
    r.upstream_error = std::move(json);
    return r;
  }
};

// Upstream response headers worth relaying: all but hop-by-hop and transport headers, which
// the gateway sets itself.
bool is_relayed_response_header(std::string_view name);

// The client's dialect (whose stream rules and error words apply) and, when the upstream speaks
// another, how its answer becomes the client's. No translation: bytes pass through.
struct RelayOptions {
  Dialect client = Dialect::OpenAIChat;
  const Translation* translation = nullptr;  // a non-streamed body
  StreamTranslator* stream = nullptr;        // events; the relay's rules then apply to their output
  std::int64_t created = 0;                  // the Unix time a translated answer shows
  UsageMeter* meter = nullptr;               // reads the upstream's token counts; may be null
  // Applied to each client-bound event of a stream after the meter read it: may rewrite its
  // bytes, or return false to drop it (openai_stream.h hide_requested_usage). May be null.
  bool (*filter)(SseEvent&) = nullptr;
};

// The client's response carries the upstream's status and relayable headers, plus
// `gateway_headers` (the gateway's own). With a translation, an upstream error event is reported
// in `upstream_error` as the upstream sent it (what classification reads).
net::awaitable<RelayResult> relay_response(UpstreamExchange& exchange,
                                           const http::fields& gateway_headers, ResponseWriter& out,
                                           const RelayOptions& options = {});

}  // namespace sb
