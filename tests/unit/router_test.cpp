// The router and its request walk (routing/router.h, routing/request_walk.h) on a ManualClock
// and a FixedRng, each request driven to its end by a scripted outcome per attempt
// (router_driver.h). Seed 002's five scenarios come first, by name; then cooldowns (exact reset
// boundaries marked BOUNDARY), waiting within max_wait, skip reasons, pins, breakers, status
// and events.
#include "routing/router.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "router_driver.h"

namespace sb {
namespace {

using namespace std::chrono_literals;
using namespace sb::testing;
using End = WalkRun::End;
using EntryKind = RequestWalk::Entry::Kind;

class RouterFixture : public ::testing::Test {
 protected:
  WalkRun go(const std::vector<Deployment>& ds, Policy p = {}) {
    return drive(router_, clock_, request_for(ds, p), script_);
  }
  WalkRun go(RouteRequest r) { return drive(router_, clock_, std::move(r), script_); }
  Clock::sys_time wall() const { return clock_.wall_now(); }

  ManualClock clock_;
  FixedRng rng_{0.5};  // every backoff is half its ceiling: 125ms, 250ms, ...
  EventLog log_;
  Router router_{clock_, rng_, &log_};
  Script script_;
  const std::vector<Deployment> abc_ = group_of({"a/m", "b/m", "c/m"});
};

using Scenario = RouterFixture;
using RouterTest = RouterFixture;

// ---- Seed 002: the five scenarios ----

TEST_F(Scenario, SuccessFirstTry) {
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::Answered);
  EXPECT_EQ(run.answered, "a/m");
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m"}));
  EXPECT_TRUE(run.trail.empty());  // no x-switchboard-failover header
  EXPECT_TRUE(log_.events.empty());
}

TEST_F(Scenario, RetryableErrorThenSuccessOnSameDeployment) {
  script_.on("a/m", {fail(FailureClass::Overloaded), ok()});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::Answered);
  EXPECT_EQ(run.answered, "a/m");
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "a/m"}));
  ASSERT_EQ(run.waits.size(), 1u);
  EXPECT_EQ(run.waits[0], 125ms);  // full jitter: 0.5 of min(8s, 250ms * 2^0)
  EXPECT_TRUE(run.trail.empty());  // the deployment that answered is not a failover
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::Ready);  // retried: no cooldown
}

TEST_F(Scenario, NonRetryableErrorThenSuccessOnFallback1) {
  const auto reset = wall() + 3h;
  script_.on("a/m", {fail(FailureClass::QuotaExhausted, reset)});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::Answered);
  EXPECT_EQ(run.answered, "b/m");
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m"}));
  EXPECT_TRUE(run.waits.empty());  // quota: no same-deployment retry, no backoff
  ASSERT_EQ(run.trail.size(), 1u);
  EXPECT_EQ(run.trail[0].deployment.id(), "a/m");
  EXPECT_EQ(run.trail[0].kind, EntryKind::Failed);
  EXPECT_EQ(run.trail[0].reason, "quota_exhausted");
  EXPECT_EQ(run.trail[0].until, reset);
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::Cooling);
}

TEST_F(Scenario, Fallback1FailsFallback2Succeeds) {
  script_.on("a/m", {fail(FailureClass::RateLimited)});
  script_.on("b/m", {fail(FailureClass::ServerError)});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::Answered);
  EXPECT_EQ(run.answered, "c/m");
  // b is a server error: retried twice (policy.retries) before the walk moves on.
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m", "b/m", "b/m", "c/m"}));
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{125ms, 250ms}));
  ASSERT_EQ(run.trail.size(), 2u);
  EXPECT_EQ(run.trail[0].reason, "rate_limited");
  EXPECT_EQ(run.trail[1].reason, "server_error");
  EXPECT_EQ(router_.status(abc_[1]).state, DeploymentState::Cooling);  // retries spent: cooled
}

