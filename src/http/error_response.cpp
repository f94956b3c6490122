#include "http/error_response.h"

#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

std::string openai_error_body(const GatewayError& error) {
  json::object inner;
  inner["message"] = error.message;
  inner["type"] = openai_error_type(error.kind);
  inner["param"] = error.param.empty() ? json::value(nullptr) : json::value(error.param);
  inner["code"] = error.code.empty() ? json::value(nullptr) : json::value(error.code);
  json::object outer;
  outer["error"] = std::move(inner);
  return json::serialize(outer);
}

namespace {

// Anthropic's error `type` vocabulary (PROVIDERS.md §2).
std::string_view anthropic_error_type(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidRequest:
    case ErrorKind::ModelNotFound:
    case ErrorKind::MethodNotAllowed: return "invalid_request_error";
    case ErrorKind::NotFound: return "not_found_error";
    case ErrorKind::Unauthorized: return "authentication_error";
    case ErrorKind::PayloadTooLarge: return "request_too_large";
    case ErrorKind::AllCooling: return "rate_limit_error";
    case ErrorKind::UpstreamTimeout: return "timeout_error";
    case ErrorKind::UpstreamUnreachable:
    case ErrorKind::UpstreamProtocol:
    case ErrorKind::NoDeployment:
    case ErrorKind::Internal: return "api_error";
  }
  return "api_error";
}

}  // namespace

std::string anthropic_error_body(const GatewayError& error) {
  json::object inner;
  inner["type"] = anthropic_error_type(error.kind);
  inner["message"] = error.message;
  json::object outer;
  outer["type"] = "error";
  outer["error"] = std::move(inner);
  return json::serialize(outer);
}

std::string error_body(Dialect dialect, const GatewayError& error) {
  return dialect == Dialect::AnthropicMessages ? anthropic_error_body(error)
                                               : openai_error_body(error);
}

std::string stream_error_event(Dialect dialect, const GatewayError& error) {
  if (dialect == Dialect::AnthropicMessages) {
    return "event: error\ndata: " + anthropic_error_body(error) + "\n\n";
  }
  return "data: " + openai_error_body(error) + "\n\n";
}

void copy_fields(const http::fields& from, http::fields& to) {
  for (const auto& field : from) to.set(field.name_string(), field.value());
}

net::awaitable<bool> send_error(ResponseWriter& out, Dialect dialect, const GatewayError& error,
                                const http::fields* extra) {
  http::response<http::string_body> res{static_cast<http::status>(http_status(error.kind)),
                                        out.version()};
  if (extra) copy_fields(*extra, res.base());
  res.set(http::field::content_type, "application/json");
  res.body() = error_body(dialect, error);
  co_return co_await out.send(std::move(res));
}

net::awaitable<bool> send_openai_error(ResponseWriter& out, const GatewayError& error,
                                       const http::fields* extra) {
  co_return co_await send_error(out, Dialect::OpenAIChat, error, extra);
}

}  // namespace sb
