// How the fake provider should misbehave for one request, read from the request itself. The API
// key and the model are each split on `+`; every piece that is a known directive (an exact word,
// or `word=value`) is an instruction, every other piece is a plain name and is ignored, so
// `sk-alpha+quota` and `gpt-4o-mini+stall=200+chunks=3` both work. Directives from the key apply
// first, then the model's, so the model wins a conflict; within one source the last piece wins.
// A known word with a missing, malformed or out-of-range value is not a directive (it is ignored
// like any other name), which keeps a typo from turning into a surprising failure mode.
//
// The effects below are the OpenAI dialect's (Chat Completions and Responses). Each other dialect
// words every failure its own way: anthropic_replies.h (`overloaded` is a 529 there, `quota` a 400
// "specified API usage limits", ...) and gemini_replies.h (google.rpc.Status bodies, `quota` a
// 429 with a per-day QuotaFailure, ...).
//
//   piece               value range     effect
//   ------------------  --------------  ----------------------------------------------------------
//   quota               -               429 insufficient_quota (with x-ratelimit-reset-* of `6ms`)
//   spendlimit          -               a spend limit: the same as quota for OpenAI
//   ratelimit[=S]       0..86400 s      429 rate_limit_exceeded, retry-after S (default 20)
//   overloaded          -               503 server_is_overloaded
//   context             -               400 context_length_exceeded
//   badkey              -               the provider's answer to a wrong key: 401 invalid_api_key
//                                       (Anthropic 401 authentication_error; Gemini 400
//                                       INVALID_ARGUMENT with ErrorInfo API_KEY_INVALID)
//   error=CODE          400..599        HTTP CODE with OpenAI's body for that status (401
//                                       invalid_api_key, 404 model_not_found, 429 = ratelimit,
//                                       500 server_error, others a generic message)
//   stall[=MS]          0..86400000 ms  wait before sending anything (default: until the client
//                                       closes or the server stops), then answer as directed
//   pace=MS             0..60000 ms     wait between stream events
//   chunks=N            0..100000       content pieces in a stream (default 5)
//   drop=N              0..100000       stream: close the connection after N content chunks;
//                                       non-stream: send the full Content-Length, half the body
//   midstream_error=N   0..100000       stream: after N content chunks send an error event and
//                                       end the response cleanly (no [DONE])
//   blocked             -               a 200 refusing the prompt: Gemini no candidates and
//                                       promptFeedback.blockReason SAFETY; Responses status
//                                       incomplete, reason content_filter. Chat and Messages
//                                       ignore it.
//   signatures          -               Gemini: refuse (400 INVALID_ARGUMENT, as Gemini 3 does) a
//                                       history whose functionCall parts lack a thoughtSignature
//                                       the fake issued (thought_signature.h). Others ignore it.
//
// The failure directives (quota, spendlimit, ratelimit, overloaded, context, badkey, error) share
// one slot: the last one applied decides the response, and a failure outranks `blocked`. drop and
// midstream_error shape successful answers only; in a streamed tool call the "content chunks" are
// the argument fragments (max(chunks, 2) of them; a Gemini function call is one chunk, whole),
// and an N beyond the number of chunks means "after the last one" (stream_cut_point).
// The table itself lives in behaviour.cpp (kDirectives); adding a row there is the whole change.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::fake {

enum class Failure {
  None,
  Quota,
  SpendLimit,
  RateLimit,
  Overloaded,
  ContextTooLong,
  BadKey,
  Status
};

struct Behaviour {
  Failure failure = Failure::None;
  unsigned status = 0;                             // the HTTP status when failure == Status
  std::chrono::seconds retry_after{20};            // for RateLimit
  std::optional<std::chrono::milliseconds> stall;  // kStallForever when given without a value
  std::chrono::milliseconds pace{0};
  unsigned chunks = 5;
  std::optional<unsigned> drop_after;
  std::optional<unsigned> midstream_error_after;
  bool blocked = false;
  bool check_signatures = false;
  bool own_signatures_only = false;  // the skip values Google documents are refused too

  bool operator==(const Behaviour&) const = default;
};

inline constexpr std::chrono::milliseconds kStallForever = std::chrono::milliseconds::max();

// Applies the directives found in `key`, then those in `model`, to a default Behaviour.
Behaviour parse_behaviour(std::string_view key, std::string_view model);

// Applies the directives among `text`'s `+`-pieces to `b`. Exposed for tests.
void apply_directives(std::string_view text, Behaviour& b);

// The HTTP status a status-shaped failure asks for: CODE for error=CODE, 401 for badkey (the
// status OpenAI and Anthropic give a wrong key; Gemini words it as its own 400).
unsigned scripted_status(const Behaviour& b);

// Where a drop or mid-stream error fires among `content_count` content events: before content
// event min(after, content_count), so a count beyond the content means "after the last one" and
// the directive always fires; nullopt without the directive.
std::optional<std::size_t> stream_cut_point(std::optional<unsigned> after,
                                            std::size_t content_count);

// The text before the first `+`: the plain name the fake reports (`sk-alpha+quota` → `sk-alpha`).
std::string_view first_piece(std::string_view text);

}  // namespace sb::fake
