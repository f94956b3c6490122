// Every byte the fake provider sends, built without I/O: Chat Completions bodies, stream events,
// OpenAI-shaped error bodies and the headers real OpenAI attaches (PROVIDERS.md §1). The server
// only decides which of these to send and when.
//
// Invariants: a stream's content pieces concatenate to the non-stream content for the same
// request; every piece is non-empty; stream events are complete SSE events (`data: …\n\n`), one
// per HTTP chunk; with include_usage every chunk carries `"usage":null` except the final
// `choices:[]` usage chunk, and without it no chunk mentions usage at all.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_provider/behaviour.h"
#include "fake_provider/request_reading.h"

namespace sb::fake {

using Headers = std::vector<std::pair<std::string, std::string>>;

// A complete JSON response (errors, lists, stats).
struct Reply {
  unsigned status = 200;
  std::string body;
  Headers headers;
};

struct Answer {
  std::string id;            // chatcmpl-…
  std::int64_t created = 0;  // unix seconds
  std::string model;         // echoed as requested
  std::string text;          // the content; unused when tool_call is set
  std::optional<ToolCallPlan> tool_call;
  std::string tool_call_id;  // call_…
  std::uint64_t prompt_tokens = 0;
  std::uint64_t completion_tokens = 0;
};

struct StreamScript {
  std::vector<std::string> head;     // the role chunk, or the tool call's opening fragment
  std::vector<std::string> content;  // one event per content piece or argument fragment
  std::vector<std::string> tail;     // finish_reason chunk, usage chunk if asked, [DONE]
};

// "Hello from fake model M (key K)", then " " + `note` when there is one, lengthened when needed
// so it splits into `min_chars` non-empty pieces.
std::string answer_text(std::string_view model_name, std::string_view key_name, unsigned min_chars,
                        std::string_view note = {});
// ceil(chars / 4): deterministic, roughly what a BPE tokenizer gives for English.
std::uint64_t estimate_tokens(std::size_t chars);
// `prefix` + `length` base-62 characters derived from `seq` (distinct for distinct seq).
std::string make_id(std::string_view prefix, std::uint64_t seq, std::size_t length);
// One SSE event with its name: `event: NAME\ndata: JSON\n\n` (Anthropic Messages and OpenAI
// Responses streams).
std::string named_event(std::string_view name, const boost::json::value& data);
// Splits into `n` non-empty pieces of near-equal size, never inside a UTF-8 sequence; fewer
// pieces when the text is too short.
std::vector<std::string> split_pieces(std::string_view text, unsigned n);

std::string completion_body(const Answer& a);
StreamScript stream_script(const Answer& a, unsigned pieces, bool include_usage);
std::string midstream_error_event();

// The error response for a failure directive. `model_name`, `key` shape the message.
Reply failure_reply(const Behaviour& b, std::string_view model_name, std::string_view key);
// The 401 OpenAI sends a request without `Authorization: Bearer`.
Reply missing_key_reply();
// An OpenAI error body; an empty param or code is sent as null.
Reply error_reply(unsigned status, std::string_view message, std::string_view type,
                  std::string_view param = {}, std::string_view code = {});

enum class Window { Normal, Quota, RateLimited };
// x-ratelimit-* (and retry-after for RateLimited) as OpenAI sends them.
Headers rate_limit_headers(Window w, std::chrono::seconds retry_after = {});
// Go's Duration.String() for whole seconds: 0s, 20s, 6m0s, 1h0m0s.
std::string go_duration(std::chrono::seconds s);

std::string models_body();

}  // namespace sb::fake
