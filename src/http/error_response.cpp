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

http::response<http::string_body> openai_error_response(const GatewayError& error,
                                                        unsigned http_version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(http_status(error.kind)),
                                        http_version};
  res.set(http::field::content_type, "application/json");
  res.body() = openai_error_body(error);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace sb