TEST_F(Scenario, AllFailErrorListsEach) {
  const auto quota_reset = wall() + 5h;
  script_.on("a/m", {fail(FailureClass::QuotaExhausted, quota_reset)});
  script_.on("b/m", {fail(FailureClass::RateLimited, wall() + 1h)});
  script_.on("c/m", {fail(FailureClass::Overloaded)});  // retried, then cooled for 20s
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::Exhausted);
  ASSERT_EQ(run.report.size(), 3u);
  EXPECT_EQ(run.report[0].reason, "quota_exhausted");
  EXPECT_EQ(run.report[0].until, quota_reset);
  EXPECT_EQ(run.report[1].reason, "rate_limited");
  EXPECT_EQ(run.report[2].reason, "overloaded");
  for (const auto& e : run.report) EXPECT_EQ(e.kind, EntryKind::Failed);
  // Every one is cooling: 429 with Retry-After from the earliest end (c's overloaded cooldown).
  EXPECT_TRUE(run.last_step.all_cooling);
  ASSERT_TRUE(run.last_step.retry_at);
  EXPECT_EQ(run.last_step.retry_at, run.report[2].until);
  EXPECT_EQ(run.report[2].until, wall() + Policy{}.cooldown.overloaded);
  EXPECT_FALSE(run.last_step.deadline_passed);
}

// ---- Cooldowns ----

TEST_F(RouterTest, BoundaryCooldownEndsExactlyAtTheReset) {
  const auto reset = wall() + 2h;
  script_.on("a/m", {fail(FailureClass::QuotaExhausted, reset), ok()});
  go(abc_);
  clock_.advance(reset - wall() - 1ms);
  auto run = go(abc_);  // BOUNDARY: reset - 1ms: still cooling
  EXPECT_EQ(run.answered, "b/m");
  ASSERT_EQ(run.trail.size(), 1u);
  EXPECT_EQ(run.trail[0].kind, EntryKind::Skipped);
  EXPECT_EQ(run.trail[0].reason, "cooling:quota_exhausted");
  EXPECT_EQ(run.trail[0].until, reset);
  clock_.advance(reset - wall());
  ASSERT_EQ(wall(), reset);
  run = go(abc_);  // BOUNDARY: exactly at the reset: ready
  EXPECT_EQ(run.answered, "a/m");
  EXPECT_EQ(log_.kinds_for("a/m"),
            (std::vector<std::string>{"cooldown_started", "cooldown_ended"}));
}

TEST_F(RouterTest, QuotaWithoutAResetUsesCooldownQuota) {
  Policy p;
  p.cooldown.quota = 45min;
  script_.on("a/m", {fail(FailureClass::QuotaExhausted)});
  const auto failed_at = wall() + 100ms;  // after the attempt's 100ms
  go(abc_, p);
  ASSERT_EQ(router_.cooldowns().size(), 1u);
  EXPECT_EQ(router_.cooldowns()[0].until, failed_at + 45min);
  EXPECT_EQ(router_.cooldowns()[0].cls, FailureClass::QuotaExhausted);
}

TEST_F(RouterTest, DefaultCooldownPerClass) {
  Policy p;
  p.retries = 0;
  for (auto [cls, expected] : {std::pair{FailureClass::RateLimited, p.cooldown.rate_limit},
                               std::pair{FailureClass::Overloaded, p.cooldown.overloaded},
                               std::pair{FailureClass::ServerError, p.cooldown.server_error},
                               std::pair{FailureClass::AuthFailed, p.cooldown.auth}}) {
    Router router(clock_, rng_);
    const auto failed_at = wall() + 100ms;  // after the attempt's 100ms
    script_.on("a/m", {fail(cls)});
    drive(router, clock_, request_for(abc_, p), script_);
    ASSERT_EQ(router.cooldowns().size(), 1u) << to_string(cls);
    EXPECT_EQ(router.cooldowns()[0].until, failed_at + expected) << to_string(cls);
  }
}

