// The health of one deployment: a circuit breaker on its failure rate in a sliding window
// (SPEC §3, `policy.circuit`) and a small record of its recent latencies for status. Pure state
// over time points it is given; it reads no clock, so the router drives it with its own.
//
// Circuit breaker states and transitions (one per deployment):
//
//     CLOSED --[failure recorded and, in the window, requests >= min_requests
//               and failures / requests >= failure_rate]--------------------> OPEN
//     OPEN ----[now >= opened_at + open_for  (noticed lazily)]--------------> HALF_OPEN
//     HALF_OPEN --[admit(): no probe in flight]--> HALF_OPEN (probe in flight; others Rejected)
//     HALF_OPEN --[probe success]-------------------------> CLOSED (window cleared)
//     HALF_OPEN --[probe failure]-------------------------> OPEN   (opened_at = now)
//     HALF_OPEN --[probe released without outcome, or held longer than the probe lease]
//                                                       --> HALF_OPEN (slot free again)
//
// Invariants:
//   - At most one probe is in flight (per lease). Outcomes of requests admitted before the
//     circuit opened are counted in the window but never move the state: only the probe can
//     close or re-open a circuit that is open.
//   - The window is kBuckets buckets of max(1ms, window / kBuckets) each, indexed by steady
//     time. An outcome counts while its bucket is among the last kBuckets: one recorded at a
//     bucket's start stops counting exactly `window` later (the boundary tests pin this).
//   - Which failures count (breaker_verdict): server_error, overloaded and unknown (which include
//     timeouts and resets) are failures. bad_request, content_filtered and context_too_long
//     mean the deployment answered properly: successes. rate_limited, quota_exhausted and
//     auth_failed are neutral: cooldowns deal with them, and they must not open a circuit
//     that would then outlive the provider's own reset.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "routing/failure.h"

namespace sb {

enum class CircuitState { Closed, Open, HalfOpen };
std::string_view to_string(CircuitState s);  // closed, open, half_open

enum class BreakerVerdict { Success, Failure, Neutral };
BreakerVerdict breaker_verdict(FailureClass cls);

class CircuitBreaker {
 public:
  static constexpr int kBuckets = 60;

  enum class Admission { Allowed, Probe, Rejected };
  enum class Change { None, Opened, Closed };
  struct Window {
    int requests = 0;
    int failures = 0;
  };

  // `probe_lease`: how long a probe may stay in flight before another is admitted; a guard
  // against a probe whose outcome is never reported (the router also releases abandoned ones).
  CircuitBreaker() : CircuitBreaker(CircuitPolicy{}, Duration(0)) {}
  CircuitBreaker(const CircuitPolicy& policy, Duration probe_lease);

  // Adopts a (reloaded) policy; the window restarts empty only when its length changed.
  void configure(const CircuitPolicy& policy, Duration probe_lease);

  CircuitState state(Clock::time_point now) const;
  // Closed: Allowed. Half-open with no probe in flight: Probe (and the slot is taken).
  // Open, or half-open with a probe in flight: Rejected.
  Admission admit(Clock::time_point now);
  // Whether admit(now) would return something other than Rejected; takes nothing.
  bool admissible(Clock::time_point now) const;
  // One finished request. `probe`: it was admitted as the half-open probe.
  Change record(BreakerVerdict verdict, bool probe, Clock::time_point now);
  // The probe ended without an outcome (cancelled, client gone): free the slot.
  void release_probe();

  Window window(Clock::time_point now) const;
  // When the current or last opening ends (only meaningful while not closed).
  Clock::time_point open_until() const { return opened_at_ + policy_.open_for; }
  bool probe_in_flight(Clock::time_point now) const;

 private:
  struct Bucket {
    std::int64_t index = -1;
    int requests = 0;
    int failures = 0;
  };
  std::int64_t bucket_index(Clock::time_point t) const;
  void clear_window();
  bool should_open(Clock::time_point now) const;

  CircuitPolicy policy_;
  Duration probe_lease_;
  Clock::time_point::duration width_{0};
  std::array<Bucket, kBuckets> buckets_{};
  bool open_ = false;  // stored state: closed or open; half-open is open past open_for
  Clock::time_point opened_at_{};
  bool probe_in_flight_ = false;
  Clock::time_point probe_started_{};
};

// Latency of successful attempts, for status: a count, the last one and the median of the last
// kSamples (a ring, so memory and the cost of p50 are bounded).
class LatencyStats {
 public:
  static constexpr std::size_t kSamples = 64;
  void record(Duration latency);
  std::uint64_t count() const { return count_; }
  std::optional<Duration> last() const;
  std::optional<Duration> p50() const;

 private:
  std::array<Duration, kSamples> ring_{};
  std::uint64_t count_ = 0;
};

}  // namespace sb
