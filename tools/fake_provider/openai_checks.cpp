// The OpenAI endpoints' shared preamble (see openai_checks.h).
#include "fake_provider/openai_checks.h"

namespace sb::fake {

net::awaitable<std::optional<Behaviour>> check_openai_request(
    Exchange& x, std::string_view key, const std::optional<GatewayError>& body_error,
    std::string_view model, bool& keep_alive) {
  x.state.count_request(first_piece(key), model);
  keep_alive = false;
  if (key.empty()) {
    Reply reply = missing_key_reply();
    keep_alive = co_await send_reply(x, std::move(reply));
    co_return std::nullopt;
  }
  if (body_error) {
    Reply reply = error_reply(400, body_error->message, "invalid_request_error", body_error->param,
                              body_error->code);
    keep_alive = co_await send_reply(x, std::move(reply));
    co_return std::nullopt;
  }
  const Behaviour b = parse_behaviour(key, model);
  if (b.stall && !co_await stall(x, *b.stall)) co_return std::nullopt;
  if (b.failure != Failure::None) {
    Reply reply = failure_reply(b, first_piece(model), key);
    keep_alive = co_await send_reply(x, std::move(reply));
    co_return std::nullopt;
  }
  co_return b;
}

}  // namespace sb::fake
