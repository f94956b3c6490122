// When may a deployment be tried again? Providers say it in a dozen spellings: Retry-After
// (seconds or an HTTP-date), retry-after-ms, OpenAI's Go-style `x-ratelimit-reset-*` durations,
// Anthropic's RFC 3339 `anthropic-ratelimit-*-reset` and epoch-second unified resets, Gemini's
// `retryDelay`, and free text ("Please retry in 33.2s", "regain access on 2026-12-01"). This file
// turns each into a wall-clock instant, and composes them in the priority order of SPEC §3.
//
// Invariants: every function is pure (the wall clock `now` is a parameter, never read); malformed
// input yields nullopt, never an exception or a guess; negative durations are rejected; fractions
// below a millisecond round up, so a reset is never reported early. Two compositions encode the
// rule that matters most (SPEC §3, PROVIDERS §13): per-minute window headers
// (`x-ratelimit-reset-*`, `anthropic-ratelimit-*-reset`) describe RATE limits only. They feed
// rate_limit_reset() and are never consulted by quota_reset(), because OpenAI sends `6ms` windows
// on an `insufficient_quota` 429 and a quota must not cool for six milliseconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb {

using SysTime = std::chrono::system_clock::time_point;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A Retry-After at or below this is a retry hint (the official SDKs obey only 0-60 s as such);
// above it, it announces a quota-scale wait. Only the latter may set a quota's reset.
inline constexpr std::chrono::seconds kRetryHintLimit{60};

// The first header named `name` (ASCII case-insensitive), its value trimmed of blanks.
std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name);

// ---- Value parsers ----------------------------------------------------------------------------

// Go's time.Duration syntax as OpenAI and Groq send it: `6m0s`, `1s`, `17ms`, `2m59.56s`,
// `1h2m3s`, `900ms`, `33.2s`, a bare `0`; units ns, us (µs, μs), ms, s, m, h. Also Gemini's
// protobuf Duration (`"33s"`, `"33.2s"`), which is the same grammar.
std::optional<std::chrono::milliseconds> parse_go_duration(std::string_view text);
// The inverse, as Go prints it: `0s`, `17ms`, `6m0s`, `1h2m3.5s`. parse(format(d)) == d.
std::string format_go_duration(std::chrono::milliseconds d);

// A non-negative decimal count of `unit`: "20", "1.5". Used by Retry-After and retry-after-ms.
std::optional<std::chrono::milliseconds> parse_decimal(std::string_view text,
                                                       std::chrono::milliseconds unit);
// RFC 9110 HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 and asctime.
std::optional<SysTime> parse_http_date(std::string_view text);
// RFC 3339 / ISO 8601 with a zone: `2026-04-26T12:01:00Z`, `...12:01:00.5+02:00`.
std::optional<SysTime> parse_rfc3339(std::string_view text);
// Whole seconds since the Unix epoch, as Anthropic's unified headers and Codex's `resets_at`.
std::optional<SysTime> parse_epoch_seconds(std::string_view text);
// A Retry-After value: integer (or decimal) seconds from now, else an HTTP-date. A date in the
// past means "now".
std::optional<SysTime> parse_retry_after(std::string_view value, SysTime now);

// `2026-11-23T13:00:00Z`, or with milliseconds when it has any (`...:59.560Z`).
std::string format_rfc3339(SysTime t);

// ---- Calendar fallbacks ----------------------------------------------------------------------

// The next midnight (strictly after `now`) in America/Los_Angeles, where Gemini's daily quotas
// reset. Fixed US rule, no tz database: PDT (UTC-7) from the second Sunday of March 02:00 to the
// first Sunday of November 02:00 local, PST (UTC-8) otherwise.
SysTime next_pacific_midnight(SysTime now);
// 00:00 UTC on the first day of the month after `now`'s (Anthropic's monthly spend limits).
SysTime first_of_next_month_utc(SysTime now);

// ---- Sources, one per header family or text ----------------------------------------------------

// retry-after-ms, else retry-after (seconds or HTTP-date). The provider's explicit word.
std::optional<SysTime> retry_after_reset(const HeaderList& headers, SysTime now);
// The per-minute window headers: OpenAI/Groq `x-ratelimit-reset-{requests,tokens}` (Go durations
// from now) and Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`
// (RFC 3339). Of the windows whose `-remaining` is 0 the latest reset, since that is the one that
// refused; when none says 0 (token counts are rounded), the latest of all, to be safe.
std::optional<SysTime> window_reset(const HeaderList& headers, SysTime now);
// Claude subscription limits: when `anthropic-ratelimit-unified-status` or any
// `anthropic-ratelimit-unified-<window>-status` is `rejected`, the LATEST `-reset` (epoch seconds)
// among the rejected windows (the account is usable only once all of them reopen); nullopt when
// nothing is rejected or no reset is readable.
std::optional<SysTime> anthropic_unified_reset(const HeaderList& headers, SysTime now);
bool anthropic_unified_rejected(const HeaderList& headers);
// A reset stated in an error message, first match in this order: "retry in 33.2s",
// "try again in 2s", "retry after 22 seconds", "reset after 18h31m10s", "resets in …",
// "resets at/reset at <RFC 3339|date>", "regain access on 2026-12-01 at 00:00 UTC" (a date alone
// means its midnight UTC). Case-insensitive.
std::optional<SysTime> reset_from_text(std::string_view message, SysTime now);

// ---- Compositions (SPEC §3 priority order) ------------------------------------------------

// A rate limit's end: retry-after-ms › retry-after › window headers › `from_body` (what the body
// said: Gemini retryDelay, "Please try again in 2s"). Nullopt: the router's cooldown.rate_limit.
std::optional<SysTime> rate_limit_reset(const HeaderList& headers, SysTime now,
                                        std::optional<SysTime> from_body);
// A quota's end: `from_body` (a reset the provider stated for this quota: a date in the message,
// Codex resets_at, Anthropic unified reset, a long Gemini delay) › a Retry-After longer than
// kRetryHintLimit › `fallback` (a calendar rule: Gemini's Pacific midnight, Anthropic's first of
// the month). Never the window headers. Resets not after `now` are ignored. Nullopt: the
// router's cooldown.quota.
std::optional<SysTime> quota_reset(const HeaderList& headers, SysTime now,
                                   std::optional<SysTime> from_body,
                                   std::optional<SysTime> fallback);

}  // namespace sb
