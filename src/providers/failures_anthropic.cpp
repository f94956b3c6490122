// Anthropic's failure table and its one ordered function (PROVIDERS.md §2, §9, §12, §13).
// Error shape: `{"type":"error","error":{"type","message","details":{"error_code"}}}`, the same
// over HTTP and as an in-stream `event: error`.
//
// Why the order: Anthropic reuses generic types for very different situations. A 429
// `rate_limit_error` is a quota when it carries the spend-limit code or when the subscription's
// unified status is `rejected`; a 400 `invalid_request_error` is a quota ("specified API usage
// limits", "credit balance is too low"), a context overflow ("prompt is too long") or an auth
// problem ("only authorized for use with Claude Code") by its message. So the specific signals
// are tested before the generic `error.type` and status tables.
#include <array>

#include "providers/failure_rules.h"

namespace sb::failure_rules {
namespace {

using FC = FailureClass;

// OAuth subscription tokens are refused outside Claude Code (community reports; 400 or 403).
constexpr std::array<TextRule, 1> kAuthTexts = {{
    {"only authorized for use with Claude Code", FC::AuthFailed},
}};

// Monthly spend limits: a quota that lifts on a date the message states, else the first of the
// next month at 00:00 UTC.
constexpr std::array<CodeRule, 1> kSpendLimitCodes = {{
    // 429 without retry-after: "…crossed its monthly API usage threshold… regain access on
    // YYYY-MM-01 at 00:00 UTC" (error.details.error_code).
    {"enforced_spend_limit_reached", FC::QuotaExhausted},
}};
constexpr std::array<TextRule, 3> kSpendLimitTexts = {{
    // 400: "You have reached your specified API usage limits. You will regain access on …";
    // the workspace variant says "specified workspace API usage limits".
    {"reached your specified", FC::QuotaExhausted},
    {"API usage limits", FC::QuotaExhausted},
    {"monthly API usage threshold", FC::QuotaExhausted},  // the 429 spend-limit wording
}};

// Prepaid credit gone: lifts when someone pays, not on a date, so no calendar fallback.
constexpr std::array<TextRule, 1> kCreditTexts = {{
    // 400: "Your credit balance is too low to access the Anthropic API. Please go to Plans &
    // Billing to upgrade or purchase credits."
    {"credit balance is too low", FC::QuotaExhausted},
}};

constexpr std::array<TextRule, 2> kContextTexts = {{
    {"prompt is too long", FC::ContextTooLong},  // 400 "prompt is too long: N tokens > M maximum"
    // 400 "input length and `max_tokens` exceed context limit: 197681 + 21333 > 200000"
    {"exceed context limit", FC::ContextTooLong},
}};

// A finished message's stop_reason, when a caller hands one over as the failure.
constexpr std::array<CodeRule, 2> kStopReasons = {{
    {"refusal", FC::ContentFiltered},
    {"model_context_window_exceeded", FC::ContextTooLong},
}};

// error.type, as documented (with its usual status).
constexpr std::array<CodeRule, 11> kErrorTypes = {{
    {"overloaded_error", FC::Overloaded},       // 529 "Overloaded", platform-wide; also in-stream
    {"rate_limit_error", FC::RateLimited},      // 429 RPM/ITPM/OTPM or acceleration limit
    {"billing_error", FC::QuotaExhausted},      // 402
    {"authentication_error", FC::AuthFailed},   // 401
    {"permission_error", FC::AuthFailed},       // 403
    {"api_error", FC::ServerError},             // 500
    {"timeout_error", FC::ServerError},         // 504
    {"conflict_error", FC::Overloaded},         // 409: documented as "retry"; transient
    {"not_found_error", FC::BadRequest},        // 404
    {"request_too_large", FC::BadRequest},      // 413: over 32 MB, too large for any deployment
    {"invalid_request_error", FC::BadRequest},  // 400 with none of the messages above
}};

constexpr std::array<StatusRule, 10> kStatuses = {{
    {401, FC::AuthFailed},
    {402, FC::QuotaExhausted},
    {403, FC::AuthFailed},
    {404, FC::BadRequest},
    {409, FC::Overloaded},
    {413, FC::BadRequest},
    {429, FC::RateLimited},
    {500, FC::ServerError},
    {504, FC::ServerError},
    {529, FC::Overloaded},  // Anthropic's own "overloaded" status
}};

struct AnthropicError {
  bool found = false;
  std::string type, message, error_code, stop_reason;
};

AnthropicError read_anthropic_error(std::string_view body) {
  AnthropicError e;
  const auto root = parse_body(body);
  if (!root) return e;
  if (const auto* err = field(&*root, "error"); err && err->is_object()) {
    e.found = true;
    e.type = text_of(field(err, "type"));
    e.message = text_of(field(err, "message"));
    e.error_code = text_of(field(field(err, "details"), "error_code"));
  }
  // `message_delta` carries delta.stop_reason; a whole message carries stop_reason.
  e.stop_reason = text_of(field(field(&*root, "delta"), "stop_reason"));
  if (e.stop_reason.empty()) e.stop_reason = text_of(field(&*root, "stop_reason"));
  if (match_code(kStopReasons, e.stop_reason)) e.found = true;
  return e;
}

}  // namespace

std::optional<Failure> classify_anthropic(const UpstreamOutcome& o, SysTime now) {
  const AnthropicError e = read_anthropic_error(o.body);
  if (content_path(o) && !e.found) return std::nullopt;
  std::string detail = make_detail(o, o.status, {e.type, e.error_code, e.stop_reason});
  const auto text_reset = reset_from_text(e.message, now);

  // 1. A subscription token used outside Claude Code: no amount of waiting helps.
  if (match_text(kAuthTexts, e.message)) return Failure{FC::AuthFailed, std::nullopt, detail};
  // 2. Monthly spend limit: until the date in the message, else the first of next month.
  if (match_code(kSpendLimitCodes, e.error_code) || match_text(kSpendLimitTexts, e.message)) {
    return Failure{FC::QuotaExhausted,
                   quota_reset(o.headers, now, text_reset, first_of_next_month_utc(now)),
                   detail + " spend-limit"};
  }
  // 3. Credit balance too low (a 400, not the 402 billing_error it means).
  if (match_text(kCreditTexts, e.message)) {
    return with_reset(FC::QuotaExhausted, o, now, text_reset, detail + " credit-balance");
  }
  // 4. Claude Pro/Max subscription window spent: a 429 with unified status `rejected`. Until the
  //    latest rejected window's reset, else a long Retry-After, else cooldown.quota.
  const bool rate_limit = o.status == 429 || equals_ci(e.type, "rate_limit_error");
  if (rate_limit && anthropic_unified_rejected(o.headers)) {
    return with_reset(FC::QuotaExhausted, o, now, anthropic_unified_reset(o.headers, now),
                      detail + " unified-rejected");
  }
  // 5. Context overflow, read from the message.
  if (match_text(kContextTexts, e.message)) {
    return Failure{FC::ContextTooLong, std::nullopt, detail};
  }
  // 6. A stop_reason handed over as the failure (refusal, context window).
  if (auto cls = match_code(kStopReasons, e.stop_reason); cls && e.type.empty()) {
    return Failure{*cls, std::nullopt, detail};
  }
  // 7. error.type, then 8. the status. A 429 without the signals above is a rate limit, with or
  //    without retry-after (then the window headers say when).
  auto cls = match_code(kErrorTypes, e.type);
  if (!cls && o.status >= 400) cls = match_status(kStatuses, o.status);
  if (!cls) return std::nullopt;
  return with_reset(*cls, o, now, text_reset, detail);
}

}  // namespace sb::failure_rules
