#include "routing/retry_policy.h"

#include <algorithm>

namespace sb {

bool class_fails_over(FailureClass cls, const AttemptBudget& budget) {
  switch (cls) {
    case FailureClass::QuotaExhausted:
    case FailureClass::RateLimited:
    case FailureClass::Overloaded:
    case FailureClass::ServerError:
    case FailureClass::AuthFailed:
    case FailureClass::ContextTooLong: return true;
    case FailureClass::BadRequest: return false;
    case FailureClass::ContentFiltered: return budget.content_filtered_fails_over;
    case FailureClass::Unknown: return !budget.unknown_failover_spent;
  }
  return false;
}

bool may_fail_over(const AttemptBudget& budget, FailureClass cls, bool response_committed,
                   Clock::time_point now, Clock::time_point deadline) {
  return budget.attempts_left > 0 && class_fails_over(cls, budget) && !response_committed &&
         now < deadline;
}

bool returns_to_client(FailureClass cls, bool content_filtered_fails_over) {
  return cls == FailureClass::BadRequest ||
         (cls == FailureClass::ContentFiltered && !content_filtered_fails_over);
}

bool may_retry_same(FailureClass cls, bool stalled, int retries_done, const Policy& policy) {
  const bool transient = cls == FailureClass::Overloaded || cls == FailureClass::ServerError;
  return transient && !stalled && retries_done < policy.retries;
}

Duration backoff_ceiling(const BackoffPolicy& backoff, int retries_done) {
  const auto base = std::max<Duration::rep>(backoff.base.count(), 0);
  const auto max = std::max<Duration::rep>(backoff.max.count(), 0);
  if (base == 0) return Duration(0);
  auto d = base;
  // Doubling stops at max, so the loop runs at most ~63 times and never overflows.
  for (int i = 0; i < retries_done && d < max; ++i) d = d > max / 2 ? max : d * 2;
  return Duration(std::min(d, max));
}

Duration backoff_delay(const BackoffPolicy& backoff, int retries_done, Rng& rng) {
  const auto ceiling = backoff_ceiling(backoff, retries_done).count();
  if (ceiling == 0) return Duration(0);
  // uniform01() < 1, but a ceiling beyond 2^53 ms rounds in double: keep the bound strict.
  const double x = rng.uniform01() * static_cast<double>(ceiling);
  if (x >= static_cast<double>(ceiling)) return Duration(ceiling - 1);
  return Duration(static_cast<Duration::rep>(x));
}

std::optional<Clock::sys_time> cooldown_until(const Failure& failure,
                                              const CooldownPolicy& cooldown, Clock::sys_time now) {
  Duration fallback{};
  switch (failure.cls) {
    case FailureClass::QuotaExhausted: fallback = cooldown.quota; break;
    case FailureClass::RateLimited: fallback = cooldown.rate_limit; break;
    case FailureClass::Overloaded: fallback = cooldown.overloaded; break;
    case FailureClass::ServerError: fallback = cooldown.server_error; break;
    case FailureClass::AuthFailed: fallback = cooldown.auth; break;
    case FailureClass::ContextTooLong:
    case FailureClass::BadRequest:
    case FailureClass::ContentFiltered:
    case FailureClass::Unknown: return std::nullopt;
  }
  if (failure.retry_at) return *failure.retry_at;
  return now + fallback;
}

}  // namespace sb
