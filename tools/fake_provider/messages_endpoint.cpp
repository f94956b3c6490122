// POST /v1/messages (see endpoints.h). The checks run in Anthropic's order: key, then version,
// then the body. Anthropic answers carry their own `request-id` (the error bodies name it too)
// and no openai-* headers.
#include <chrono>

#include "fake_provider/anthropic_replies.h"
#include "fake_provider/anthropic_request.h"
#include "fake_provider/endpoints.h"

namespace sb::fake {
namespace {

// Anthropic gives x-api-key precedence when both are sent (PROVIDERS.md §13); Bearer is how
// OAuth tokens and the newer SDKs send it.
std::string_view anthropic_key(const Request& req) {
  if (auto it = req.find("x-api-key"); it != req.end() && !it->value().empty()) return it->value();
  return bearer_key(req);
}

MessageAnswer make_message(Exchange& x, MessagesFacts& facts, std::string_view key,
                           const Behaviour& b) {
  const auto seq = x.state.next_seq();
  MessageAnswer a;
  a.id = make_id("msg_01", seq, 22);
  a.model = facts.model;
  a.input_tokens = estimate_tokens(facts.text_chars);
  if (facts.tool_use) {
    a.tool_use = std::move(facts.tool_use);
    a.tool_use_id = make_id("toolu_01", seq, 22);
    a.output_tokens = estimate_tokens(a.tool_use->name.size() + a.tool_use->arguments.size());
  } else {
    a.text = answer_text(first_piece(facts.model), first_piece(key), b.chunks);
    a.output_tokens = estimate_tokens(a.text.size());
  }
  return a;
}

}  // namespace

net::awaitable<bool> serve_messages(Exchange& x, const Request& req) {
  x.openai_headers = false;
  const std::string request_id = make_id("req_011", x.state.next_seq(), 21);
  auto now = std::chrono::system_clock::now();
  const std::string_view key = anthropic_key(req);
  auto facts = read_messages_request(req.body());
  x.state.count_request(first_piece(key), facts ? std::string_view(facts->model) : "");
  if (key.empty()) {
    Reply reply = anthropic_missing_key_reply(request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }
  if (req["anthropic-version"].empty()) {
    Reply reply = anthropic_missing_version_reply(request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }
  if (!facts) {
    Reply reply =
        anthropic_error_reply(400, "invalid_request_error", facts.error().message, request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }

  const Behaviour b = parse_behaviour(key, facts->model);
  if (b.stall && !co_await stall(x, *b.stall)) co_return false;
  // Resets are relative to when the answer leaves, after any stall.
  now = std::chrono::system_clock::now();
  if (b.failure != Failure::None) {
    Reply reply = anthropic_failure_reply(b, first_piece(facts->model), request_id, now);
    co_return co_await send_reply(x, std::move(reply));
  }

  const MessageAnswer a = make_message(x, *facts, key, b);
  Headers headers = anthropic_rate_limit_headers(AnthropicWindow::Normal, now);
  headers.emplace_back("request-id", request_id);
  if (facts->stream) {
    const StreamScript script = message_stream_script(a, b.chunks);
    const std::string error_event = anthropic_midstream_error_event();
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, message_body(a), std::move(headers)};
  co_return co_await send_completion(x, reply, b);
}

}  // namespace sb::fake
