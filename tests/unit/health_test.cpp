// The circuit breaker and latency record (routing/health.h) on a ManualClock. Boundary
// conditions are marked BOUNDARY: exactly min_requests, exactly failure_rate, exactly at the
// window's edge, exactly at open_for, exactly at the probe lease; each is tested on both sides.
#include "routing/health.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

using namespace std::chrono_literals;
using Admission = CircuitBreaker::Admission;
using Change = CircuitBreaker::Change;

constexpr auto kS = BreakerVerdict::Success;
constexpr auto kF = BreakerVerdict::Failure;

CircuitPolicy policy(int min_requests = 4, double rate = 0.5) {
  CircuitPolicy p;
  p.window = 60s;
  p.min_requests = min_requests;
  p.failure_rate = rate;
  p.open_for = 30s;
  return p;
}

class CircuitBreakerTest : public ::testing::Test {
 protected:
  // Records verdicts one after the other at the current time; returns the last change.
  Change record_all(std::initializer_list<BreakerVerdict> vs) {
    Change last = Change::None;
    for (auto v : vs) last = breaker_.record(v, false, clock_.now());
    return last;
  }
  void open_it() {
    ASSERT_EQ(record_all({kF, kF, kF, kF}), Change::Opened);
    opened_at_ = clock_.now();
  }

  ManualClock clock_;  // its steady time starts on a whole second: buckets align
  CircuitBreaker breaker_{policy(), Duration(10min)};
  Clock::time_point opened_at_{};
};

TEST_F(CircuitBreakerTest, StartsClosedAndAdmits) {
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Closed);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Allowed);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Allowed);  // closed: no limit
}

TEST_F(CircuitBreakerTest, BoundaryExactlyMinRequests) {
  EXPECT_EQ(record_all({kF, kF, kF}), Change::None);  // 3 of 3 failed, but 3 < min_requests
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Closed);
  EXPECT_EQ(record_all({kF}), Change::Opened);  // BOUNDARY: requests == min_requests
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Open);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Rejected);
}

TEST_F(CircuitBreakerTest, BoundaryExactlyFailureRate) {
  EXPECT_EQ(record_all({kS, kS, kS, kF, kF}), Change::None);  // 2/5 = 0.4 < 0.5
  EXPECT_EQ(record_all({kF}), Change::Opened);                // BOUNDARY: 3/6 == 0.5
}

TEST_F(CircuitBreakerTest, BoundaryExactRateSurvivesFloatingPoint) {
  // 0.3 * 10 is 3.0000000000000004 in double: a product comparison would miss this boundary.
  CircuitBreaker b(policy(10, 0.3), Duration(0));
  for (int i = 0; i < 7; ++i) b.record(kS, false, clock_.now());
  b.record(kF, false, clock_.now());
  b.record(kF, false, clock_.now());
  EXPECT_EQ(b.state(clock_.now()), CircuitState::Closed);        // 2/9
  EXPECT_EQ(b.record(kF, false, clock_.now()), Change::Opened);  // BOUNDARY: 3/10 == 0.3
}

TEST_F(CircuitBreakerTest, OnlyAFailureCanOpen) {
  EXPECT_EQ(record_all({kF, kF, kF, kS}), Change::None);  // 3/4 failed, yet a success ends it
  EXPECT_EQ(record_all({kF}), Change::Opened);
}

TEST_F(CircuitBreakerTest, BoundaryWindowEdge) {
  record_all({kF, kF, kF});
  clock_.advance(60s - 1ms);
  EXPECT_EQ(breaker_.window(clock_.now()).failures, 3);  // BOUNDARY: window - 1ms: counted
  clock_.advance(1ms);
  EXPECT_EQ(breaker_.window(clock_.now()).failures, 0);  // BOUNDARY: exactly window: gone
  EXPECT_EQ(record_all({kF}), Change::None);             // 1 of 1: below min_requests
}

TEST_F(CircuitBreakerTest, BoundaryWindowEdgeStillOpensJustInside) {
  record_all({kF, kF, kF});
  clock_.advance(60s - 1ms);
  EXPECT_EQ(record_all({kF}), Change::Opened);
}

TEST_F(CircuitBreakerTest, BoundaryExactlyOpenFor) {
  open_it();
  clock_.advance(30s - 1ms);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Open);  // BOUNDARY: open_for - 1ms
  EXPECT_FALSE(breaker_.admissible(clock_.now()));
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Rejected);
  clock_.advance(1ms);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::HalfOpen);  // BOUNDARY: exactly open_for
  EXPECT_EQ(breaker_.open_until(), opened_at_ + 30s);
}

TEST_F(CircuitBreakerTest, HalfOpenAdmitsExactlyOneProbe) {
  open_it();
  clock_.advance(30s);
  EXPECT_TRUE(breaker_.admissible(clock_.now()));
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  EXPECT_TRUE(breaker_.probe_in_flight(clock_.now()));
  EXPECT_FALSE(breaker_.admissible(clock_.now()));
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Rejected);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Rejected);
  breaker_.release_probe();  // abandoned: the slot is free again
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
}

TEST_F(CircuitBreakerTest, ProbeSuccessClosesAndClearsTheWindow) {
  open_it();
  clock_.advance(30s);
  ASSERT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  EXPECT_EQ(breaker_.record(kS, true, clock_.now()), Change::Closed);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Closed);
  EXPECT_EQ(breaker_.window(clock_.now()).requests, 0);
  EXPECT_EQ(record_all({kF, kF, kF}), Change::None);  // old failures no longer count
}

