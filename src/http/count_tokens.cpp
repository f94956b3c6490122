#include "http/count_tokens.h"

#include <boost/json.hpp>

#include "http/error_response.h"
#include "providers/anthropic_parse.h"
#include "providers/token_estimate.h"

namespace sb {

net::awaitable<void> count_tokens(HttpRequest& request, ResponseWriter& out) {
  if (request.method() != http::verb::post) {
    co_return (void) co_await send_error(
        out, Dialect::AnthropicMessages,
        make_error(ErrorKind::MethodNotAllowed, "use POST for /v1/messages/count_tokens"));
  }
  const auto conversation = parse_anthropic_messages(request.body());
  if (!conversation) {
    const GatewayError error = conversation.error();
    co_return (void) co_await send_error(out, Dialect::AnthropicMessages, error);
  }
  http::response<http::string_body> res{http::status::ok, out.version()};
  res.set(http::field::content_type, "application/json");
  res.set("x-switchboard-estimate", "true");
  res.body() = boost::json::serialize(
      boost::json::object{{"input_tokens", estimate_input_tokens(*conversation)}});
  co_await out.send(std::move(res));
}

}  // namespace sb