TEST_F(RouterTest, AShorterLaterCooldownNeverShortensALongerOne) {
  // Two requests in flight on `a` at once: the first learns of a quota reset in 5h, the second
  // (answered later) of a 20s rate-limit window. The deployment stays out for the 5h.
  auto w1 = router_.start(request_for(abc_));
  auto w2 = router_.start(request_for(abc_));
  ASSERT_EQ(w1.next().deployment.id(), "a/m");
  ASSERT_EQ(w2.next().deployment.id(), "a/m");
  const auto quota_reset = wall() + 5h;
  w1.on_failure({FailureClass::QuotaExhausted, quota_reset, "insufficient_quota"});
  w2.on_failure({FailureClass::RateLimited, wall() + 20s, "6ms window"});
  const auto cds = router_.cooldowns();
  ASSERT_EQ(cds.size(), 1u);
  EXPECT_EQ(cds[0].until, quota_reset);
  EXPECT_EQ(cds[0].cls, FailureClass::QuotaExhausted);
  EXPECT_EQ(cds[0].reason, "insufficient_quota");
  EXPECT_EQ(log_.kinds_for("a/m"), (std::vector<std::string>{"cooldown_started"}));
}

TEST_F(RouterTest, ALongerLaterCooldownExtends) {
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() + 20s, "window"});
  auto w = router_.start(request_for(group_of({"a/m"})));
  clock_.advance(20s);
  ASSERT_EQ(w.next().deployment.id(), "a/m");
  w.on_failure({FailureClass::QuotaExhausted, wall() + 1h, "daily"});
  EXPECT_EQ(router_.cooldowns().at(0).until, wall() + 1h);
  EXPECT_EQ(router_.cooldowns().at(0).cls, FailureClass::QuotaExhausted);
}

TEST_F(RouterTest, RestoreClearAndListCooldowns) {
  router_.restore_cooldown({"b/m", FailureClass::QuotaExhausted, wall() + 1h, "persisted"});
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() - 1s, "expired"});
  router_.restore_cooldown({"c/m", FailureClass::AuthFailed, wall() + 24h, "401"});
  EXPECT_TRUE(log_.events.empty());  // restoring is not news: it came from the store
  auto cds = router_.cooldowns();
  ASSERT_EQ(cds.size(), 2u);
  EXPECT_EQ(cds[0].deployment, "b/m");
  EXPECT_EQ(cds[1].deployment, "c/m");
  EXPECT_EQ(router_.status(abc_[2]).state, DeploymentState::Disabled);
  EXPECT_TRUE(router_.clear_cooldown("b/m"));
  EXPECT_FALSE(router_.clear_cooldown("b/m"));
  EXPECT_FALSE(router_.clear_cooldown("zzz/m"));
  EXPECT_EQ(router_.clear_all_cooldowns(), 1u);
  EXPECT_TRUE(router_.cooldowns().empty());
  EXPECT_EQ(log_.kinds_for("b/m"), (std::vector<std::string>{"cooldown_cleared"}));
  EXPECT_EQ(log_.kinds_for("c/m"), (std::vector<std::string>{"cooldown_cleared"}));
}

TEST_F(RouterTest, SweepPublishesEndedCooldowns) {
  script_.on("a/m", {fail(FailureClass::RateLimited, wall() + 10s)});
  go(abc_);
  clock_.advance(10s);
  router_.sweep();
  EXPECT_EQ(log_.kinds_for("a/m"),
            (std::vector<std::string>{"cooldown_started", "cooldown_ended"}));
  router_.sweep();  // once only
  EXPECT_EQ(log_.kinds_for("a/m").size(), 2u);
}

