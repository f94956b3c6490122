// Expected failures are values: Result<T> carries either a T or a GatewayError. Each kind maps to
// one HTTP status; the wording a client sees is rendered per surface (http/error_response.h).
// Exceptions remain only for fatal configuration errors at startup and a session's top-level catch.
#pragma once

#include <boost/system/result.hpp>
#include <string>
#include <string_view>

namespace sb {

enum class ErrorKind {
  InvalidRequest,       // 400: the body is not what the surface accepts
  ModelNotFound,        // 400: `model` names nothing this gateway serves
  Unauthorized,         // 401
  NotFound,             // 404: no such endpoint
  MethodNotAllowed,     // 405
  PayloadTooLarge,      // 413: body or headers beyond the configured limits
  UpstreamUnreachable,  // 502: connect, DNS or TLS failure
  UpstreamProtocol,     // 502: the upstream spoke something that is not HTTP
  UpstreamTimeout,      // 504
  NoDeployment,         // 502: every deployment of the group is unusable
  AllCooling,           // 429: every deployment of the group is cooling down
  BudgetExceeded,       // 429: a spending limit is reached until its period resets
  Internal,             // 500
};

// How an upstream exchange broke below HTTP. Set by the upstream client on the errors it
// returns, so that classification (providers/failure_class.h) can tell a refused connection from
// a first-byte timeout without parsing messages.
enum class TransportFailure {
  None,
  ConnectFailed,     // refused, unreachable, DNS
  TlsFailed,         // handshake or certificate verification
  ConnectTimeout,    // policy.timeouts.connect
  FirstByteTimeout,  // policy.timeouts.first_byte: request sent, no response header
  IdleTimeout,       // policy.timeouts.idle: between two body pieces
  ConnectionReset,   // broke before any response byte
  StreamCut,         // the body/stream ended without its terminator
  Protocol,          // the upstream spoke something that is not HTTP (or not its stream format)
};

struct GatewayError {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
  std::string param;                                    // the request field at fault, if any
  std::string code;                                     // a machine-readable code, if any
  TransportFailure transport = TransportFailure::None;  // upstream errors only
};

unsigned http_status(ErrorKind kind);
// OpenAI's `error.type` vocabulary.
std::string_view openai_error_type(ErrorKind kind);
std::string_view to_string(ErrorKind kind);

// Lets result<T, GatewayError>::value() throw on error, as boost::system::result requires.
[[noreturn]] void throw_exception_from_error(const GatewayError& e,
                                             const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, GatewayError>;

inline GatewayError make_error(ErrorKind kind, std::string message, std::string param = {},
                               std::string code = {}) {
  return GatewayError{kind, std::move(message), std::move(param), std::move(code)};
}

// The upstream answered with something its dialect does not allow (not its reply format, an
// oversized stream event): a protocol failure, classified like bytes that are not HTTP.
inline GatewayError upstream_protocol_error(std::string message) {
  GatewayError e =
      make_error(ErrorKind::UpstreamProtocol, std::move(message), "", "upstream_protocol_error");
  e.transport = TransportFailure::Protocol;
  return e;
}

}  // namespace sb
