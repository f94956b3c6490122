// classify(): dispatch to the provider's ordered rules, then the generic fallbacks that hold for
// every provider (see failure_class.h for the order). Also the helpers the per-provider files
// share (failure_rules.h). The transport table is the one failure table that is not per
// provider: a refused connection means the same thing whoever was on the other end.
#include "providers/failure_class.h"

#include "core/ascii.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>

#include "providers/failure_rules.h"
#include "routing/reset_time.h"

namespace sb {
namespace {

struct TransportRow {
  TransportFailure kind;
  std::string_view name;    // fixture and log spelling
  std::string_view detail;  // Failure::detail: the router tells timeouts apart by it
};
// Every transport failure is a server error (SPEC §3: connection reset, TLS/DNS failure,
// timeout). The router treats the two timeouts specially (fail over at once, no same-deployment
// retry: a stalled deployment stays stalled), which is why `detail` names them precisely.
constexpr std::array<TransportRow, 9> kTransport = {{
    {TransportFailure::None, "none", ""},
    {TransportFailure::ConnectFailed, "connect_failed", "connect failed"},
    {TransportFailure::TlsFailed, "tls_failed", "TLS failed"},
    {TransportFailure::ConnectTimeout, "connect_timeout", kDetailConnectTimeout},
    {TransportFailure::FirstByteTimeout, "first_byte_timeout", kDetailFirstByteTimeout},
    {TransportFailure::IdleTimeout, "idle_timeout", "idle timeout"},
    {TransportFailure::ConnectionReset, "connection_reset", "connection reset"},
    {TransportFailure::StreamCut, "stream_cut", "stream cut"},
    {TransportFailure::Protocol, "protocol", "protocol error"},
}};

Failure transport_failure(TransportFailure t) {
  for (const auto& row : kTransport) {
    if (row.kind == t) return {FailureClass::ServerError, std::nullopt, std::string(row.detail)};
  }
  return {FailureClass::ServerError, std::nullopt, "transport failure"};
}

}  // namespace

std::string_view to_string(TransportFailure t) {
  for (const auto& row : kTransport) {
    if (row.kind == t) return row.name;
  }
  return "none";
}

std::optional<TransportFailure> parse_transport_failure(std::string_view s) {
  for (const auto& row : kTransport) {
    if (row.name == s) return row.kind;
  }
  return std::nullopt;
}

Failure classify(ProviderType type, const UpstreamOutcome& outcome, SysTime now) {
  namespace fr = failure_rules;
  std::optional<Failure> by_provider;
  const bool content = fr::content_path(outcome);
  if (outcome.status >= 400 || (content && !outcome.body.empty())) {
    switch (type) {
      case ProviderType::OpenAI:
        by_provider = fr::classify_openai(outcome, now);
        break;
      case ProviderType::OpenAICompatible:
        by_provider = fr::classify_openai_compatible(outcome, now);
        break;
      case ProviderType::Anthropic:
        by_provider = fr::classify_anthropic(outcome, now);
        break;
      case ProviderType::Gemini:
        by_provider = fr::classify_gemini(outcome, now);
        break;
    }
  }
  if (by_provider) return *by_provider;

  if (content) {
    // An error inside a success that no rule recognised: the transport failure that ended the
    // stream explains it if there was one; otherwise we do not know, and Unknown is not retried.
    if (outcome.transport != TransportFailure::None) return transport_failure(outcome.transport);
    return {FailureClass::Unknown, std::nullopt,
            outcome.in_stream ? "stream error not recognised"
                              : std::to_string(outcome.status) + " with an unreadable error"};
  }
  if (outcome.status >= 400 && outcome.status < 500) {
    return {FailureClass::BadRequest, std::nullopt, fr::make_detail(outcome, outcome.status, {})};
  }
  if (outcome.status >= 500 && outcome.status < 600) {
    return fr::with_reset(FailureClass::ServerError, outcome, now, std::nullopt,
                          fr::make_detail(outcome, outcome.status, {}));
  }
  if (outcome.transport != TransportFailure::None) return transport_failure(outcome.transport);
  if (outcome.status == 0) return {FailureClass::Unknown, std::nullopt, "no response"};
  return {FailureClass::Unknown, std::nullopt, "unexpected " + std::to_string(outcome.status)};
}

namespace failure_rules {

bool equals_ci(std::string_view a, std::string_view b) { return ascii_iequals(a, b); }

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return ascii_icontains(haystack, needle);
}

std::optional<FailureClass> match_code(std::span<const CodeRule> table, std::string_view code) {
  if (code.empty()) return std::nullopt;
  for (const auto& row : table) {
    if (equals_ci(row.code, code)) return row.cls;
  }
  return std::nullopt;
}

std::optional<FailureClass> match_status(std::span<const StatusRule> table, unsigned status) {
  for (const auto& row : table) {
    if (row.status == status) return row.cls;
  }
  return std::nullopt;
}

std::optional<FailureClass> match_text(std::span<const TextRule> table, std::string_view message) {
  if (message.empty()) return std::nullopt;
  for (const auto& row : table) {
    if (contains_ci(message, row.text)) return row.cls;
  }
  return std::nullopt;
}

std::optional<boost::json::value> parse_body(std::string_view body) {
  if (body.empty()) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return std::nullopt;
  return v;
}

const boost::json::value* field(const boost::json::value* v, std::string_view key) {
  if (v == nullptr || !v->is_object()) return nullptr;
  return v->as_object().if_contains(key);
}

std::string text_of(const boost::json::value* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return {};
}

std::optional<std::int64_t> int_of(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= 0x7fffffffffffffffULL) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_string()) {
    const auto& s = v->as_string();
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return std::nullopt;
}

bool content_path(const UpstreamOutcome& outcome) {
  return outcome.in_stream || (outcome.status >= 200 && outcome.status < 300);
}

std::string make_detail(const UpstreamOutcome& outcome, unsigned status,
                        std::initializer_list<std::string_view> ids) {
  // Identifiers only, filtered to a safe alphabet and bounded: a detail travels into headers,
  // logs and the exhausted error, and must not carry a message (or a key fragment in one).
  constexpr std::size_t kIdMax = 64;
  std::string out = outcome.in_stream ? std::string("stream") : std::to_string(status);
  for (std::string_view id : ids) {
    std::string clean;
    for (char c : id.substr(0, kIdMax)) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == ':' || c == '-';
      if (ok) clean += c;
    }
    // The same identifier often comes twice (OpenAI's `type` and `code`, OpenRouter's code =
    // status).
    if (clean.empty() || (" " + out + " ").find(" " + clean + " ") != std::string::npos) continue;
    out += ' ';
    out += clean;
  }
  return out;
}

Failure with_reset(FailureClass cls, const UpstreamOutcome& outcome, SysTime now,
                   std::optional<SysTime> body_reset, std::string detail) {
  std::optional<SysTime> at;
  switch (cls) {
    case FailureClass::RateLimited:
      at = rate_limit_reset(outcome.headers, now, body_reset);
      break;
    case FailureClass::QuotaExhausted:
      at = quota_reset(outcome.headers, now, body_reset, std::nullopt);
      break;
    case FailureClass::Overloaded:
    case FailureClass::ServerError:
      at = retry_after_reset(outcome.headers, now);
      break;
    default:
      break;
  }
  return {cls, at, std::move(detail)};
}

}  // namespace failure_rules
}  // namespace sb
