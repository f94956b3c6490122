#include "http/gateway.h"

#include <boost/json.hpp>

#include "http/error_response.h"
#include "http/models_endpoint.h"
#include "http/proxy.h"

namespace sb {

namespace {

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

http::response<http::string_body> json_response(http::status status, std::string body) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

}  // namespace

net::awaitable<void> Gateway::handle(Worker& worker, HttpRequest& request, ResponseWriter& out) {
  const std::string_view path = path_of(request.target());
  const auto method = request.method();
  ConfigPtr config = config_.load();

  if (path == "/v1/chat/completions") {
    if (method != http::verb::post) {
      co_return (void)co_await send_openai_error(
          out, make_error(ErrorKind::MethodNotAllowed, "use POST for /v1/chat/completions"));
    }
    co_return co_await proxy_chat_completions(*config, worker, request, out);
  }
  if (path == "/v1/models") {
    if (method != http::verb::get) {
      co_return (void)co_await send_openai_error(
          out, make_error(ErrorKind::MethodNotAllowed, "use GET for /v1/models"));
    }
    co_return (void)co_await out.send(json_response(http::status::ok, models_list_json(*config)));
  }
  if (path == "/healthz") {
    co_return (void)co_await out.send(json_response(http::status::ok, R"({"status":"ok"})"));
  }
  co_await send_openai_error(out, make_error(ErrorKind::NotFound,
                                      fmt::format("no endpoint {} {}",
                                                  std::string_view(request.method_string()),
                                                  path)));
}

}  // namespace sb