TEST_F(RouterTest, AuthFailureDisablesEveryDeploymentOfTheAccount) {
  const auto ds = group_of({"work/sonnet", "work/opus", "other/gpt"});
  script_.on("work/sonnet", {fail(FailureClass::AuthFailed)});
  const auto run = go(ds);
  EXPECT_EQ(run.answered, "other/gpt");
  EXPECT_EQ(run.tried, (std::vector<std::string>{"work/sonnet", "other/gpt"}));
  ASSERT_EQ(run.trail.size(), 2u);
  EXPECT_EQ(run.trail[1].reason, "cooling:auth_failed");
  EXPECT_EQ(router_.status(ds[0]).state, DeploymentState::Disabled);
  EXPECT_EQ(router_.status(ds[1]).state, DeploymentState::Disabled);
  EXPECT_EQ(router_.status(ds[2]).state, DeploymentState::Ready);
}

// ---- Same-deployment retries, timeouts, deadline ----

TEST_F(RouterTest, RetriesAreBoundedPerDeployment) {
  Policy p;
  p.retries = 3;
  script_.on("a/m", {fail(FailureClass::ServerError)});
  const auto run = go(abc_, p);
  EXPECT_EQ(run.count("a/m"), 4);  // 1 + retries
  EXPECT_EQ(run.answered, "b/m");
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{125ms, 250ms, 500ms}));
}

TEST_F(RouterTest, AStalledAttemptFailsOverAtOnceAndCools) {
  auto stalled = fail(FailureClass::ServerError);
  stalled.facts.stalled = true;
  script_.on("a/m", {stalled});
  const auto run = go(abc_);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m"}));
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::Cooling);
  EXPECT_EQ(router_.status(abc_[0]).window_failures, 1);  // it feeds the breaker
}

TEST_F(RouterTest, AStalledDeploymentIsNotWaitedFor) {
  Policy p;
  p.cooldown.server_error = 2s;  // short enough to wait for, were it not stalled
  auto stalled = fail(FailureClass::ServerError);
  stalled.facts.stalled = true;
  script_.on("a/m", {stalled});
  const auto run = go(group_of({"a/m"}), p);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m"}));
  EXPECT_TRUE(run.waits.empty());
  EXPECT_EQ(run.end, End::Exhausted);
}

TEST_F(RouterTest, AProviderRetryAfterStretchesTheBackoff) {
  script_.on("a/m", {fail(FailureClass::Overloaded, wall() + 100ms + 3s), ok()});
  const auto run = go(abc_);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "a/m"}));
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{3s}));
}

TEST_F(RouterTest, AProviderRetryAfterBeyondMaxWaitFailsOverAndCoolsUntilIt) {
  const auto until = wall() + 1min;
  script_.on("a/m", {fail(FailureClass::Overloaded, until)});
  const auto run = go(abc_);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m"}));
  EXPECT_EQ(router_.cooldowns().at(0).until, until);
}

TEST_F(RouterTest, ACommittedResponseIsNeverFailedOver) {
  auto broken = fail(FailureClass::ServerError);
  broken.facts.response_committed = true;
  script_.on("a/m", {broken});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::GaveUp);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m"}));
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::Cooling);  // but it is marked
}

TEST_F(RouterTest, TheDeadlineBoundsTheWalk) {
  Policy p;
  p.timeouts.total = 1s;
  script_.on("a/m", {fail(FailureClass::QuotaExhausted, std::nullopt, Duration(600))});
  script_.on("b/m", {ok(Duration(600))});
  const auto run = go(abc_, p);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m"}));
  EXPECT_EQ(run.end, End::GaveUp);  // b was cut at the deadline: a timeout, and no time left
  EXPECT_EQ(run.ended, run.deadline);
  EXPECT_TRUE(run.last_step.deadline_passed);
  EXPECT_EQ(run.count("c/m"), 0);
}

TEST_F(RouterTest, NextAtTheDeadlineIsExhausted) {
  Policy p;
  p.timeouts.total = 1s;
  auto w = router_.start(request_for(abc_, p));
  clock_.advance(1s);
  const auto s = w.next();
  EXPECT_EQ(s.kind, RequestWalk::Step::Kind::Exhausted);
  EXPECT_TRUE(s.deadline_passed);
  EXPECT_FALSE(s.all_cooling);
}

// ---- Classes that do not simply fail over ----

