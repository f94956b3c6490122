#include "routing/failure.h"

#include <array>
#include <utility>

namespace sb {

namespace {
constexpr std::array<std::pair<FailureClass, std::string_view>, 9> kNames = {{
    {FailureClass::QuotaExhausted, "quota_exhausted"},
    {FailureClass::RateLimited, "rate_limited"},
    {FailureClass::Overloaded, "overloaded"},
    {FailureClass::ServerError, "server_error"},
    {FailureClass::AuthFailed, "auth_failed"},
    {FailureClass::ContextTooLong, "context_too_long"},
    {FailureClass::BadRequest, "bad_request"},
    {FailureClass::ContentFiltered, "content_filtered"},
    {FailureClass::Unknown, "unknown"},
}};
}  // namespace

std::string_view to_string(FailureClass c) {
  for (const auto& [cls, name] : kNames) {
    if (cls == c) return name;
  }
  return "unknown";
}

std::optional<FailureClass> parse_failure_class(std::string_view s) {
  for (const auto& [cls, name] : kNames) {
    if (name == s) return cls;
  }
  return std::nullopt;
}

}  // namespace sb
