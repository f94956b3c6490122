#include "http/error_response.h"

#include <boost/json.hpp>

#include "providers/anthropic_encode.h"
#include "providers/openai_chat_reply.h"
#include "providers/responses_encode.h"

namespace sb {

namespace json = boost::json;

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
    case ErrorKind::AllCooling:
    case ErrorKind::BudgetExceeded: return "rate_limit_error";
    case ErrorKind::UpstreamTimeout: return "timeout_error";
    case ErrorKind::UpstreamUnreachable:
    case ErrorKind::UpstreamProtocol:
    case ErrorKind::NoDeployment:
    case ErrorKind::Internal: return "api_error";
  }
  return "api_error";
}

}  // namespace

json::object error_object(Dialect dialect, const GatewayError& error) {
  if (dialect == Dialect::AnthropicMessages) {
    return anthropic_error_object(anthropic_error_type(error.kind), error.message);
  }
  return openai_error_object(error.message, openai_error_type(error.kind), error.param, error.code);
}

std::string openai_error_body(const GatewayError& error) {
  return json::serialize(error_object(Dialect::OpenAIChat, error));
}

std::string anthropic_error_body(const GatewayError& error) {
  return json::serialize(error_object(Dialect::AnthropicMessages, error));
}

std::string error_body(Dialect dialect, const GatewayError& error) {
  return json::serialize(error_object(dialect, error));
}

std::string stream_error_event(Dialect dialect, const GatewayError& error) {
  switch (dialect) {
    case Dialect::AnthropicMessages:
      return "event: error\ndata: " + anthropic_error_body(error) + "\n\n";
    case Dialect::OpenAIResponses:
      return responses_stream_error_event(error.code.empty() ? "server_error" : error.code,
                                          error.message);
    case Dialect::OpenAIChat:
    case Dialect::Gemini: break;
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