TEST_F(RouterTest, BadRequestGoesBackToTheClient) {
  script_.on("a/m", {fail(FailureClass::BadRequest)});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::ReturnedToClient);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m"}));
  EXPECT_TRUE(router_.cooldowns().empty());
  EXPECT_EQ(router_.status(abc_[0]).window_failures, 0);  // it answered: healthy
}

TEST_F(RouterTest, ContentFilteredFailsOverOnlyWhenConfigured) {
  script_.on("a/m", {fail(FailureClass::ContentFiltered)});
  EXPECT_EQ(go(abc_).end, End::ReturnedToClient);
  auto r = request_for(abc_);
  r.content_filtered_fails_over = true;
  const auto run = go(r);
  EXPECT_EQ(run.answered, "b/m");
  EXPECT_TRUE(router_.cooldowns().empty());
}

TEST_F(RouterTest, TheContentFilterSwitchComesFromTheGroupsPolicy) {
  Policy policy;
  Resolution resolution{Resolution::Via::Group, "coding", abc_, &policy};
  EXPECT_FALSE(route_request(resolution).content_filtered_fails_over);
  policy.failover_on_content_filter = true;
  EXPECT_TRUE(route_request(resolution).content_filtered_fails_over);
}

TEST_F(RouterTest, UnknownFailsOverOnceThenGivesUp) {
  script_.on("a/m", {fail(FailureClass::Unknown)});
  script_.on("b/m", {fail(FailureClass::Unknown)});
  const auto run = go(abc_);
  EXPECT_EQ(run.end, End::GaveUp);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "b/m"}));  // no retry, c untouched
  EXPECT_TRUE(router_.cooldowns().empty());
  ASSERT_EQ(run.report.size(), 3u);
  EXPECT_EQ(run.report[2].kind, EntryKind::NotReached);
  EXPECT_EQ(run.report[2].reason, "skipped");
}

TEST_F(RouterTest, ContextTooLongFailsOverOnlyToLargerWindows) {
  const auto ds = group_of({"a/small", "b/small", "c/unknown", "d/large"});
  auto r = request_for(ds);
  r.facts = [](const Deployment& d) {
    DeploymentInfo i;
    if (d.model == "small") i.context_window = 8'000;
    if (d.model == "large") i.context_window = 200'000;
    return i;
  };
  script_.on("a/small", {fail(FailureClass::ContextTooLong)});
  script_.on("c/unknown", {fail(FailureClass::ContextTooLong)});
  const auto run = go(r);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/small", "c/unknown", "d/large"}));
  EXPECT_EQ(run.answered, "d/large");
  ASSERT_EQ(run.trail.size(), 3u);
  EXPECT_EQ(run.trail[1].deployment.id(), "b/small");
  EXPECT_EQ(run.trail[1].reason, "context_too_small");
  EXPECT_TRUE(router_.cooldowns().empty());  // the request's fault, not the deployment's
}

// ---- Skip reasons ----

TEST_F(RouterTest, SkipReasonStrings) {
  const auto ds =
      group_of({"nokey/m", "notools/m", "noimages/m", "tiny/m", "cool/m", "open/m", "ok/m"});
  Policy p;
  p.circuit.min_requests = 1;
  p.circuit.failure_rate = 1.0;
  router_.restore_cooldown({"cool/m", FailureClass::RateLimited, wall() + 1h, ""});
  {  // open the circuit of open/m with one unknown failure
    auto w = router_.start(request_for(group_of({"open/m"}), p));
    ASSERT_EQ(w.next().deployment.id(), "open/m");
    w.on_failure({FailureClass::Unknown, std::nullopt, "?"});
  }
  auto r = request_for(ds, p);
  r.needs = RequestNeeds{true, true, 50'000};
  r.facts = [](const Deployment& d) {
    DeploymentInfo i;
    if (d.account == "nokey") i.has_credentials = false;
    if (d.account == "notools") i.tools = false;
    if (d.account == "noimages") i.images = false;
    if (d.account == "tiny") i.context_window = 49'999;
    if (d.account == "ok") i.context_window = 50'000;  // exactly enough
    return i;
  };
  const auto run = go(r);
  EXPECT_EQ(run.answered, "ok/m");
  std::vector<std::string> reasons;
  for (const auto& e : run.trail) reasons.push_back(e.deployment.account + "=" + e.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{"nokey=no_credentials", "notools=lacks:tools",
                                               "noimages=lacks:images", "tiny=context_too_small",
                                               "cool=cooling:rate_limited", "open=circuit_open"}));
  EXPECT_EQ(run.trail[4].until, wall() - 100ms + 1h);
}

