// What one failed attempt allows next (SPEC §3): the rules, as small pure functions over a failure
// class, kept apart from the router so each can be tested on its own truth table.
//
//   may_fail_over   THE failover predicate (STYLE 4, after nginx's ngx_http_upstream_next):
//                   attempts left && the class allows failover && nothing reached the client
//                   && now < deadline. Every path that moves a request to another deployment
//                   goes through it; there is no second copy.
//   may_retry_same  the same deployment again, after backoff: only overloaded and server_error,
//                   never a stalled attempt (connect or first-byte timeout), at most `retries`.
//   backoff_delay   exponential backoff with full jitter: uniform in [0, min(max, base * 2^n)).
//   cooldown_for    how long a class keeps its deployment out of every request.
//
// Class by class (the `action` column of SPEC §3):
//   class             same deployment   failover                       cooldown
//   quota_exhausted   no                yes                            retry_at, else quota
//   rate_limited      no                yes                            retry_at, else rate_limit
//   overloaded        yes (backoff)     yes, once retries are spent    retry_at, else overloaded
//   server_error      yes (backoff)     yes, once retries are spent    retry_at, else server_error
//   auth_failed       no                yes                            retry_at, else auth
//   context_too_long  no                yes (larger windows only)      none: the request's fault
//   bad_request       no                no: back to the client         none
//   content_filtered  no                only when configured           none
//   unknown           no                once per request               none (feeds the breaker)
#pragma once

#include <chrono>
#include <optional>

#include "config/config.h"
#include "core/clock.h"
#include "core/rng.h"
#include "routing/failure.h"

namespace sb {

// The part of a request's state the failover predicate reads.
struct AttemptBudget {
  // Upstream attempts the request may still make: deployments * (1 + retries) minus those made.
  // Whether one of them is usable right now (cooling, circuit) is the router's walk to find out.
  int attempts_left = 0;
  // An `unknown` failure already moved this request once: a second one stops it, so a failure
  // nobody recognises cannot sweep through a whole group (no retry storm).
  bool unknown_failover_spent = false;
  // SPEC §3 content_filtered: "return to the client (configurable: fail over)".
  bool content_filtered_fails_over = false;
};

// Whether the class, on its own, lets the request move to another deployment.
bool class_fails_over(FailureClass cls, const AttemptBudget& budget);

// THE failover predicate. `response_committed`: a byte of the answer reached the client, after
// which the only honest outcome is an error in the stream.
bool may_fail_over(const AttemptBudget& budget, FailureClass cls, bool response_committed,
                   Clock::time_point now, Clock::time_point deadline);

// Classes whose failure is the request's own: relayed to the client as the upstream said it,
// without failover or penalty (nginx's NGX_PEER_NEXT without the next).
bool returns_to_client(FailureClass cls, bool content_filtered_fails_over);

// `stalled`: the attempt hit its connect or first-byte timeout. A stalled deployment stays
// stalled, so it fails over at once (and counts toward its breaker) instead of being retried.
// `retries_done`: same-deployment retries already made for this deployment in this request.
bool may_retry_same(FailureClass cls, bool stalled, int retries_done, const Policy& policy);

// The upper bound of the n-th retry's delay (n = retries_done, from 0): min(max, base * 2^n),
// computed without overflow for any n.
Duration backoff_ceiling(const BackoffPolicy& backoff, int retries_done);
// Full jitter: uniform in [0, ceiling), drawn from rng (0 when the ceiling is 0).
Duration backoff_delay(const BackoffPolicy& backoff, int retries_done, Rng& rng);

// The cooldown a failure starts, as a wall-clock end: the provider's retry_at when given (even
// hours away: quota resets are honoured exactly), else now + the class's default. Nullopt for
// classes that never cool a deployment (context_too_long, bad_request, content_filtered,
// unknown). A retry_at already in the past still yields a (past) end: nothing cools.
std::optional<Clock::sys_time> cooldown_until(const Failure& failure,
                                              const CooldownPolicy& cooldown, Clock::sys_time now);

}  // namespace sb
