// The checks both OpenAI endpoints (Chat Completions and Responses) make before their own answer,
// in OpenAI's order: count the request, then the Bearer key (401), the body (400 with the
// reader's message, param and code), then the directives: a stall, then a scripted failure.
#pragma once

#include <optional>
#include <string_view>

#include "core/error.h"
#include "fake_provider/exchange.h"

namespace sb::fake {

// The Behaviour to answer with, or nullopt when the request was answered already (or the client
// left during a stall); `keep_alive` then says whether the connection may carry another request.
// `body_error` is the reader's fault, nullopt when the body was fine; `model` is "" then.
net::awaitable<std::optional<Behaviour>> check_openai_request(
    Exchange& x, std::string_view key, const std::optional<GatewayError>& body_error,
    std::string_view model, bool& keep_alive);

// A request both OpenAI endpoints may answer: what its reader found and how to behave.
template <class Facts>
struct CheckedRequest {
  Facts facts;
  Behaviour behaviour;
};

// Reads the body with `read` (read_chat_request, read_responses_request) and runs the checks
// above: nullopt when the request was answered already, with `keep_alive` as above.
template <class Facts>
net::awaitable<std::optional<CheckedRequest<Facts>>> read_openai_request(
    Exchange& x, const Request& req, Result<Facts> (*read)(std::string_view), bool& keep_alive) {
  const std::string_view key = bearer_key(req);
  auto facts = read(req.body());
  const auto body_error = facts ? std::optional<GatewayError>() : facts.error();
  const std::string_view model = facts ? std::string_view(facts->model) : std::string_view();
  const auto behaviour = co_await check_openai_request(x, key, body_error, model, keep_alive);
  if (!behaviour) co_return std::nullopt;
  CheckedRequest<Facts> checked{std::move(*facts), *behaviour};
  co_return checked;
}

}  // namespace sb::fake