TEST_F(RouterTest, UnknownCapabilitiesAreEligible) {
  auto r = request_for(abc_);
  r.needs = RequestNeeds{true, true, 1'000'000};
  r.facts = [](const Deployment&) { return DeploymentInfo{}; };
  EXPECT_EQ(go(r).answered, "a/m");
}

TEST_F(RouterTest, NothingEligibleIsA502NotA429) {
  router_.restore_cooldown({"a/m", FailureClass::QuotaExhausted, wall() + 1h, ""});
  auto r = request_for(group_of({"a/m", "b/m"}));
  r.facts = [](const Deployment& d) {
    DeploymentInfo i;
    i.has_credentials = d.account != "b";
    return i;
  };
  const auto run = go(r);
  EXPECT_EQ(run.end, End::Exhausted);
  EXPECT_FALSE(run.last_step.all_cooling);
  EXPECT_EQ(run.report[1].reason, "no_credentials");
}

TEST_F(RouterTest, OnlyCapacityCooldownsMakeA429) {
  const auto two = group_of({"a/m", "b/m"});
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() + 1h, ""});
  router_.restore_cooldown({"b/m", FailureClass::ServerError, wall() + 1h, ""});
  auto run = go(two);
  EXPECT_EQ(run.end, End::Exhausted);
  EXPECT_FALSE(run.last_step.all_cooling);  // b is broken, not busy: 502
  router_.restore_cooldown({"b/m", FailureClass::Overloaded, wall() + 2h, ""});
  run = go(two);
  EXPECT_TRUE(run.last_step.all_cooling);
  EXPECT_EQ(run.last_step.retry_at, wall() + 1h);
}

// ---- Waiting for a cooldown (max_wait) ----

TEST_F(RouterTest, WaitsForAShortCooldownWithinMaxWait) {
  const auto one = group_of({"a/m"});
  script_.on("a/m", {fail(FailureClass::RateLimited, wall() + 100ms + 3s), ok()});
  const auto run = go(one);
  EXPECT_EQ(run.end, End::Answered);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m", "a/m"}));
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{3s}));
}

TEST_F(RouterTest, BoundaryWaitsExactlyMaxWaitButNotBeyond) {
  const auto one = group_of({"a/m"});
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() + 10s, ""});
  auto run = go(one);  // BOUNDARY: exactly max_wait (10s)
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{10s}));
  EXPECT_EQ(run.answered, "a/m");
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() + 10s + 1ms, ""});
  run = go(one);  // BOUNDARY: max_wait + 1ms: answer 429 now instead
  EXPECT_EQ(run.end, End::Exhausted);
  EXPECT_TRUE(run.last_step.all_cooling);
  EXPECT_EQ(run.last_step.retry_at, wall() + 10s + 1ms);
}

TEST_F(RouterTest, NeverWaitsPastTheDeadline) {
  Policy p;
  p.timeouts.total = 5s;
  router_.restore_cooldown({"a/m", FailureClass::RateLimited, wall() + 5s, ""});
  EXPECT_EQ(go(group_of({"a/m"}), p).end, End::Exhausted);
  p.timeouts.total = 5s + 1ms;
  const auto run = go(group_of({"a/m"}), p);
  EXPECT_EQ(run.waits, (std::vector<Clock::time_point::duration>{5s}));
  EXPECT_EQ(run.tried, (std::vector<std::string>{"a/m"}));  // then cut at the deadline
  EXPECT_EQ(run.ended, run.deadline);
}

