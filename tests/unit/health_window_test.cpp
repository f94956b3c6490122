// Health windows on given time (no clock, no sleeping): what each window covers, the figures it
// derives, the ring's turnover, finished minutes handed out once, and restored minutes.
#include "metrics/health_window.h"

#include <gtest/gtest.h>

#include "metrics/health_board.h"

namespace sb {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kT0 = 1'793'491'200'000;  // a minute boundary

AttemptSample ok(double latency, std::int64_t tokens = 0, std::optional<double> ttft = {}) {
  AttemptSample s;
  s.latency_ms = latency;
  s.ttft_ms = ttft;
  s.output_tokens = tokens;
  s.generation_ms = ttft ? latency - *ttft : latency;
  return s;
}

AttemptSample failed(FailureClass cls, double latency = 5) {
  AttemptSample s;
  s.failure = cls;
  s.latency_ms = latency;
  return s;
}

TEST(HealthWindow, WindowsCoverTheirWholeMinutesAndTheCurrentOne) {
  HealthWindow w;
  w.record(ok(100), kT0 - 30 * kMinute);  // 30 minutes ago
  w.record(ok(100), kT0 - 5 * kMinute);
  w.record(ok(100), kT0 - kMinute + 1);  // the previous minute
  w.record(ok(100), kT0 + 59'999);       // the current minute
  const std::int64_t now = kT0 + 59'999;
  EXPECT_EQ(w.window(0, now).requests, 1);
  EXPECT_EQ(w.window(1, now).requests, 2);
  EXPECT_EQ(w.window(15, now).requests, 3);
  EXPECT_EQ(w.window(60, now).requests, 4);
  // 61 minutes on, only what is younger than the hour remains.
  EXPECT_EQ(w.window(60, now + 31 * kMinute).requests, 3);  // 30 minutes ago is now 61
  EXPECT_EQ(w.window(60, now + 62 * kMinute).requests, 0);
}

TEST(HealthWindow, RatesAvailabilityPercentilesAndSpeed) {
  HealthWindow w;
  for (int i = 1; i <= 100; ++i) w.record(ok(i * 10.0, 50, 100.0), kT0 + i);
  w.record(failed(FailureClass::RateLimited), kT0);
  w.record(failed(FailureClass::ServerError), kT0);
  w.record(failed(FailureClass::BadRequest), kT0);  // the request's fault: still available
  const HealthSummary s = w.window(1, kT0 + 1000);
  EXPECT_EQ(s.requests, 103);
  EXPECT_EQ(s.errors, 3);
  EXPECT_EQ(s.errors_by_class[static_cast<std::size_t>(FailureClass::RateLimited)], 1);
  EXPECT_EQ(s.unavailable, 2);
  EXPECT_NEAR(*s.error_rate(), 3.0 / 103, 1e-12);
  EXPECT_NEAR(*s.availability(), 101.0 / 103, 1e-12);
  // Latency of the answered ones only: 10..1000 ms; exact p50 at rank 49 is 500 ms.
  EXPECT_EQ(s.latency_ms.count(), 100u);
  EXPECT_NEAR(s.latency_ms.quantile(0.5), 500, 5);
  EXPECT_NEAR(s.latency_ms.quantile(0.99), 990, 9.9);
  EXPECT_NEAR(s.ttft_ms.quantile(0.5), 100, 1);
  // 5000 tokens over the generation time (latency - ttft): sum of (10i - 100) for i = 1..100.
  const double generation = 10.0 * 5050 - 100 * 100;
  EXPECT_NEAR(*s.tokens_per_second(), 5000 * 1000 / generation, 1e-9);
  EXPECT_FALSE(w.window(1, kT0 + 10 * kMinute).error_rate());  // nothing then
}

TEST(HealthWindow, FinishedMinutesAreHandedOutOnceAndAgainAfterMoreSamples) {
  HealthWindow w;
  w.record(ok(1), kT0);
  w.record(ok(1), kT0 + kMinute);
  EXPECT_TRUE(w.take_finished(kT0 + 30'000).empty());  // the minute is not over
  auto first = w.take_finished(kT0 + kMinute + 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].minute, kT0 / kMinute);
  EXPECT_TRUE(w.take_finished(kT0 + kMinute + 2).empty());
  // At shutdown the current minute goes out early; a later sample sends it again, whole.
  auto early = w.take_finished(kT0 + 2 * kMinute);
  ASSERT_EQ(early.size(), 1u);
  w.record(ok(1), kT0 + kMinute + 5);
  auto again = w.take_finished(kT0 + 2 * kMinute);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].summary.requests, 2);
}

TEST(HealthWindow, RestoredMinutesCountAndAreNotHandedOutAgain) {
  HealthWindow before;
  before.record(ok(100), kT0);
  before.record(failed(FailureClass::Overloaded), kT0 + 1);
  const auto kept = before.take_finished(kT0 + kMinute);
  ASSERT_EQ(kept.size(), 1u);

  HealthBoard board;
  board.restore({"a/m", kept[0]});
  EXPECT_EQ(board.window("a/m", 15, kT0 + 5 * kMinute).requests, 2);
  EXPECT_EQ(board.window("b/m", 15, kT0 + 5 * kMinute).requests, 0);
  EXPECT_TRUE(board.take_finished(kT0 + 5 * kMinute).empty());
}

}  // namespace
}  // namespace sb
