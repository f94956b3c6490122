// The vocabulary of failover (SPEC §3): what went wrong with one attempt on one deployment, as a
// class that decides the action, plus the provider's own word on when to try again. Produced by
// classification (providers/failure_class.h) from an upstream outcome; consumed by the router.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

enum class FailureClass {
  QuotaExhausted,   // cool until the provider's reset (else cooldown.quota); fail over
  RateLimited,      // cool for the header's time (else cooldown.rate_limit); fail over
  Overloaded,       // retry with backoff, then a short cooldown; fail over
  ServerError,      // retry with backoff, then cooldown; fail over; feeds the circuit breaker
  AuthFailed,       // disable the account (cooldown.auth); fail over
  ContextTooLong,   // fail over only to a deployment with a larger window
  BadRequest,       // the request itself is wrong: back to the client, no failover
  ContentFiltered,  // back to the client (configurable: fail over)
  Unknown,          // not recognised: fail over once, never retried on the same deployment
};

// Every class, in declaration order (index = the enum's value).
inline constexpr std::array<FailureClass, 9> kFailureClasses{
    FailureClass::QuotaExhausted, FailureClass::RateLimited,     FailureClass::Overloaded,
    FailureClass::ServerError,    FailureClass::AuthFailed,      FailureClass::ContextTooLong,
    FailureClass::BadRequest,     FailureClass::ContentFiltered, FailureClass::Unknown};
static_assert(static_cast<std::size_t>(kFailureClasses.back()) + 1 == kFailureClasses.size());

// The config and header spelling: quota_exhausted, rate_limited, overloaded, server_error,
// auth_failed, context_too_long, bad_request, content_filtered, unknown.
std::string_view to_string(FailureClass c);
std::optional<FailureClass> parse_failure_class(std::string_view s);

// Out of capacity for now, fine otherwise: quota_exhausted, rate_limited, overloaded. A group
// whose every deployment cools for one of these is answered 429 (come back later), not 502.
constexpr bool is_capacity_class(FailureClass c) {
  return c == FailureClass::QuotaExhausted || c == FailureClass::RateLimited ||
         c == FailureClass::Overloaded;
}

struct Failure {
  FailureClass cls = FailureClass::Unknown;
  // When the provider says the deployment may be tried again (wall time), if it says so.
  std::optional<std::chrono::system_clock::time_point> retry_at;
  std::string detail;  // short, human, secret-free: "429 insufficient_quota", "connect timeout"
};

}  // namespace sb