TEST_F(RouterTest, AWaitIsCountedAgainstTheDeploymentsAttempts) {
  Policy p;
  p.retries = 1;
  script_.on("a/m", {fail(FailureClass::RateLimited, wall() + 100ms + 1s)});
  const auto run = go(group_of({"a/m"}), p);
  EXPECT_EQ(run.count("a/m"), 2);  // 1 + retries, even though each cooldown is short
  EXPECT_EQ(run.end, End::GaveUp);
  EXPECT_EQ(run.last_step.kind, RequestWalk::Step::Kind::Exhausted);
}

// ---- Pins ----

TEST_F(RouterTest, APinGoesFirstInItsGroupOnly) {
  router_.set_pin("coding", abc_[2]);
  EXPECT_EQ(router_.pin("coding"), abc_[2]);
  EXPECT_EQ(go(abc_).answered, "c/m");
  auto other = request_for(abc_, {}, "fast");
  EXPECT_EQ(go(other).answered, "a/m");
  auto direct = request_for(abc_, {}, "");  // `account/model` or a bare model id: no group
  EXPECT_EQ(go(direct).answered, "a/m");
  EXPECT_TRUE(router_.clear_pin("coding"));
  EXPECT_FALSE(router_.clear_pin("coding"));
  EXPECT_EQ(router_.pin("coding"), std::nullopt);
  EXPECT_EQ(go(abc_).answered, "a/m");
  ASSERT_EQ(log_.events.size(), 2u);
  EXPECT_EQ(log_.events[0].kind, RouterEvent::Kind::PinSet);
  EXPECT_EQ(log_.events[0].group, "coding");
  EXPECT_EQ(log_.events[1].kind, RouterEvent::Kind::PinCleared);
}

TEST_F(RouterTest, APinnedDeploymentOutsideTheGroupIsPrepended) {
  router_.set_pin("coding", *parse_deployment("z/m"));
  script_.on("z/m", {fail(FailureClass::QuotaExhausted)});
  const auto run = go(abc_);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"z/m", "a/m"}));  // and still fails over
}

TEST_F(RouterTest, RouteRequestFromAResolution) {
  Policy p;
  p.retries = 7;
  const Resolution group{Resolution::Via::DefaultGroup, "coding", abc_, &p};
  const auto r = route_request(group, RequestNeeds{true, false, 10});
  EXPECT_EQ(r.group, "coding");
  EXPECT_EQ(r.policy.retries, 7);
  EXPECT_TRUE(r.needs.tools);
  const Resolution model{Resolution::Via::ModelId, "gpt-5", abc_, &p};
  EXPECT_EQ(route_request(model).group, "");
}

// ---- Circuit breaker, through the router ----

TEST_F(RouterTest, CircuitOpensThenAdmitsOneProbeThenCloses) {
  Policy p;
  p.retries = 0;
  p.cooldown.server_error = Duration(0);  // isolate the breaker from cooldowns
  p.circuit.min_requests = 2;
  p.circuit.failure_rate = 1.0;
  p.circuit.open_for = 30s;
  script_.on("a/m", {fail(FailureClass::ServerError), fail(FailureClass::ServerError), ok()});
  go(abc_, p);
  go(abc_, p);
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::CircuitOpen);
  auto run = go(abc_, p);
  EXPECT_EQ(run.tried, (std::vector<std::string>{"b/m"}));
  EXPECT_EQ(run.trail.at(0).reason, "circuit_open");

  clock_.advance(30s);
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::HalfOpen);
  auto probe = router_.start(request_for(abc_, p));
  auto other = router_.start(request_for(abc_, p));
  const auto s = probe.next();
  EXPECT_EQ(s.deployment.id(), "a/m");
  EXPECT_TRUE(s.probe);
  EXPECT_EQ(other.next().deployment.id(), "b/m");  // the one probe slot is taken
  other.on_success();
  probe.on_success();
  EXPECT_EQ(router_.status(abc_[0]).state, DeploymentState::Ready);
  EXPECT_EQ(log_.kinds_for("a/m"),
            (std::vector<std::string>{"circuit_opened", "circuit_half_open", "circuit_closed"}));
}

