#include "core/error.h"

#include <stdexcept>

namespace sb {

unsigned http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidRequest: return 400;
    case ErrorKind::ModelNotFound: return 400;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::MethodNotAllowed: return 405;
    case ErrorKind::PayloadTooLarge: return 413;
    case ErrorKind::UpstreamUnreachable: return 502;
    case ErrorKind::UpstreamProtocol: return 502;
    case ErrorKind::NoDeployment: return 502;
    case ErrorKind::AllCooling: return 429;
    case ErrorKind::BudgetExceeded: return 429;
    case ErrorKind::UpstreamTimeout: return 504;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

std::string_view openai_error_type(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidRequest:
    case ErrorKind::ModelNotFound:
    case ErrorKind::NotFound:
    case ErrorKind::MethodNotAllowed:
    case ErrorKind::PayloadTooLarge: return "invalid_request_error";
    case ErrorKind::Unauthorized: return "authentication_error";
    case ErrorKind::UpstreamUnreachable:
    case ErrorKind::UpstreamProtocol:
    case ErrorKind::UpstreamTimeout:
    case ErrorKind::NoDeployment: return "upstream_error";
    case ErrorKind::AllCooling: return "rate_limit_error";
    case ErrorKind::BudgetExceeded: return "insufficient_quota";
    case ErrorKind::Internal: return "server_error";
  }
  return "server_error";
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidRequest: return "invalid_request";
    case ErrorKind::ModelNotFound: return "model_not_found";
    case ErrorKind::Unauthorized: return "unauthorized";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::MethodNotAllowed: return "method_not_allowed";
    case ErrorKind::PayloadTooLarge: return "payload_too_large";
    case ErrorKind::UpstreamUnreachable: return "upstream_unreachable";
    case ErrorKind::UpstreamProtocol: return "upstream_protocol_error";
    case ErrorKind::UpstreamTimeout: return "upstream_timeout";
    case ErrorKind::NoDeployment: return "no_deployment";
    case ErrorKind::AllCooling: return "all_cooling";
    case ErrorKind::BudgetExceeded: return "budget_exceeded";
    case ErrorKind::Internal: return "internal_error";
  }
  return "internal_error";
}

void throw_exception_from_error(const GatewayError& e, const boost::source_location&) {
  throw std::runtime_error(std::string(to_string(e.kind)) + ": " + e.message);
}

}  // namespace sb
