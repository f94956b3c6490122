// Test support for the router: drives one request's walk to its end the way the proxy would
// (sleep on Wait and RetrySame by advancing a ManualClock, run each attempt for its scripted
// duration, cut an attempt at the deadline as the proxy's total timeout does), answering each
// attempt from a per-deployment script. Shared by router_test.cpp and router_property_test.cpp.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "routing/router.h"

namespace sb::testing {

using namespace std::chrono_literals;

// One scripted attempt: success when `failure` is empty.
struct Outcome {
  std::optional<Failure> failure;
  Duration took{100};
  AttemptFacts facts;
};

inline Outcome ok(Duration took = Duration(100)) { return Outcome{std::nullopt, took, {}}; }
inline Outcome fail(FailureClass cls, std::optional<Clock::sys_time> retry_at = std::nullopt,
                    Duration took = Duration(100)) {
  return Outcome{Failure{cls, retry_at, std::string(to_string(cls))}, took, {}};
}

// Per deployment id, the outcomes of its attempts in order; once a list runs out, the last
// outcome repeats (a deployment stays down, or up). A deployment with no script succeeds.
class Script {
 public:
  Script& on(const std::string& id, std::vector<Outcome> outcomes) {
    outcomes_[id] = std::deque<Outcome>(outcomes.begin(), outcomes.end());
    return *this;
  }
  Outcome next(const std::string& id) {
    auto it = outcomes_.find(id);
    if (it == outcomes_.end() || it->second.empty()) return ok();
    auto o = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    return o;
  }

 private:
  std::map<std::string, std::deque<Outcome>> outcomes_;
};

struct WalkRun {
  enum class End { Answered, ReturnedToClient, GaveUp, Exhausted };
  End end = End::Exhausted;
  std::vector<std::string> tried;  // every attempt, in order
  std::vector<bool> probes;        // per attempt: was it the half-open probe
  std::optional<std::string> answered;
  RequestWalk::Step last_step;  // the Exhausted step, when it ended so
  std::vector<RequestWalk::Entry> trail;
  std::vector<RequestWalk::Entry> report;
  std::vector<Clock::time_point::duration> waits;
  Clock::time_point started{};
  Clock::time_point ended{};
  Clock::time_point deadline{};
  int count(const std::string& id) const {
    int n = 0;
    for (const auto& t : tried) n += t == id ? 1 : 0;
    return n;
  }
};

// Called before every attempt with the deployment handed out, so a test can check invariants
// against the state the router had when it decided.
using BeforeAttempt = std::function<void(const RequestWalk::Step&)>;

// Answers one attempt on the deployment with this id, at the clock's current time.
using OutcomeFn = std::function<Outcome(const std::string& id)>;

inline WalkRun drive(Router& router, ManualClock& clock, RouteRequest request,
                     const OutcomeFn& next_outcome, const BeforeAttempt& before = {}) {
  WalkRun run;
  run.started = clock.now();
  auto walk = router.start(std::move(request));
  run.deadline = walk.deadline();
  for (int guard = 0; guard < 10'000; ++guard) {
    const auto step = walk.next();
    if (step.kind == RequestWalk::Step::Kind::Wait) {
      run.waits.push_back(step.wait);
      clock.advance(step.wait);
      continue;
    }
    if (step.kind == RequestWalk::Step::Kind::Exhausted) {
      run.end = WalkRun::End::Exhausted;
      run.last_step = step;
      break;
    }
    if (before) before(step);
    const auto id = step.deployment.id();
    run.tried.push_back(id);
    run.probes.push_back(step.probe);
    auto outcome = next_outcome(id);
    // The proxy bounds every attempt by the walk's deadline: one cut there is a timeout.
    const auto left = walk.deadline() - clock.now();
    if (outcome.took >= left) {
      clock.advance(left);
      outcome.failure = Failure{FailureClass::ServerError, std::nullopt, "total timeout"};
      outcome.facts.stalled = true;
    } else {
      clock.advance(outcome.took);
    }
    if (!outcome.failure) {
      walk.on_success();
      run.end = WalkRun::End::Answered;
      run.answered = id;
      break;
    }
    const auto d = walk.on_failure(*outcome.failure, outcome.facts);
    if (d.kind == RequestWalk::Decision::Kind::ReturnToClient) {
      run.end = WalkRun::End::ReturnedToClient;
      break;
    }
    if (d.kind == RequestWalk::Decision::Kind::GiveUp) {
      run.end = WalkRun::End::GaveUp;
      run.last_step = walk.next();  // Exhausted: what the error response says
      break;
    }
    // RetrySame: next() answers Wait until the backoff has passed. FailOver: next() moves on.
  }
  run.ended = clock.now();
  run.trail = walk.trail();
  run.report = walk.report();
  return run;
}

inline WalkRun drive(Router& router, ManualClock& clock, RouteRequest request, Script& script,
                     const BeforeAttempt& before = {}) {
  return drive(
      router, clock, std::move(request),
      [&script](const std::string& id) { return script.next(id); }, before);
}

inline std::vector<Deployment> group_of(std::initializer_list<const char*> ids) {
  std::vector<Deployment> out;
  for (const char* id : ids) out.push_back(*parse_deployment(id));
  return out;
}

inline RouteRequest request_for(std::vector<Deployment> deployments, Policy policy = {},
                                std::string group = "coding") {
  RouteRequest r;
  r.group = std::move(group);
  r.deployments = std::move(deployments);
  r.policy = policy;
  return r;
}

// Records every router event, for assertions on what was published.
class EventLog : public RouterObserver {
 public:
  void on_router_event(const RouterEvent& e) override { events.push_back(e); }
  std::vector<std::string> kinds_for(const std::string& id) const {
    std::vector<std::string> out;
    for (const auto& e : events) {
      if (e.deployment == id) out.emplace_back(to_string(e.kind));
    }
    return out;
  }
  std::vector<RouterEvent> events;
};

}  // namespace sb::testing
