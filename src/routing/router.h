// The router: the shared, per-deployment half of failover (SPEC §3), a deterministic state
// machine over an injected Clock& and Rng& (STYLE 5), so a whole day of outages replays in a unit
// test in milliseconds. The per-request half, the attempt walk, is routing/request_walk.h; the
// rules it applies to one failure are routing/retry_policy.h; the circuit breaker and latency
// record are routing/health.h. No I/O happens here and no lock is held across any.
//
// Per deployment (keyed by `account/model`, created on first use):
//
//   state            meaning                                  leaves by
//   READY            may be handed out                        a cooling failure, the breaker
//   COOLING(u, cls)  skipped until wall time u                wall >= u (exactly at u: READY);
//                                                             clear_cooldown; a later, longer
//                                                             cooldown extends u (never shortens)
//   DISABLED(u)      COOLING with cls = auth_failed           the same; status shows "disabled"
//   CIRCUIT_OPEN     breaker open: skipped                    steady now >= opened + open_for
//   HALF_OPEN        breaker open_for passed: one probe       probe success -> READY (closed);
//                    at a time, others skip it                probe failure -> CIRCUIT_OPEN
//
//   event (from a walk)                    transition / bookkeeping
//   success                                breaker success (a probe closes it); latency recorded
//   quota_exhausted                        COOLING until retry_at, else now + cooldown.quota
//   rate_limited                           COOLING until retry_at, else now + cooldown.rate_limit
//   overloaded / server_error, no retry    COOLING until retry_at, else cooldown.overloaded /
//     (retries spent, stalled, committed)  cooldown.server_error; breaker failure
//   overloaded / server_error, retried     breaker failure only (the walk retries it)
//   auth_failed                            DISABLED until retry_at, else now + cooldown.auth, for
//                                          every known deployment of the same account
//   unknown                                breaker failure; no cooldown
//   bad_request / content_filtered /       breaker success (it answered); no cooldown
//     context_too_long
//   restore_cooldown (a restart)           COOLING as persisted, merged by the same max rule
//   clear_cooldown / clear_all_cooldowns   READY (the breaker is left alone)
//
// Per request (RequestWalk::next / on_failure), over the group in order, a pin first:
//
//   START --next()--> for each deployment not yet tried:
//                       no credentials / lacks a capability / window too small -> skip (reason)
//                       COOLING / DISABLED / CIRCUIT_OPEN / HALF_OPEN busy     -> skip (reason)
//                       otherwise -------------------------------------------> TRY(d)
//                     none left: the earliest cooldown end among deployments blocked only by a
//                       cooldown (and with attempts left) is within max_wait and before the
//                       deadline --> WAIT(t), then next() again; else --> EXHAUSTED
//   TRY(d) --on_success--> DONE
//   TRY(d) --on_failure--> RETRY_SAME(delay) if may_retry_same and now + delay < deadline
//                          RETURN_TO_CLIENT  for bad_request (and content_filtered unless set)
//                          FAIL_OVER         if may_fail_over(...) --next()--> as from START
//                          GIVE_UP           otherwise (a committed response, deadline, budget)
//   next() at or after the deadline --> EXHAUSTED (deadline_passed)
//
// Events (cooldown started / ended / cleared, circuit opened / half-open / closed, pin set /
// cleared) go to the optional RouterObserver as they happen, in order, with the router's lock
// held: the observer must only enqueue (to the state store's writer, the event stream) and must
// never call back into the Router. A cooldown's or an opening's end is noticed lazily, when a
// walk or sweep() next looks at the deployment. restore_cooldown emits nothing (it comes from
// the store).
//
// Thread-safety: every public member may be called from any thread; one mutex guards the map
// of deployment records and the pins, held for a few map lookups at a time.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/rng.h"
#include "routing/failure.h"
#include "routing/health.h"
#include "routing/request_walk.h"

