// Gemini's failure table (Gemini API and Code Assist) and its one ordered function
// (PROVIDERS.md §3, §12). Errors are google.rpc.Status: `{"error":{"code","status","message",
// "details":[…]}}`, where details may hold ErrorInfo (`reason`, `domain`), QuotaFailure
// (`violations[].quotaId`) and RetryInfo (`retryDelay`). Usually no Retry-After header.
//
// The hard part is 429 RESOURCE_EXHAUSTED, which means both "wait a few seconds" and "come back
// tomorrow". The rules follow gemini-cli's googleQuotaErrors.ts: a daily quota id or reason
// QUOTA_EXHAUSTED is a quota; RATE_LIMIT_EXCEEDED a rate limit; otherwise a retry delay above
// 120 s is a quota and one at or below it a rate limit; a per-minute quota id a rate limit. A
// daily quota resets at midnight US/Pacific, which is its reset when no longer delay is given
// (the short retryDelay Gemini attaches to daily quotas is not a reset: retrying after it fails).
#include <array>
#include <vector>

#include "providers/failure_rules.h"

namespace sb::failure_rules {
namespace {

using FC = FailureClass;

// A stated delay longer than this is a quota's reset, not a rate limit's (gemini-cli).
constexpr std::chrono::seconds kLongDelay{120};

// ErrorInfo.reason.
constexpr std::array<CodeRule, 4> kReasons = {{
    {"API_KEY_INVALID", FC::AuthFailed},          // 400 "API key not valid" / "API key expired"
    {"API_KEY_SERVICE_BLOCKED", FC::AuthFailed},  // 403 key blocked (e.g. reported as leaked)
    {"QUOTA_EXHAUSTED", FC::QuotaExhausted},      // Code Assist: "Your quota will reset after …"
    {"RATE_LIMIT_EXCEEDED", FC::RateLimited},     // Code Assist: retryable
}};

constexpr std::array<TextRule, 2> kAuthTexts = {{
    {"API key not valid", FC::AuthFailed},  // 400 INVALID_ARGUMENT, when details are missing
    {"API key expired", FC::AuthFailed},
}};

// QuotaFailure quotaId substrings that mark a daily quota, e.g.
// GenerateRequestsPerDayPerProjectPerModel-FreeTier. Per-minute ids
// (GenerateRequestsPerMinutePerProjectPerModel-FreeTier) need no row: an unmarked 429 is a rate
// limit already.
constexpr std::array<TextRule, 2> kQuotaIds = {{
    {"PerDay", FC::QuotaExhausted},
    {"Daily", FC::QuotaExhausted},
}};

constexpr std::array<TextRule, 2> kContextTexts = {{
    // 400 "The input token count (1196265) exceeds the maximum number of tokens allowed (1048576)."
    {"input token count", FC::ContextTooLong},
    {"exceeds the maximum number of tokens", FC::ContextTooLong},
}};

// A blocked prompt (promptFeedback.blockReason, any value) or a candidate's finishReason.
constexpr std::array<CodeRule, 6> kBlockedFinish = {{
    {"SAFETY", FC::ContentFiltered},
    {"RECITATION", FC::ContentFiltered},
    {"BLOCKLIST", FC::ContentFiltered},
    {"PROHIBITED_CONTENT", FC::ContentFiltered},
    {"SPII", FC::ContentFiltered},
    {"IMAGE_SAFETY", FC::ContentFiltered},
}};

// google.rpc.Code names in `error.status`.
constexpr std::array<CodeRule, 9> kStatusNames = {{
    {"RESOURCE_EXHAUSTED", FC::RateLimited},  // refined by resource_exhausted()
    // 400: billing not enabled, region not supported: the account cannot be used as is.
    {"FAILED_PRECONDITION", FC::AuthFailed},
    {"PERMISSION_DENIED", FC::AuthFailed},  // 403
    {"UNAUTHENTICATED", FC::AuthFailed},    // 401 (OAuth: refresh first)
    {"UNAVAILABLE", FC::Overloaded},  // 503 "The model is overloaded. Please try again later."
    {"INTERNAL", FC::ServerError},    // 500
    {"DEADLINE_EXCEEDED", FC::ServerError},  // 504
    {"INVALID_ARGUMENT", FC::BadRequest},    // 400 otherwise
    {"NOT_FOUND", FC::BadRequest},           // 404 model or method
}};

constexpr std::array<StatusRule, 8> kStatuses = {{
    {400, FC::BadRequest},
    {401, FC::AuthFailed},
    {403, FC::AuthFailed},
    {404, FC::BadRequest},
    {429, FC::RateLimited},
    {500, FC::ServerError},
    {503, FC::Overloaded},
    {504, FC::ServerError},
}};

struct GeminiError {
  bool found = false;
  std::optional<std::int64_t> code;
  std::string status, message, block_reason, finish_reason;
  std::vector<std::string> reasons, quota_ids;
  std::optional<std::chrono::milliseconds> retry_delay;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// RetryInfo.retryDelay: a Duration string ("33s", "900ms") or, in some clients' JSON, an object
// {seconds, nanos}.
std::optional<std::chrono::milliseconds> read_delay(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return parse_go_duration(std::string(v->as_string()));
  const auto secs = int_of(field(v, "seconds"));
  const auto nanos = int_of(field(v, "nanos"));
  if (!secs && !nanos) return std::nullopt;
  const std::int64_t ns = nanos.value_or(0);
  if (secs.value_or(0) < 0 || ns < 0) return std::nullopt;
  return std::chrono::seconds{secs.value_or(0)} +
         std::chrono::milliseconds{ns / 1'000'000 + (ns % 1'000'000 != 0 ? 1 : 0)};
}

GeminiError read_gemini_error(std::string_view body) {
  GeminiError e;
  const auto parsed = parse_body(body);
  if (!parsed) return e;
  const boost::json::value* root = &*parsed;
  // Streamed without alt=sse the body is a JSON array of chunks; the error is one of them.
  if (root->is_array()) {
    const auto& items = root->as_array();
    const boost::json::value* pick = items.empty() ? nullptr : &items.back();
    for (const auto& item : items) {
      if (field(&item, "error")) pick = &item;
    }
    root = pick;
  }
  // Code Assist wraps each chunk: {"response": {…}, "traceId": …}.
  if (const auto* inner = field(root, "response"); inner && !field(root, "error")) root = inner;

  if (const auto* err = field(root, "error"); err && err->is_object()) {
    e.found = true;
    e.code = int_of(field(err, "code"));
    e.status = text_of(field(err, "status"));
    e.message = text_of(field(err, "message"));
    if (const auto* details = field(err, "details"); details && details->is_array()) {
      for (const auto& d : details->as_array()) {
        const std::string type = text_of(field(&d, "@type"));
        if (ends_with(type, "google.rpc.ErrorInfo")) {
          e.reasons.push_back(text_of(field(&d, "reason")));
        } else if (ends_with(type, "google.rpc.QuotaFailure")) {
          if (const auto* vs = field(&d, "violations"); vs && vs->is_array()) {
            for (const auto& v : vs->as_array())
              e.quota_ids.push_back(text_of(field(&v, "quotaId")));
          }
        } else if (ends_with(type, "google.rpc.RetryInfo")) {
          e.retry_delay = read_delay(field(&d, "retryDelay"));
        }
      }
    }
  }
  e.block_reason = text_of(field(field(root, "promptFeedback"), "blockReason"));
  if (const auto* cands = field(root, "candidates"); cands && cands->is_array()) {
    for (const auto& c : cands->as_array()) {
      const std::string reason = text_of(field(&c, "finishReason"));
      if (match_code(kBlockedFinish, reason)) e.finish_reason = reason;
    }
  }
  if (!e.block_reason.empty() || !e.finish_reason.empty()) e.found = true;
  return e;
}

std::optional<FailureClass> match_any(std::span<const CodeRule> table,
                                      const std::vector<std::string>& ids, FailureClass wanted) {
  for (const auto& id : ids) {
    if (match_code(table, id) == wanted) return wanted;
  }
  return std::nullopt;
}

bool daily_quota_id(const GeminiError& e) {
  for (const auto& id : e.quota_ids) {
    // Case matters here: "PerDay" must not match inside some other word.
    for (const auto& row : kQuotaIds) {
      if (id.find(row.text) != std::string::npos) return true;
    }
  }
  return false;
}

// 429 / RESOURCE_EXHAUSTED: quota or rate limit, and until when (see the opening comment).
Failure resource_exhausted(const GeminiError& e, const UpstreamOutcome& o, SysTime now,
                           const std::string& detail) {
  const std::optional<SysTime> delay =
      e.retry_delay ? std::optional<SysTime>(now + *e.retry_delay) : std::nullopt;
  const std::optional<SysTime> text = reset_from_text(e.message, now);
  const auto is_long = [&](std::optional<SysTime> t) { return t && *t - now > kLongDelay; };
  const auto long_only = [&](std::optional<SysTime> t) { return is_long(t) ? t : std::nullopt; };

  const bool daily = daily_quota_id(e);
  if (daily || match_any(kReasons, e.reasons, FC::QuotaExhausted)) {
    const auto stated = long_only(delay) ? long_only(delay) : long_only(text);
    const auto fallback = daily ? std::optional<SysTime>(next_pacific_midnight(now)) : std::nullopt;
    return {FC::QuotaExhausted, quota_reset(o.headers, now, stated, fallback),
            detail + (daily ? " per-day" : "")};
  }
  if (match_any(kReasons, e.reasons, FC::RateLimited)) {
    return with_reset(FC::RateLimited, o, now, delay ? delay : text, detail);
  }
  if (delay || text) {
    const auto stated = delay ? delay : text;
    if (is_long(stated)) {
      return with_reset(FC::QuotaExhausted, o, now, stated, detail + " long-delay");
    }
    return with_reset(FC::RateLimited, o, now, stated, detail);
  }
  // A per-minute quota id, or nothing at all: a rate limit of unknown length.
  return with_reset(FC::RateLimited, o, now, std::nullopt, detail);
}

}  // namespace

std::optional<Failure> classify_gemini(const UpstreamOutcome& o, SysTime now) {
  const GeminiError e = read_gemini_error(o.body);
  const bool content = content_path(o);
  if (content && !e.found) return std::nullopt;
  unsigned status = o.status;
  // A mid-stream error object carries the status it would have had (js-genai throws on it).
  if (content && e.code && *e.code >= 400 && *e.code < 600) status = static_cast<unsigned>(*e.code);
  const std::string first_reason = e.reasons.empty() ? std::string() : e.reasons.front();
  const std::string first_quota = e.quota_ids.empty() ? std::string() : e.quota_ids.front();
  const std::string detail = make_detail(
      o, status, {e.status, first_reason, first_quota, e.block_reason, e.finish_reason});

  // 1. A bad or blocked key, even when it arrives as a 400 INVALID_ARGUMENT.
  if (match_any(kReasons, e.reasons, FC::AuthFailed) || match_text(kAuthTexts, e.message)) {
    return Failure{FC::AuthFailed, std::nullopt, detail};
  }
  // 2. Quota or rate limit.
  if (status == 429 || equals_ci(e.status, "RESOURCE_EXHAUSTED") ||
      match_any(kReasons, e.reasons, FC::QuotaExhausted) ||
      match_any(kReasons, e.reasons, FC::RateLimited)) {
    return resource_exhausted(e, o, now, detail);
  }
  // 3. Context overflow, then 4. a blocked prompt or answer.
  if (match_text(kContextTexts, e.message)) {
    return Failure{FC::ContextTooLong, std::nullopt, detail};
  }
  if (!e.block_reason.empty() || !e.finish_reason.empty()) {
    return Failure{FC::ContentFiltered, std::nullopt, detail};
  }
  // 5. The google.rpc code name, then 6. the HTTP status.
  auto cls = match_code(kStatusNames, e.status);
  if (!cls && status >= 400) cls = match_status(kStatuses, status);
  if (!cls) return std::nullopt;
  return with_reset(*cls, o, now, std::nullopt, detail);
}

}  // namespace sb::failure_rules
