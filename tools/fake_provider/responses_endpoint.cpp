// POST /v1/responses (see endpoints.h): Bearer key, then the body, then the directives, exactly as
// the Chat endpoint, whose error bodies and rate-limit headers it shares; only the answer differs.
#include <fmt/format.h>

#include "fake_provider/endpoints.h"
#include "fake_provider/openai_checks.h"
#include "fake_provider/responses_replies.h"
#include "fake_provider/responses_request.h"

namespace sb::fake {
namespace {

// Reasoning tokens the fake claims for an answer that reasoned: any fixed, visible number.
constexpr std::uint64_t kReasoningTokens = 16;

ResponsesAnswer make_response(Exchange& x, ResponsesFacts& facts, std::string_view key,
                              const Behaviour& b) {
  // Every id from its own sequence number, so no two share a suffix.
  const auto seq = x.state.next_seq();
  const auto item_seq = x.state.next_seq();
  ResponsesAnswer a;
  a.id = make_id("resp_", seq, 48);
  a.created_at = unix_now();
  a.model = facts.model;
  a.echoed = std::move(facts.echoed);
  a.input_tokens = estimate_tokens(facts.text_chars);
  a.blocked = b.blocked;
  if (a.blocked) return a;
  if (facts.reasoning) {
    const auto reasoning_seq = x.state.next_seq();
    a.reasoning_id = make_id("rs_", reasoning_seq, 48);
    // Shaped like OpenAI's (a Fernet token): opaque to clients, meant to be passed back verbatim.
    a.encrypted_reasoning = make_id("gAAAAA", reasoning_seq, 120);
    a.reasoning_tokens = kReasoningTokens;
  }
  if (facts.tool_call) {
    a.tool_call = std::move(facts.tool_call);
    a.item_id = make_id("fc_", item_seq, 48);
    a.call_id = make_id("call_", item_seq, 24);
    a.output_tokens = estimate_tokens(a.tool_call->name.size() + a.tool_call->arguments.size());
  } else {
    const std::string note = facts.reasoning_items > 0
                                 ? fmt::format("[reasoning items: {}]", facts.reasoning_items)
                                 : std::string();
    a.item_id = make_id("msg_", item_seq, 48);
    a.text = answer_text(first_piece(facts.model), first_piece(key), b.chunks, note);
    a.output_tokens = estimate_tokens(a.text.size());
  }
  a.output_tokens += a.reasoning_tokens;
  return a;
}

}  // namespace

net::awaitable<bool> serve_responses(Exchange& x, const Request& req) {
  bool keep_alive = false;
  auto checked = co_await read_openai_request(x, req, read_responses_request, keep_alive);
  if (!checked) co_return keep_alive;
  const std::string_view key = bearer_key(req);
  ResponsesFacts& facts = checked->facts;
  const Behaviour& b = checked->behaviour;

  const ResponsesAnswer a = make_response(x, facts, key, b);
  const Headers headers = rate_limit_headers(Window::Normal);
  if (facts.stream) {
    const StreamScript script = response_stream_script(a, b.chunks);
    const auto error_at = stream_cut_point(b.midstream_error_after, script.content.size());
    const std::string error_event =
        response_failed_event(a, script.head.size() + error_at.value_or(0));
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, response_body(a), headers};
  co_return co_await send_completion(x, reply, b);
}

}  // namespace sb::fake
