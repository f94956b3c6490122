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

void copy_fields(const http::fields& from, http::fields& to) {
  for (const auto& field : from) to.set(field.name_string(), field.value());
}

net::awaitable<bool> send_openai_error(ResponseWriter& out, const GatewayError& error,
                                       const http::fields* extra) {
  http::response<http::string_body> res{static_cast<http::status>(http_status(error.kind)),
                                        out.version()};
  if (extra) copy_fields(*extra, res.base());
  res.set(http::field::content_type, "application/json");
  res.body() = openai_error_body(error);
  co_return co_await out.send(std::move(res));
}

}  // namespace sb
