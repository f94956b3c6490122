// POST /v1beta/models/{model}:generateContent and :streamGenerateContent (see endpoints.h). The
// checks run in Google's order: the method, the key, the body; then the directives, with the
// `signatures` check (a caller fault Gemini finds while reading the history) before any scripted
// failure. Gemini answers carry no OpenAI headers and no rate-limit headers at all.
#include "fake_provider/endpoints.h"
#include "fake_provider/gemini_replies.h"
#include "fake_provider/gemini_request.h"

namespace sb::fake {
namespace {

GeminiAnswer make_gemini_answer(Exchange& x, GeminiFacts& facts, const GeminiTarget& target,
                                std::string_view key, const Behaviour& b) {
  const auto seq = x.state.next_seq();
  GeminiAnswer a;
  a.response_id = make_id("", seq, 23);
  a.model_version = target.model;
  a.prompt_tokens = estimate_tokens(facts.text_chars);
  a.blocked = b.blocked;
  if (a.blocked) return a;
  if (facts.function_call) {
    a.function_call = std::move(facts.function_call);
    a.thought_signature = issue_thought_signature(seq);
    a.candidates_tokens =
        estimate_tokens(a.function_call->name.size() + a.function_call->arguments.size());
  } else {
    a.text = answer_text(first_piece(target.model), first_piece(key), b.chunks);
    a.candidates_tokens = estimate_tokens(a.text.size());
  }
  return a;
}

}  // namespace

std::string_view gemini_key(const Request& req, std::string_view query_key) {
  if (auto it = req.find("x-goog-api-key"); it != req.end() && !it->value().empty())
    return it->value();
  if (!query_key.empty()) return query_key;
  return bearer_key(req);
}

net::awaitable<bool> serve_gemini(Exchange& x, const Request& req, const GeminiTarget& target) {
  x.openai_headers = false;
  const std::string_view key = gemini_key(req, target.key);
  x.state.count_request(first_piece(key), target.model);
  const bool stream = target.method == "streamGenerateContent";
  if (!stream && target.method != "generateContent") {
    Reply reply = gemini_unknown_method_reply(target.model, target.method);
    co_return co_await send_reply(x, std::move(reply));
  }
  if (key.empty()) {
    Reply reply = gemini_missing_key_reply();
    co_return co_await send_reply(x, std::move(reply));
  }
  auto facts = read_gemini_request(req.body());
  if (!facts) {
    Reply reply = gemini_error_reply(400, "INVALID_ARGUMENT", facts.error().message);
    co_return co_await send_reply(x, std::move(reply));
  }

  const Behaviour b = parse_behaviour(key, target.model);
  if (b.stall && !co_await stall(x, *b.stall)) co_return false;
  if (b.check_signatures) {
    if (const auto problem = check_thought_signatures(facts->history_calls, b.own_signatures_only)) {
      Reply reply = gemini_signature_reply(*problem);
      co_return co_await send_reply(x, std::move(reply));
    }
  }
  if (b.failure != Failure::None) {
    Reply reply = gemini_failure_reply(b, first_piece(target.model));
    co_return co_await send_reply(x, std::move(reply));
  }

  const GeminiAnswer a = make_gemini_answer(x, *facts, target, key, b);
  if (stream) {
    const GeminiFraming framing = target.sse ? GeminiFraming::Sse : GeminiFraming::JsonArray;
    const StreamScript script = gemini_stream_script(a, b.chunks, framing);
    const auto error_at = stream_cut_point(b.midstream_error_after, script.content.size());
    const std::string error_event = gemini_midstream_error_event(framing, error_at.value_or(0));
    const Headers headers = gemini_stream_headers(framing);
    co_return co_await send_stream(x, script, b, headers, error_event);
  }
  Reply reply{200, gemini_body(a), gemini_headers()};
  co_return co_await send_completion(x, reply, b);
}

}  // namespace sb::fake
