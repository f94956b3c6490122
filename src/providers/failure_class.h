// Classification: what one failed upstream attempt means for routing (SPEC §3, PROVIDERS §12).
// The proxy describes what it saw as an UpstreamOutcome (status, headers, error body, transport
// failure, whether it arrived inside a 200 stream); classify() returns the FailureClass and, when
// the provider said so, the wall-clock instant the deployment may be tried again.
//
// Layout (STYLE principle 3): one failure table per provider type in its own file
// (failures_openai.cpp, failures_openai_compatible.cpp, failures_anthropic.cpp,
// failures_gemini.cpp), each row naming the provider that sends the signal; one ordered function
// per provider; classify() dispatches and applies the generic fallbacks, in this order:
//   1. an error inside a 200 (stream event or body): by its content, else the transport failure
//      that ended the stream, else Unknown;
//   2. an HTTP error status: the provider's rules, else 4xx -> BadRequest, 5xx -> ServerError;
//   3. a transport failure (no usable response): ServerError, with a precise `detail`;
//   4. anything else (a 3xx, a 1xx, nothing at all): Unknown, which is never retried.
// Reset times follow routing/reset_time.h: window headers set rate limits' resets only.
//
// Invariants: pure (no I/O, no clock: `now` is a parameter); never throws (bodies are parsed with
// boost::json's error_code overload); `detail` is short and secret-free: status, transport kind
// and the provider's error code/type identifiers only, never a message (OpenAI echoes key
// fragments in messages).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/error.h"
#include "routing/failure.h"

namespace sb {


// Failure::detail of the two timeouts, which the router treats specially (fail over at once, no
// same-deployment retry) although their class is ServerError like every transport failure.
inline constexpr std::string_view kDetailConnectTimeout = "connect timeout";
inline constexpr std::string_view kDetailFirstByteTimeout = "first-byte timeout";

// Spelling used by fixtures and logs: none, connect_failed, tls_failed, connect_timeout,
// first_byte_timeout, idle_timeout, connection_reset, stream_cut, protocol.
std::string_view to_string(TransportFailure t);
std::optional<TransportFailure> parse_transport_failure(std::string_view s);

struct UpstreamOutcome {
  unsigned status = 0;  // HTTP status; 0 when no response header arrived
  std::vector<std::pair<std::string, std::string>> headers;  // response headers as received
  std::string_view body;  // the error body, or the JSON of an in-stream error event
  TransportFailure transport = TransportFailure::None;
  bool in_stream = false;  // the failure arrived inside a 200 event stream
};

// `type` is the account's provider type; `now` the wall clock (tests pass a fixed time).
Failure classify(ProviderType type, const UpstreamOutcome& outcome,
                 std::chrono::system_clock::time_point now);

}  // namespace sb