namespace sb {

// One active cooldown, in wall time because it must survive a restart (the state store keeps
// CooldownRecord rows: deployment, class, until, reason).
struct CooldownEntry {
  std::string deployment;  // account/model
  FailureClass cls = FailureClass::Unknown;
  Clock::sys_time until{};
  std::string reason;  // the failure's detail, for status
  bool operator==(const CooldownEntry&) const = default;
};

struct RouterEvent {
  enum class Kind {
    CooldownStarted,  // also when an existing cooldown was extended
    CooldownEnded,
    CooldownCleared,
    CircuitOpened,
    CircuitHalfOpen,
    CircuitClosed,
    PinSet,
    PinCleared,
  };
  Kind kind = Kind::CooldownStarted;
  std::string deployment;                // account/model (for PinSet, the pinned one)
  std::string group;                     // pins only
  std::optional<FailureClass> cls;       // cooldowns
  std::optional<Clock::sys_time> until;  // a cooldown's end, or an opened circuit's
  std::string reason;
};
// cooldown_started, cooldown_ended, cooldown_cleared, circuit_opened, circuit_half_open,
// circuit_closed, pin_set, pin_cleared
std::string_view to_string(RouterEvent::Kind k);

class RouterObserver {
 public:
  virtual ~RouterObserver() = default;
  // Called with the router's lock held: enqueue and return; never call the Router.
  virtual void on_router_event(const RouterEvent& event) = 0;
};

enum class DeploymentState { Ready, Cooling, Disabled, CircuitOpen, HalfOpen };
std::string_view to_string(DeploymentState s);  // ready, cooling, disabled, circuit_open, half_open

struct DeploymentStatus {
  std::string deployment;
  DeploymentState state = DeploymentState::Ready;
  std::optional<FailureClass> cooling_class;  // Cooling / Disabled
  // Cooling / Disabled: the cooldown's end. CircuitOpen: when it turns half-open (wall time).
  std::optional<Clock::sys_time> until;
  std::string reason;  // the cooldown's reason
  std::optional<Failure> last_failure;
  std::optional<Clock::sys_time> last_failure_at;
  std::uint64_t requests = 0;  // outcomes recorded since start
  std::uint64_t failures = 0;
  int window_requests = 0;  // in the breaker's window: the recent error rate
  int window_failures = 0;
  std::optional<Duration> p50_latency;  // over the last LatencyStats::kSamples successes
  std::optional<Duration> last_latency;
};

class Router {
 public:
  Router(Clock& clock, Rng& rng, RouterObserver* observer = nullptr);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Starts one request's walk; its deadline is now + policy.timeouts.total.
  RequestWalk start(RouteRequest request);

  // Active cooldowns (end still ahead), ordered by deployment.
  std::vector<CooldownEntry> cooldowns() const;
  // Re-installs a persisted cooldown (ignored once ended); never shortens a longer one.
  void restore_cooldown(const CooldownEntry& entry);
  // True when there was one to clear.
  bool clear_cooldown(std::string_view deployment);
  std::size_t clear_all_cooldowns();

  // `use GROUP DEPLOYMENT`: the deployment goes first in that group's walks (prepended when the
  // group does not list it). Persisting the pin is the caller's.
  void set_pin(const std::string& group, const Deployment& deployment);
  bool clear_pin(std::string_view group);
  std::optional<Deployment> pin(std::string_view group) const;

  DeploymentStatus status(const Deployment& deployment) const;
  // Every deployment the router has state for, ordered by id.
  std::vector<DeploymentStatus> status() const;

  // Notices ended cooldowns and circuits turning half-open everywhere, emitting their events
  // (a periodic timer may call it; walks do the same for the deployments they look at).
  void sweep();

 private:
  friend class RequestWalk;

  struct Record {
    std::optional<CooldownEntry> cooldown;
    CircuitBreaker breaker;
    CircuitState published = CircuitState::Closed;
    LatencyStats latency;
    std::optional<Failure> last_failure;
    std::optional<Clock::sys_time> last_failure_at;
    std::uint64_t requests = 0;
    std::uint64_t failures = 0;
  };

  // What the walk learns when it asks for a deployment.
  struct Gate {
    enum class Kind { Admitted, Probe, Cooling, CircuitOpen };
    Kind kind = Kind::Admitted;
    std::optional<CooldownEntry> cooldown;  // Cooling
  };

  // For the walk; each takes the lock.
  Gate admit(const Deployment& d, const Policy& policy);
  // The cooldown that blocks d now, and whether its breaker would admit it; takes nothing.
  std::pair<std::optional<CooldownEntry>, bool> peek(const Deployment& d) const;
  void record_success(const Deployment& d, bool probe, Duration latency, const Policy& policy);
  // Returns d's cooldown end after this failure, if it is cooling.
  std::optional<Clock::sys_time> record_failure(const Deployment& d, bool probe,
                                                const Failure& failure, bool start_cooldown,
                                                const Policy& policy,
                                                const std::vector<Deployment>& group);
  void release_probe(const Deployment& d);
  Rng& rng() { return rng_; }
  Clock& clock() { return clock_; }

  // Callers hold mutex_.
  Record& record_for(const std::string& id, const Policy& policy);
  void settle(const std::string& id, Record& r, Clock::time_point now, Clock::sys_time wall);
  void cool(const std::string& id, Record& r, CooldownEntry entry, bool emit_event);
  void emit(const RouterEvent& e);
  DeploymentStatus status_of(const std::string& id, const Record& r, Clock::time_point now,
                             Clock::sys_time wall) const;

  Clock& clock_;
  Rng& rng_;
  RouterObserver* observer_;
  mutable std::mutex mutex_;
  std::map<std::string, Record, std::less<>> records_;
  std::map<std::string, Deployment, std::less<>> pins_;
};

}  // namespace sb
