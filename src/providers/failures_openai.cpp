// OpenAI's failure table, and the one ordered function for every host that speaks OpenAI's error
// shape (`{"error":{"message","type","param","code"}}`): OpenAI itself here, the
// openai-compatible hosts (OpenRouter, DeepSeek, Groq, Ollama, Azure-shaped proxies) through a
// dialect of extra rows in failures_openai_compatible.cpp.
//
// Order of evidence, most specific first: a dialect's decisive statuses; the error's
// identifiers (`code`, Azure's `innererror.code`, then `type`); OpenRouter's moderation metadata;
// message wording; the HTTP status; category words such as `server_error`; last the bare stream
// errors some hosts send. A rate limit whose message names a per-day window is a quota.
// Sources: PROVIDERS.md §1, §5, §8, §12.
#include <array>

#include "providers/failure_rules.h"

namespace sb::failure_rules {
namespace {

using FC = FailureClass;

// Identifiers, exact. The first that matches decides.
constexpr std::array<CodeRule, 17> kOpenAiCodes = {{
    // OpenAI 429 quota family: retrying never helps until billing changes (§1). Older bodies
    // carry insufficient_quota as the `type` too.
    {"insufficient_quota", FC::QuotaExhausted},
    {"credit_balance_exhausted", FC::QuotaExhausted},           // OpenAI: prepaid credits gone
    {"organization_spend_limit_exceeded", FC::QuotaExhausted},  // OpenAI: org budget reached
    {"project_spend_limit_exceeded", FC::QuotaExhausted},       // OpenAI: project budget
    {"organization_usage_limit_exceeded", FC::QuotaExhausted},  // OpenAI: usage tier cap
    {"usage_limit_reached", FC::QuotaExhausted},  // Codex (ChatGPT OAuth) plan limit; resets_at
    // Codex: the plan does not include this usage at all; waiting will not fix it (§9).
    {"usage_not_included", FC::AuthFailed},
    {"invalid_api_key", FC::AuthFailed},  // OpenAI 401 "Incorrect API key provided"
    // OpenAI 429 (formerly 503): traffic ramped up too fast; back off and it passes.
    {"slow_down", FC::Overloaded},
    {"server_is_overloaded", FC::Overloaded},               // OpenAI 503
    {"context_length_exceeded", FC::ContextTooLong},        // OpenAI 400 (Chat and Responses)
    {"invalid_prompt", FC::ContentFiltered},                // OpenAI 400: prompt flagged by policy
    {"content_policy_violation", FC::ContentFiltered},      // OpenAI 400 (images, moderation)
    {"content_filter", FC::ContentFiltered},                // Azure OpenAI 400 `code`
    {"ResponsibleAIPolicyViolation", FC::ContentFiltered},  // Azure `innererror.code`
    // OpenAI and Groq 429, `type` requests|tokens; a per-day window makes it a quota (below).
    {"rate_limit_exceeded", FC::RateLimited},
    // OpenAI Responses stream `event: error` for a 429 that names no limit (openai-dotnet#881).
    {"too_many_requests", FC::RateLimited},
}};

// Category words: they say which side failed, not how, so the status outranks them (OpenAI's 503
// "The engine is currently overloaded" has type server_error). They decide only when there is
// no error status: an in-stream `data: {"error":{"type":"server_error"…}}`, a Responses
// `response.failed` with code server_error, OpenRouter's mid-stream error code.
constexpr std::array<CodeRule, 1> kOpenAiCategories = {{
    {"server_error", FC::ServerError},
}};

// Message wording, checked after identifiers (bodies from proxies or older API versions lack them).
constexpr std::array<TextRule, 5> kOpenAiTexts = {{
    {"exceeded your current quota", FC::QuotaExhausted},  // OpenAI insufficient_quota wording
    {"exceeds the context window", FC::ContextTooLong},   // OpenAI current wording
    {"maximum context length", FC::ContextTooLong},  // OpenAI older wording, OpenRouter, Mistral
    {"currently overloaded", FC::Overloaded},  // OpenAI 503 "The engine is currently overloaded"
    {"rate limit reached", FC::RateLimited},   // OpenAI/Groq 429 without a code
}};

// Rate-limit messages that name a daily window: the limit will not lift within minutes, so it
// is a quota (OpenAI "on requests per day (RPD)", Groq "tokens per day (TPD)", OpenRouter
// "Rate limit exceeded: free-models-per-day").
constexpr std::array<TextRule, 4> kPerDayTexts = {{
    {"per day", FC::QuotaExhausted},
    {"(RPD)", FC::QuotaExhausted},
    {"(TPD)", FC::QuotaExhausted},
    {"-per-day", FC::QuotaExhausted},
}};

constexpr std::array<StatusRule, 8> kOpenAiStatuses = {{
    {401, FC::AuthFailed},  // bad key, not a member of the org, IP not allowed
    {403, FC::AuthFailed},  // "Country, region, or territory not supported"
    // OpenAI does not document 402; any host answering Payment Required is out of credit, and
    // returning it to the client as a bad request would stop failover.
    {402, FC::QuotaExhausted},
    {429, FC::RateLimited},
    {500, FC::ServerError},
    {502, FC::ServerError},
    {503, FC::Overloaded},  // "The engine is currently overloaded"
    {504, FC::ServerError},
}};

constexpr OpenAiDialect kOpenAi{};

// What an OpenAI-shaped body says, whichever of its shapes it came in.
struct OpenAiError {
  bool found = false;
  std::string code, inner_code, type, message;
  std::optional<std::int64_t> numeric_code;  // OpenRouter `code: 429`, Azure `"code": "429"`
  bool bare_string = false;                  // Ollama `{"error":"…"}`
  bool finish_error = false;                 // OpenRouter mid-stream `finish_reason: "error"`
  bool moderation = false;                   // OpenRouter 403 `metadata.reasons` / `flagged_input`
  bool failed_response = false;              // Responses `response.failed` saying nothing more
  std::optional<SysTime> resets_at;          // Codex usage_limit_reached
};

void read_error_object(const boost::json::value* err, SysTime now, OpenAiError& e) {
  e.found = true;
  e.code = text_of(field(err, "code"));
  e.numeric_code = int_of(field(err, "code"));
  e.type = text_of(field(err, "type"));
  e.message = text_of(field(err, "message"));
  e.inner_code = text_of(field(field(err, "innererror"), "code"));
  const auto* metadata = field(err, "metadata");
  e.moderation =
      field(metadata, "reasons") != nullptr || field(metadata, "flagged_input") != nullptr;
  if (auto at = int_of(field(err, "resets_at")); at && *at > 0) {
    e.resets_at = SysTime{std::chrono::seconds{*at}};
  } else if (auto in = int_of(field(err, "resets_in_seconds")); in && *in >= 0) {
    e.resets_at = now + std::chrono::seconds{*in};
  }
}

OpenAiError read_openai_error(std::string_view body, SysTime now) {
  OpenAiError e;
  const auto root = parse_body(body);
  if (!root) return e;
  const auto* r = &*root;
  if (const auto* err = field(r, "error")) {
    if (err->is_string()) {
      e.found = true;
      e.bare_string = true;
      e.message = std::string(err->as_string());
    } else if (err->is_object()) {
      read_error_object(err, now, e);
    }
  } else if (text_of(field(r, "type")) == "error") {
    // Responses stream `event: error` as documented, {"type":"error","code","message","param"};
    // OpenAI really nests the error object, which the branch above reads.
    read_error_object(r, now, e);
    e.type.clear();
  } else if (text_of(field(r, "type")) == "response.failed") {
    if (const auto* err = field(field(r, "response"), "error"); err && err->is_object()) {
      read_error_object(err, now, e);
    } else {
      e.found = e.failed_response = true;
    }
  }
  if (const auto* choices = field(r, "choices"); choices && choices->is_array()) {
    for (const auto& choice : choices->as_array()) {
      if (text_of(field(&choice, "finish_reason")) == "error") e.finish_error = e.found = true;
    }
  }
  return e;
}

std::optional<FailureClass> match_either(std::span<const CodeRule> first,
                                         std::span<const CodeRule> second, std::string_view id) {
  if (auto c = match_code(first, id)) return c;
  return match_code(second, id);
}

}  // namespace

std::optional<Failure> classify_openai_shaped(const UpstreamOutcome& o, SysTime now,
                                              const OpenAiDialect& d) {
  const OpenAiError e = read_openai_error(o.body, now);
  const bool content = content_path(o);
  if (content && !e.found) return std::nullopt;
  unsigned status = o.status;
  // Inside a 200, OpenRouter's numeric error.code is the status the error would have had.
  if (content && e.numeric_code && *e.numeric_code >= 400 && *e.numeric_code < 600) {
    status = static_cast<unsigned>(*e.numeric_code);
  }
  std::string detail = make_detail(o, status, {e.code, e.inner_code, e.type});

  // 0. A status that settles it whatever the body says.
  std::optional<FailureClass> cls;
  if (status >= 400) cls = match_status(d.decisive_statuses, status);
  // 1. Identifiers, most specific first.
  for (std::string_view id :
       {std::string_view(e.code), std::string_view(e.inner_code), std::string_view(e.type)}) {
    if (cls) break;
    cls = match_either(d.codes, kOpenAiCodes, id);
  }
  // 2. OpenRouter's moderation block: the metadata says what was flagged.
  if (!cls && d.moderation_is_content && e.moderation) cls = FC::ContentFiltered;
  // 3. Wording.
  if (!cls) cls = match_text(d.texts, e.message);
  if (!cls) cls = match_text(kOpenAiTexts, e.message);
  // 4. The status, the dialect's meaning first.
  if (!cls && status >= 400) cls = match_status(d.statuses, status);
  if (!cls && status >= 400) cls = match_status(kOpenAiStatuses, status);
  // 5. Category words, for errors without an error status.
  for (std::string_view id : {std::string_view(e.code), std::string_view(e.type)}) {
    if (!cls) cls = match_code(kOpenAiCategories, id);
  }
  // 6. Errors that carry nothing but the fact: Ollama's `{"error":"…"}` line, OpenRouter's
  //    `finish_reason: "error"` chunk, a Responses `response.failed` without its error. The
  //    upstream broke mid-answer: a server error.
  if (!cls && content && d.bare_stream_error_is_server && (e.bare_string || e.finish_error)) {
    cls = FC::ServerError;
    if (e.finish_error) detail += " finish_reason:error";
  }
  if (!cls && content && e.failed_response) {
    cls = FC::ServerError;
    detail += " response.failed";
  }
  if (!cls) return std::nullopt;

  const auto text_reset = reset_from_text(e.message, now);
  if (*cls == FC::RateLimited && match_text(kPerDayTexts, e.message)) {
    return with_reset(FC::QuotaExhausted, o, now, text_reset, detail + " per-day");
  }
  if (*cls == FC::QuotaExhausted) {
    return with_reset(FC::QuotaExhausted, o, now, e.resets_at ? e.resets_at : text_reset, detail);
  }
  return with_reset(*cls, o, now, text_reset, detail);
}

std::optional<Failure> classify_openai(const UpstreamOutcome& outcome, SysTime now) {
  return classify_openai_shaped(outcome, now, kOpenAi);
}

}  // namespace sb::failure_rules
