// Internal to classification (failure_class.h is the public face): the row types every
// provider's failure table is written in, the small JSON and text helpers the ordered functions
// share, and the per-provider entry points classify() dispatches to.
//
// Each entry point returns nullopt when none of its rules matched, so the generic fallbacks
// (4xx -> BadRequest, 5xx -> ServerError, transport, Unknown) live in one place: classify().
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "providers/failure_class.h"
#include "routing/reset_time.h"

namespace sb::failure_rules {

// An error identifier (OpenAI `code`/`type`, Anthropic `error.type`, Gemini `status`/`reason`)
// and what it means. Matched exactly, ignoring ASCII case.
struct CodeRule {
  std::string_view code;
  FailureClass cls;
};
// An HTTP status and what it means for one provider.
struct StatusRule {
  unsigned status;
  FailureClass cls;
};
// A substring of the human message (ASCII case ignored) and what it means. Messages are the
// last resort: they are matched only after identifiers, because wording changes without notice.
struct TextRule {
  std::string_view text;
  FailureClass cls;
};

std::optional<FailureClass> match_code(std::span<const CodeRule> table, std::string_view code);
std::optional<FailureClass> match_status(std::span<const StatusRule> table, unsigned status);
std::optional<FailureClass> match_text(std::span<const TextRule> table, std::string_view message);
bool contains_ci(std::string_view haystack, std::string_view needle);
bool equals_ci(std::string_view a, std::string_view b);

// The body as JSON, or nullopt (never throws).
std::optional<boost::json::value> parse_body(std::string_view body);
// Null-safe member access: nullptr unless `v` is an object holding `key`.
const boost::json::value* field(const boost::json::value* v, std::string_view key);
// A string as is, an integer as its digits; "" otherwise.
std::string text_of(const boost::json::value* v);
// An integer, or a string of digits ("429" as Azure sends it); nullopt otherwise.
std::optional<std::int64_t> int_of(const boost::json::value* v);

// True when the failure is read from a body inside a success: an in-stream event or a 2xx.
bool content_path(const UpstreamOutcome& outcome);
// "429 insufficient_quota", "stream overloaded_error": the status (or "stream") and the given
// identifiers, each reduced to [A-Za-z0-9_.:-] and bounded, empty ones skipped.
std::string make_detail(const UpstreamOutcome& outcome, unsigned status,
                        std::initializer_list<std::string_view> ids);

// A Failure whose reset comes from the generic sources for its class: a rate limit from
// rate_limit_reset(headers, `body_reset`), a quota from quota_reset(headers, `body_reset`, none),
// overloaded and server errors from an explicit Retry-After only, the other classes none.
Failure with_reset(FailureClass cls, const UpstreamOutcome& outcome, SysTime now,
                   std::optional<SysTime> body_reset, std::string detail);

// What varies between hosts that speak OpenAI's error shape. The OpenAI tables always apply;
// a dialect's own rows are consulted first, so they can override (OpenRouter's 502 is
// "overloaded", OpenAI's "server error").
struct OpenAiDialect {
  // Statuses no body can overrule, checked before anything else (Groq's 413 says
  // `rate_limit_exceeded`, but no wait will make the request fit).
  std::span<const StatusRule> decisive_statuses;
  std::span<const CodeRule> codes;
  std::span<const TextRule> texts;
  std::span<const StatusRule> statuses;
  bool moderation_is_content = false;        // OpenRouter: 403 with metadata.reasons/flagged_input
  bool bare_stream_error_is_server = false;  // Ollama {"error":"…"}, OpenRouter finish "error"
};

std::optional<Failure> classify_openai_shaped(const UpstreamOutcome& outcome, SysTime now,
                                              const OpenAiDialect& dialect);
std::optional<Failure> classify_openai(const UpstreamOutcome& outcome, SysTime now);
std::optional<Failure> classify_openai_compatible(const UpstreamOutcome& outcome, SysTime now);
std::optional<Failure> classify_anthropic(const UpstreamOutcome& outcome, SysTime now);
std::optional<Failure> classify_gemini(const UpstreamOutcome& outcome, SysTime now);

}  // namespace sb::failure_rules