TEST_F(CircuitBreakerTest, ProbeFailureReopensForAnotherOpenFor) {
  open_it();
  clock_.advance(30s);
  ASSERT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  clock_.advance(2s);
  const auto failed_at = clock_.now();
  EXPECT_EQ(breaker_.record(kF, true, failed_at), Change::Opened);
  EXPECT_FALSE(breaker_.probe_in_flight(failed_at));
  clock_.advance(30s - 1ms);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Open);
  clock_.advance(1ms);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::HalfOpen);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
}

TEST_F(CircuitBreakerTest, LateOutcomesOfOlderRequestsDoNotMoveAnOpenCircuit) {
  open_it();
  EXPECT_EQ(breaker_.record(kS, false, clock_.now()), Change::None);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::Open);
  clock_.advance(30s);
  ASSERT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  EXPECT_EQ(breaker_.record(kS, false, clock_.now()), Change::None);  // not the probe
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::HalfOpen);
  EXPECT_TRUE(breaker_.probe_in_flight(clock_.now()));
}

TEST_F(CircuitBreakerTest, NeutralOutcomesAreNotCountedButFreeTheProbe) {
  EXPECT_EQ(breaker_.record(BreakerVerdict::Neutral, false, clock_.now()), Change::None);
  EXPECT_EQ(breaker_.window(clock_.now()).requests, 0);
  open_it();
  clock_.advance(30s);
  ASSERT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  EXPECT_EQ(breaker_.record(BreakerVerdict::Neutral, true, clock_.now()), Change::None);
  EXPECT_EQ(breaker_.state(clock_.now()), CircuitState::HalfOpen);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
}

TEST_F(CircuitBreakerTest, BoundaryProbeLease) {
  open_it();
  clock_.advance(30s);
  ASSERT_EQ(breaker_.admit(clock_.now()), Admission::Probe);
  clock_.advance(10min - 1ms);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Rejected);  // BOUNDARY: lease - 1ms
  clock_.advance(1ms);
  EXPECT_EQ(breaker_.admit(clock_.now()), Admission::Probe);  // BOUNDARY: the lease ran out
}

TEST_F(CircuitBreakerTest, ReconfiguringKeepsTheWindowUnlessItsLengthChanges) {
  record_all({kF, kF});
  auto p = policy();
  p.min_requests = 3;
  breaker_.configure(p, Duration(0));
  EXPECT_EQ(breaker_.window(clock_.now()).failures, 2);
  EXPECT_EQ(record_all({kF}), Change::Opened);  // the new min_requests applies at once
  p.window = 10s;
  breaker_.configure(p, Duration(0));
  EXPECT_EQ(breaker_.window(clock_.now()).failures, 0);
}

TEST_F(CircuitBreakerTest, BoundaryShortWindowsUseMillisecondBuckets) {
  auto p = policy(1, 1.0);
  p.window = 10ms;
  CircuitBreaker b(p, Duration(0));
  b.record(kS, false, clock_.now());
  clock_.advance(9ms);
  EXPECT_EQ(b.window(clock_.now()).requests, 1);
  clock_.advance(1ms);
  EXPECT_EQ(b.window(clock_.now()).requests, 0);
}

TEST(CircuitVerdict, WhichClassesCount) {
  EXPECT_EQ(breaker_verdict(FailureClass::ServerError), BreakerVerdict::Failure);
  EXPECT_EQ(breaker_verdict(FailureClass::Overloaded), BreakerVerdict::Failure);
  EXPECT_EQ(breaker_verdict(FailureClass::Unknown), BreakerVerdict::Failure);
  EXPECT_EQ(breaker_verdict(FailureClass::BadRequest), BreakerVerdict::Success);
  EXPECT_EQ(breaker_verdict(FailureClass::ContentFiltered), BreakerVerdict::Success);
  EXPECT_EQ(breaker_verdict(FailureClass::ContextTooLong), BreakerVerdict::Success);
  EXPECT_EQ(breaker_verdict(FailureClass::RateLimited), BreakerVerdict::Neutral);
  EXPECT_EQ(breaker_verdict(FailureClass::QuotaExhausted), BreakerVerdict::Neutral);
  EXPECT_EQ(breaker_verdict(FailureClass::AuthFailed), BreakerVerdict::Neutral);
}

TEST(CircuitLatencyStats, MedianOfTheRecentRing) {
  LatencyStats s;
  EXPECT_EQ(s.p50(), std::nullopt);
  EXPECT_EQ(s.last(), std::nullopt);
  for (int ms : {30, 10, 20}) s.record(Duration(ms));
  EXPECT_EQ(s.p50(), Duration(20));
  EXPECT_EQ(s.last(), Duration(20));
  s.record(Duration(40));
  EXPECT_EQ(s.p50(), Duration(20));  // the lower median of 10 20 30 40
  // Old samples leave the ring: after kSamples of 1000ms the median is 1000ms.
  for (std::size_t i = 0; i < LatencyStats::kSamples; ++i) s.record(Duration(1000));
  EXPECT_EQ(s.p50(), Duration(1000));
  EXPECT_EQ(s.count(), 4 + LatencyStats::kSamples);
}

}  // namespace
}  // namespace sb