TEST_F(RouterTest, AnAbandonedProbeIsReleased) {
  Policy p;
  p.circuit.min_requests = 1;
  p.circuit.failure_rate = 1.0;
  script_.on("a/m", {fail(FailureClass::Unknown)});
  go(abc_, p);
  clock_.advance(p.circuit.open_for);
  {
    auto w = router_.start(request_for(abc_, p));
    ASSERT_TRUE(w.next().probe);
    // the client went away: the walk ends without an outcome
  }
  auto w = router_.start(request_for(abc_, p));
  const auto s = w.next();
  EXPECT_EQ(s.deployment.id(), "a/m");
  EXPECT_TRUE(s.probe);
}

// ---- Threads ----

TEST_F(RouterTest, ConcurrentWalksShareStateSafely) {
  // The clock stands still (ManualClock is only read here); four threads walk the same group,
  // answering at random. Every outcome reported must be counted once in the shared state: a
  // lost or doubled update under contention shows up in the totals. Meant to run under the
  // sanitizers as well (make test-sanitize).
  Policy p;
  p.circuit.min_requests = 50;
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> successes{0}, failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 gen(static_cast<unsigned>(t));
      for (int i = 0; i < 500; ++i) {
        auto w = router_.start(request_for(abc_, p));
        for (auto s = w.next(); s.kind == RequestWalk::Step::Kind::Try; s = w.next()) {
          const auto roll = gen() % 4;
          if (roll == 0) {
            w.on_success(Duration(5));
            ++successes;
            break;
          }
          if (roll == 1) break;  // abandoned: the client went away, no outcome
          ++failures;
          const auto d = w.on_failure(
              {roll == 2 ? FailureClass::Unknown : FailureClass::ServerError, std::nullopt, "x"});
          if (d.kind != RequestWalk::Decision::Kind::FailOver) break;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GT(successes.load(), 0u);
  EXPECT_GT(failures.load(), 0u);
  std::uint64_t requests = 0, failed = 0;
  for (const auto& s : router_.status()) {
    requests += s.requests;
    failed += s.failures;
  }
  EXPECT_EQ(requests, successes.load() + failures.load());
  EXPECT_EQ(failed, failures.load());
}

// ---- Status ----

TEST_F(RouterTest, StatusCountsRequestsFailuresAndLatency) {
  script_.on("a/m", {fail(FailureClass::Overloaded, std::nullopt, Duration(50)), ok(Duration(300)),
                     ok(Duration(100)), ok(Duration(200))});
  go(abc_);
  go(abc_);
  go(abc_);
  const auto s = router_.status(abc_[0]);
  EXPECT_EQ(s.deployment, "a/m");
  EXPECT_EQ(s.state, DeploymentState::Ready);
  EXPECT_EQ(s.requests, 4u);
  EXPECT_EQ(s.failures, 1u);
  EXPECT_EQ(s.window_requests, 4);
  EXPECT_EQ(s.window_failures, 1);
  EXPECT_EQ(s.p50_latency, Duration(200));
  EXPECT_EQ(s.last_latency, Duration(200));
  ASSERT_TRUE(s.last_failure);
  EXPECT_EQ(s.last_failure->cls, FailureClass::Overloaded);
  EXPECT_EQ(router_.status().size(), 1u);  // only deployments the router has seen
  EXPECT_EQ(router_.status(abc_[1]).requests, 0u);
  EXPECT_EQ(to_string(DeploymentState::CircuitOpen), "circuit_open");
  EXPECT_EQ(to_string(RouterEvent::Kind::CircuitHalfOpen), "circuit_half_open");
}

}  // namespace
}  // namespace sb
