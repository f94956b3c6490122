// POST /v1/chat/completions (see endpoints.h): Bearer key, then the body, then the directives.
#include <chrono>

#include "fake_provider/chat_request.h"
#include "fake_provider/endpoints.h"
#include "fake_provider/openai_checks.h"

namespace sb::fake {
namespace {

Answer make_answer(Exchange& x, ChatFacts& facts, std::string_view key, const Behaviour& b) {
  const auto seq = x.state.next_seq();
  Answer a;
  a.id = make_id("chatcmpl-", seq, 29);
  a.created = unix_now();
  a.model = facts.model;
  a.prompt_tokens = estimate_tokens(facts.text_chars);
  if (facts.tool_call) {
    a.tool_call = std::move(facts.tool_call);
    a.tool_call_id = make_id("call_", seq, 24);
    a.completion_tokens = estimate_tokens(a.tool_call->name.size() + a.tool_call->arguments.size());
  } else {
    a.text = answer_text(first_piece(facts.model), first_piece(key), b.chunks);
    a.completion_tokens = estimate_tokens(a.text.size());
  }
  return a;
}

}  // namespace

net::awaitable<bool> serve_chat(Exchange& x, const Request& req) {
  bool keep_alive = false;
  auto checked = co_await read_openai_request(x, req, read_chat_request, keep_alive);
  if (!checked) co_return keep_alive;
  const std::string_view key = bearer_key(req);
  ChatFacts& facts = checked->facts;
  const Behaviour& b = checked->behaviour;

  const Answer a = make_answer(x, facts, key, b);
  const Headers headers = rate_limit_headers(Window::Normal);
  if (facts.stream) {
    const StreamScript script = stream_script(a, b.chunks, facts.include_usage);
    const std::string error_event = midstream_error_event();
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, completion_body(a), headers};
  co_return co_await send_completion(x, reply, b);
}

}  // namespace sb::fake
