// Properties of the router (routing/router.h) over random groups of 1-6 deployments, random
// policies, random deployment facts and random outcome sequences, on a ManualClock with a
// scripted Rng, so every counterexample replays exactly:
//   - it never hands out a cooling, disabled or circuit-open deployment (half-open: the probe);
//   - it never tries a deployment more than 1 + retries times in one request;
//   - it answers whenever some deployment eligible at the start would succeed;
//   - it never exceeds the deadline: waits + attempts <= timeouts.total;
//   - a cooldown ends exactly at its reset time, and a shorter one never cuts a longer one;
//   - a half-open circuit has at most one probe in flight.
// Then a simulation: a whole day of outages on a four-deployment group, replayed in milliseconds.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "router_driver.h"
#include "routing/router.h"

namespace sb {
namespace {

using namespace std::chrono_literals;
using namespace sb::testing;

constexpr std::array kAllClasses = {
    FailureClass::QuotaExhausted, FailureClass::RateLimited,     FailureClass::Overloaded,
    FailureClass::ServerError,    FailureClass::AuthFailed,      FailureClass::ContextTooLong,
    FailureClass::BadRequest,     FailureClass::ContentFiltered, FailureClass::Unknown,
};
// Classes after which a request always goes on to the next deployment.
constexpr std::array kFailoverClasses = {
    FailureClass::QuotaExhausted, FailureClass::RateLimited, FailureClass::Overloaded,
    FailureClass::ServerError,    FailureClass::AuthFailed,
};

Duration ms_in(std::int64_t lo, std::int64_t hi) {
  return Duration(*rc::gen::inRange<std::int64_t>(lo, hi + 1));
}

// Mostly short (so states come and go between requests), sometimes up to `rare_max`.
Duration mostly_short(std::int64_t short_max, std::int64_t rare_max) {
  return *rc::gen::inRange(0, 5) == 0 ? ms_in(0, rare_max) : ms_in(0, short_max);
}

Policy gen_policy(bool roomy_deadline) {
  Policy p;
  p.retries = *rc::gen::inRange(0, 4);
  p.max_wait = ms_in(0, 15'000);
  p.backoff.base = ms_in(0, 500);
  p.backoff.max = ms_in(0, 5'000);
  p.cooldown.quota = mostly_short(600'000, 3 * 3'600'000);
  p.cooldown.rate_limit = ms_in(0, 120'000);
  p.cooldown.overloaded = ms_in(0, 60'000);
  p.cooldown.server_error = ms_in(0, 60'000);
  p.cooldown.auth = mostly_short(600'000, 24 * 3'600'000);
  p.timeouts.total = roomy_deadline ? Duration(15min) : ms_in(1, 20 * 60'000);
  p.circuit.window = ms_in(1, 120'000);
  p.circuit.min_requests = *rc::gen::inRange(1, 7);
  p.circuit.failure_rate = *rc::gen::element(0.25, 0.5, 1.0);
  p.circuit.open_for = ms_in(1, 60'000);
  return p;
}

struct Group {
  std::vector<Deployment> deployments;
  std::vector<DeploymentInfo> info;
  RequestNeeds needs;
};

Group gen_group() {
  Group g;
  const int n = *rc::gen::inRange(1, 7);
  for (int i = 0; i < n; ++i) {
    // One account each: an auth failure on one must not change another's eligibility here.
    g.deployments.push_back(Deployment{"acct" + std::to_string(i), "m"});
    DeploymentInfo info;  // mostly eligible, so that walks get long
    info.has_credentials = *rc::gen::inRange(0, 10) != 0;
    if (*rc::gen::inRange(0, 3) == 0) info.tools = *rc::gen::inRange(0, 4) != 0;
    if (*rc::gen::inRange(0, 3) == 0) info.images = *rc::gen::inRange(0, 4) != 0;
    if (*rc::gen::arbitrary<bool>()) {
      info.context_window = *rc::gen::element<std::int64_t>(4'000, 32'000, 200'000);
    }
    g.info.push_back(info);
  }
  g.needs.tools = *rc::gen::arbitrary<bool>();
  g.needs.images = *rc::gen::inRange(0, 4) == 0;
  if (*rc::gen::inRange(0, 3) == 0) {
    g.needs.prompt_tokens = *rc::gen::element<std::int64_t>(1'000, 16'000, 100'000);
  }
  return g;
}

// The eligibility rule of SPEC §3, restated independently of the walk: unknown means eligible.
bool eligible_by_facts(const DeploymentInfo& i, const RequestNeeds& n) {
  if (!i.has_credentials) return false;
  if (n.tools && i.tools == std::optional<bool>(false)) return false;
  if (n.images && i.images == std::optional<bool>(false)) return false;
  return !(n.prompt_tokens && i.context_window && *i.context_window < *n.prompt_tokens);
}

Outcome gen_outcome(Clock::sys_time wall, bool only_failover_classes) {
  if (*rc::gen::arbitrary<bool>()) return ok(ms_in(0, only_failover_classes ? 1'000 : 3'000));
  const auto cls = only_failover_classes ? *rc::gen::elementOf(kFailoverClasses)
                                         : *rc::gen::elementOf(kAllClasses);
  std::optional<Clock::sys_time> retry_at;
  if (*rc::gen::arbitrary<bool>()) {
    retry_at = wall - Duration(2'000) + mostly_short(120'000, 3 * 3'600'000);
  }
  auto o = fail(cls, retry_at, ms_in(0, only_failover_classes ? 1'000 : 3'000));
  o.facts.stalled = *rc::gen::inRange(0, 5) == 0;
  o.facts.response_committed = !only_failover_classes && *rc::gen::inRange(0, 20) == 0;
  return o;
}

struct World {
  ManualClock clock;
  SequenceRng rng{*rc::gen::container<std::vector<double>>(
      rc::gen::map(rc::gen::inRange(0, 1'000), [](int v) { return v / 1000.0; }))};
  Router router{clock, rng};
};

RouteRequest make_request(const Group& g, const Policy& p) {
  auto r = request_for(g.deployments, p);
  r.needs = g.needs;
  r.facts = [g](const Deployment& d) {
    const auto it = std::find(g.deployments.begin(), g.deployments.end(), d);
    return g.info[static_cast<std::size_t>(it - g.deployments.begin())];
  };
  return r;
}

// Runs a random sequence of requests, checking the safety properties on every attempt and
// after every request; with `liveness`, also that a request answers whenever a deployment that
// was eligible at its start would have succeeded.
void run_requests(bool liveness) {
  World w;
  const auto g = gen_group();
  const auto policy = gen_policy(liveness);
  const int requests = *rc::gen::inRange(1, 25);
  for (int r = 0; r < requests; ++r) {
    w.clock.advance(mostly_short(60'000, 3'600'000));
    Script script;
    std::vector<bool> always_ok;
    for (const auto& d : g.deployments) {
      auto outcomes = *rc::gen::container<std::vector<Outcome>>(
          *rc::gen::inRange(1, 5),
          rc::gen::exec([&] { return gen_outcome(w.clock.wall_now(), liveness); }));
      always_ok.push_back(std::all_of(outcomes.begin(), outcomes.end(),
                                      [](const Outcome& o) { return !o.failure; }));
      script.on(d.id(), std::move(outcomes));
    }
    bool some_eligible_success = false;
    for (std::size_t i = 0; i < g.deployments.size(); ++i) {
      const auto state = w.router.status(g.deployments[i]).state;
      const bool ready = state == DeploymentState::Ready || state == DeploymentState::HalfOpen;
      if (always_ok[i] && ready && eligible_by_facts(g.info[i], g.needs)) {
        some_eligible_success = true;
      }
    }

    const auto run = drive(
        w.router, w.clock, make_request(g, policy), script, [&](const RequestWalk::Step& step) {
          const auto st = w.router.status(step.deployment);
          RC_ASSERT(st.state == DeploymentState::Ready || st.state == DeploymentState::HalfOpen);
          RC_ASSERT(step.probe == (st.state == DeploymentState::HalfOpen));
        });

    for (const auto& d : g.deployments) RC_ASSERT(run.count(d.id()) <= 1 + policy.retries);
    RC_ASSERT(run.ended - run.started <= policy.timeouts.total);
    RC_ASSERT(run.ended <= run.deadline);
    for (const auto& e : run.trail) RC_ASSERT(!run.answered || e.deployment.id() != *run.answered);
    if (run.end == WalkRun::End::Exhausted && run.last_step.all_cooling) {
      RC_ASSERT(run.last_step.retry_at.has_value());
    }
    if (liveness && some_eligible_success) RC_ASSERT(run.end == WalkRun::End::Answered);
  }
}

RC_GTEST_PROP(RouterProperty, SafetyOverRandomGroupsAndOutcomes, ()) { run_requests(false); }

RC_GTEST_PROP(RouterProperty, AnswersWheneverAnEligibleDeploymentWouldSucceed, ()) {
  run_requests(true);
}

RC_GTEST_PROP(RouterProperty, CooldownEndsExactlyAtTheResetTime, ()) {
  World w;
  const auto cls = *rc::gen::elementOf(kFailoverClasses);
  const auto ds = group_of({"x/m", "y/m"});
  // Maybe an earlier, independent cooldown already holds x: the later end must win.
  std::optional<Clock::sys_time> earlier;
  if (*rc::gen::arbitrary<bool>()) {
    earlier = w.clock.wall_now() + ms_in(1, 5 * 3'600'000);
    w.router.restore_cooldown({"x/m", FailureClass::QuotaExhausted, *earlier, ""});
    w.clock.advance(*earlier - w.clock.wall_now());  // let it end: x is tried now
  }
  Policy p;
  p.retries = 0;
  const auto reset = w.clock.wall_now() + ms_in(1, 5 * 3'600'000);
  Script script;
  script.on("x/m", {fail(cls, reset, Duration(0))});
  drive(w.router, w.clock, request_for(ds, p), script);

  w.clock.advance(reset - w.clock.wall_now() - 1ms);
  const auto before = w.router.status(ds[0]).state;
  RC_ASSERT(before == (cls == FailureClass::AuthFailed ? DeploymentState::Disabled
                                                       : DeploymentState::Cooling));
  auto run = drive(w.router, w.clock, request_for(ds, p), script);
  RC_ASSERT(run.count("x/m") == 0);
  w.clock.advance(1ms);
  RC_ASSERT(w.router.status(ds[0]).state == DeploymentState::Ready);
  script.on("x/m", {ok()});
  run = drive(w.router, w.clock, request_for(ds, p), script);
  RC_ASSERT(run.tried.at(0) == "x/m");
}

RC_GTEST_PROP(RouterProperty, AShorterCooldownNeverCutsALongerOne, ()) {
  World w;
  const auto ds = group_of({"x/m"});
  Policy p;
  p.retries = 0;  // every failover class then cools at once
  const auto first = w.clock.wall_now() + ms_in(1, 5 * 3'600'000);
  const auto second = w.clock.wall_now() + ms_in(1, 5 * 3'600'000);
  auto w1 = w.router.start(request_for(ds, p));
  auto w2 = w.router.start(request_for(ds, p));
  RC_ASSERT(w1.next().kind == RequestWalk::Step::Kind::Try);
  RC_ASSERT(w2.next().kind == RequestWalk::Step::Kind::Try);
  w1.on_failure({*rc::gen::elementOf(kFailoverClasses), first, ""});
  w2.on_failure({*rc::gen::elementOf(kFailoverClasses), second, ""});
  RC_ASSERT(w.router.cooldowns().at(0).until == std::max(first, second));
}

RC_GTEST_PROP(RouterProperty, AtMostOneProbeInFlight, ()) {
  World w;
  Policy p;
  p.circuit.min_requests = 1;
  p.circuit.failure_rate = 1.0;
  const auto ds = group_of({"x/m"});
  {
    auto walk = w.router.start(request_for(ds, p));
    RC_ASSERT(walk.next().kind == RequestWalk::Step::Kind::Try);
    walk.on_failure({FailureClass::Unknown, std::nullopt, ""});
  }
  w.clock.advance(p.circuit.open_for);
  const int n = *rc::gen::inRange(1, 10);
  std::vector<RequestWalk> walks;
  int probes = 0;
  for (int i = 0; i < n; ++i) {
    walks.push_back(w.router.start(request_for(ds, p)));
    const auto s = walks.back().next();
    if (s.kind == RequestWalk::Step::Kind::Try) {
      RC_ASSERT(s.probe);
      ++probes;
    }
  }
  RC_ASSERT(probes == 1);
}

// ---- A day of outages ----

// Replays a day in milliseconds: one request every `every`, through a group whose deployments
// answer by a schedule of wall-clock windows (`answer`), recording when each was tried.
class Simulation {
 public:
  static constexpr auto kStart = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2};
  static Clock::sys_time at(std::chrono::hours h, std::chrono::minutes m = 0min) {
    return kStart + h + m;
  }
  using Answer = std::function<Outcome(const std::string& id, Clock::sys_time t)>;

  Simulation(std::vector<Deployment> group, Policy policy, Answer answer)
      : group_(std::move(group)), policy_(policy), answer_(std::move(answer)) {}

  void run(std::chrono::seconds every, Clock::sys_time until = at(24h)) {
    for (auto t = clock_.wall_now(); t < until; t = clock_.wall_now()) {
      const auto started = clock_.wall_now();
      auto run = drive(router_, clock_, request_for(group_, policy_), [&](const std::string& id) {
        attempts_[id].push_back(clock_.wall_now());
        return answer_(id, clock_.wall_now());
      });
      runs_.emplace_back(started, std::move(run));
      if (clock_.wall_now() < t + every) clock_.advance(t + every - clock_.wall_now());
    }
  }
  // When `id` was tried within [from, to).
  std::vector<Clock::sys_time> tried(const std::string& id, Clock::sys_time from,
                                     Clock::sys_time to) const {
    std::vector<Clock::sys_time> out;
    if (auto it = attempts_.find(id); it != attempts_.end()) {
      for (auto t : it->second) {
        if (t >= from && t < to) out.push_back(t);
      }
    }
    return out;
  }
  const std::vector<std::pair<Clock::sys_time, WalkRun>>& runs() const { return runs_; }
  const EventLog& log() const { return log_; }
  Router& router() { return router_; }

 private:
  std::vector<Deployment> group_;
  Policy policy_;
  Answer answer_;
  ManualClock clock_{kStart};
  FixedRng rng_{0.5};
  EventLog log_;
  Router router_{clock_, rng_, &log_};
  std::map<std::string, std::vector<Clock::sys_time>> attempts_;
  std::vector<std::pair<Clock::sys_time, WalkRun>> runs_;
};

TEST(RouterSimulation, ADayOfOutagesReplaysInMilliseconds) {
  using S = Simulation;
  const auto took = Duration(2'000);
  S day(group_of({"max/sonnet", "work/sonnet", "openai/gpt-5", "local/qwen"}), Policy{},
        [&](const std::string& id, Clock::sys_time t) {
          // The subscription's window is spent from 09:00 until it resets at 14:00.
          if (id == "max/sonnet" && t >= S::at(9h) && t < S::at(14h)) {
            return fail(FailureClass::QuotaExhausted, S::at(14h), took);
          }
          // The API key's provider answers 529 overloaded from 10:00 to 10:20.
          if (id == "work/sonnet" && t >= S::at(10h) && t < S::at(10h, 20min)) {
            return fail(FailureClass::Overloaded, std::nullopt, took);
          }
          // OpenAI rate limits from 11:00 to 11:05, each time for 30 seconds.
          if (id == "openai/gpt-5" && t >= S::at(11h) && t < S::at(11h, 5min)) {
            return fail(FailureClass::RateLimited, t + 30s, took);
          }
          return ok(took);
        });
  day.run(20s);
  ASSERT_EQ(day.runs().size(), 24u * 180u);
  for (const auto& [t, r] : day.runs()) ASSERT_EQ(r.end, WalkRun::End::Answered);

  // The quota outage costs exactly one failed attempt: after it nothing touches max/sonnet
  // until its reset, and the request made at 14:00:00 goes back to it.
  EXPECT_EQ(day.tried("max/sonnet", S::at(9h), S::at(14h)).size(), 1u);
  const auto after = day.tried("max/sonnet", S::at(14h), S::at(14h, 1min));
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front(), S::at(14h));
  EXPECT_EQ(day.log().kinds_for("max/sonnet"),
            (std::vector<std::string>{"cooldown_started", "cooldown_ended"}));

  // While both Claude deployments are out, OpenAI answers.
  for (const auto& [t, r] : day.runs()) {
    if (t >= S::at(10h) && t < S::at(10h, 19min)) {
      EXPECT_EQ(r.answered, "openai/gpt-5");
    }
  }
  // work/sonnet during its 20 minutes of 529s: of the 60 requests, every other one retries it
  // (1 + 2 retries, 6.4s) and cools it for cooldown.overloaded (20s), which the next skips.
  EXPECT_EQ(day.tried("work/sonnet", S::at(10h), S::at(10h, 20min)).size(), 30u * 3u);

  // Outside the windows every request is answered first try by max/sonnet.
  EXPECT_EQ(day.tried("max/sonnet", S::kStart, S::at(9h)).size(), 9u * 180u);
  EXPECT_TRUE(day.router().cooldowns().empty());
}

TEST(RouterSimulation, AFlappingDeploymentTripsItsCircuitAndOneProbeAtATimeClosesIt) {
  using S = Simulation;
  Policy p;
  p.retries = 0;
  p.cooldown.server_error = Duration(0);  // leave the whole job to the breaker
  S sim(group_of({"flaky/m", "steady/m"}), p, [](const std::string& id, Clock::sys_time t) {
    if (id == "flaky/m" && t >= S::at(12h) && t < S::at(13h)) {
      return fail(FailureClass::ServerError, std::nullopt, Duration(100));
    }
    return ok(Duration(100));
  });
  sim.run(5s, S::at(14h));
  for (const auto& [t, r] : sim.runs()) ASSERT_EQ(r.end, WalkRun::End::Answered);

  // The 6th failure (12:00:25) opens it: with the six successes of 11:59:30-11:59:55 still in
  // the 60s window that is 12 requests (>= min_requests 8) at exactly the failure rate (0.5).
  // From then on a single probe per open_for: 30s, which on a 5s cadence with 100ms attempts
  // is one every 35s, until 13:00.
  const auto during = sim.tried("flaky/m", S::at(12h), S::at(13h));
  ASSERT_GT(during.size(), 6u);
  EXPECT_EQ(during[5], S::at(12h) + 25s);
  for (std::size_t i = 6; i < during.size(); ++i) {
    EXPECT_EQ(during[i] - during[i - 1], 35s);
  }
  EXPECT_EQ(during.size(), 6u + (60u * 60u - 25u) / 35u);
  const auto kinds = sim.log().kinds_for("flaky/m");
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.front(), "circuit_opened");
  EXPECT_EQ(kinds.back(), "circuit_closed");
  // The first attempt after the outage is the probe that closes it, within one open_for.
  const auto next = sim.tried("flaky/m", S::at(13h), S::at(14h));
  ASSERT_FALSE(next.empty());
  EXPECT_LT(next.front(), S::at(13h) + 35s);
  EXPECT_EQ(next.size(), (next.back() - next.front()) / 5s + 1);  // then every request again
}

}  // namespace
}  // namespace sb
