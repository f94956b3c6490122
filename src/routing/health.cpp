#include "routing/health.h"

#include <algorithm>
#include <vector>

namespace sb {

namespace {
using Ticks = Clock::time_point::duration;  // steady-clock resolution
}  // namespace

std::string_view to_string(CircuitState s) {
  switch (s) {
    case CircuitState::Closed: return "closed";
    case CircuitState::Open: return "open";
    case CircuitState::HalfOpen: return "half_open";
  }
  return "closed";
}

BreakerVerdict breaker_verdict(FailureClass cls) {
  switch (cls) {
    case FailureClass::ServerError:
    case FailureClass::Overloaded:
    case FailureClass::Unknown: return BreakerVerdict::Failure;
    case FailureClass::BadRequest:
    case FailureClass::ContentFiltered:
    case FailureClass::ContextTooLong: return BreakerVerdict::Success;
    case FailureClass::RateLimited:
    case FailureClass::QuotaExhausted:
    case FailureClass::AuthFailed: return BreakerVerdict::Neutral;
  }
  return BreakerVerdict::Failure;
}

CircuitBreaker::CircuitBreaker(const CircuitPolicy& policy, Duration probe_lease) {
  configure(policy, probe_lease);
}

void CircuitBreaker::configure(const CircuitPolicy& policy, Duration probe_lease) {
  probe_lease_ = probe_lease;
  const bool same_window = policy.window == policy_.window && width_.count() > 0;
  policy_ = policy;  // min_requests, failure_rate and open_for apply at once
  if (same_window) return;
  // Rounded up, so kBuckets buckets always cover the whole window.
  const auto window = std::max<Ticks>(policy.window, Duration(1));
  width_ = std::max<Ticks>((window + Ticks(kBuckets - 1)) / kBuckets, Duration(1));
  clear_window();
}

std::int64_t CircuitBreaker::bucket_index(Clock::time_point t) const {
  return t.time_since_epoch() / width_;
}

void CircuitBreaker::clear_window() { buckets_.fill(Bucket{}); }

CircuitBreaker::Window CircuitBreaker::window(Clock::time_point now) const {
  const auto current = bucket_index(now);
  const auto span = static_cast<std::int64_t>(
      (std::max<Ticks>(policy_.window, Duration(1)) + width_ - Ticks(1)) / width_);
  Window w;
  for (const auto& b : buckets_) {
    if (b.index > current - span && b.index <= current) {
      w.requests += b.requests;
      w.failures += b.failures;
    }
  }
  return w;
}

bool CircuitBreaker::should_open(Clock::time_point now) const {
  const auto w = window(now);
  if (w.requests < std::max(policy_.min_requests, 1)) return false;
  // Division, not failures >= rate * requests: 3 / 10 and 0.3 round to the same double, while
  // 0.3 * 10 does not round to 3, and the boundary must hold exactly.
  return static_cast<double>(w.failures) / static_cast<double>(w.requests) >= policy_.failure_rate;
}

CircuitState CircuitBreaker::state(Clock::time_point now) const {
  if (!open_) return CircuitState::Closed;
  return now < open_until() ? CircuitState::Open : CircuitState::HalfOpen;
}

bool CircuitBreaker::probe_in_flight(Clock::time_point now) const {
  if (!probe_in_flight_) return false;
  return probe_lease_.count() <= 0 || now - probe_started_ < probe_lease_;
}

bool CircuitBreaker::admissible(Clock::time_point now) const {
  switch (state(now)) {
    case CircuitState::Closed: return true;
    case CircuitState::Open: return false;
    case CircuitState::HalfOpen: return !probe_in_flight(now);
  }
  return false;
}

CircuitBreaker::Admission CircuitBreaker::admit(Clock::time_point now) {
  if (!admissible(now)) return Admission::Rejected;
  if (!open_) return Admission::Allowed;
  probe_in_flight_ = true;
  probe_started_ = now;
  return Admission::Probe;
}

void CircuitBreaker::release_probe() { probe_in_flight_ = false; }

CircuitBreaker::Change CircuitBreaker::record(BreakerVerdict verdict, bool probe,
                                              Clock::time_point now) {
  const bool is_probe = probe && open_;
  if (is_probe) probe_in_flight_ = false;
  if (verdict == BreakerVerdict::Neutral) return Change::None;

  const auto index = bucket_index(now);
  auto& b = buckets_[static_cast<std::size_t>(((index % kBuckets) + kBuckets) % kBuckets)];
  if (b.index != index) b = Bucket{index, 0, 0};
  ++b.requests;
  if (verdict == BreakerVerdict::Failure) ++b.failures;

  if (is_probe) {
    if (verdict == BreakerVerdict::Success) {
      open_ = false;
      clear_window();
      return Change::Closed;
    }
    opened_at_ = now;
    return Change::Opened;
  }
  if (!open_ && verdict == BreakerVerdict::Failure && should_open(now)) {
    open_ = true;
    opened_at_ = now;
    return Change::Opened;
  }
  return Change::None;
}

void LatencyStats::record(Duration latency) {
  ring_[count_ % kSamples] = latency;
  ++count_;
}

std::optional<Duration> LatencyStats::last() const {
  if (count_ == 0) return std::nullopt;
  return ring_[(count_ - 1) % kSamples];
}

std::optional<Duration> LatencyStats::p50() const {
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(count_, kSamples));
  if (n == 0) return std::nullopt;
  std::vector<Duration> v(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(n));
  auto mid = v.begin() + static_cast<std::ptrdiff_t>((n - 1) / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace sb
