// One request's walk through its group (SPEC §3): which deployment to try next, what a failure
// allows, and the record of every deployment skipped or failed on the way, for the
// `x-switchboard-failover` header and the "nothing left" error. The per-request half of the
// router's state machine; the table of both halves is in routing/router.h.
//
// A walk is created by Router::start and owned by one request (one coroutine): it is not
// thread-safe itself, and reaches the shared per-deployment state only through the Router, whose
// lock it never holds across I/O (every call takes it briefly, none blocks).
//
// Invariants:
//   - A deployment is handed out at most 1 + policy.retries times per walk, and only while it is
//     neither cooling nor circuit-open (a half-open circuit hands out its single probe).
//   - A walk never starts an attempt or a wait at or after its deadline (start + timeouts.total),
//     and every wait ends before it; the caller bounds each attempt by deadline() as well.
//   - Exactly one outcome is reported per attempt handed out; an attempt left unreported when
//     next() is called again or the walk is destroyed counts as abandoned (its probe is freed).
//
// How the proxy drives it (each wait is a timer, never a blocked thread):
//
//   auto walk = router.start(route_request(resolution, needs, facts));
//   for (auto step = walk.next();; step = walk.next()) {
//     if (step is Wait)      { co_await timer(step.wait); continue; }
//     if (step is Exhausted) { answer 429 + Retry-After(step.retry_at) if step.all_cooling,
//                              else 502; body from walk.report(); break; }
//     outcome = co_await attempt(step.deployment, bounded by walk.deadline());
//     if (outcome ok)        { walk.on_success(time to first byte); headers from walk.trail(); }
//     else switch (walk.on_failure(classified, {committed, stalled}).kind) {
//       RetrySame, FailOver: continue;              // next() waits out the backoff itself
//       ReturnToClient:      relay the upstream error;
//       GiveUp:              committed ? end the stream in error : continue (-> Exhausted);
//     }
//     break;
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "routing/failure.h"
#include "routing/model_resolver.h"

namespace sb {

class Router;

// What the request itself requires of a deployment.
struct RequestNeeds {
  bool tools = false;
  bool images = false;
  std::optional<std::int64_t> prompt_tokens;  // estimated
  // A budget restricts the group (budgets.*.on_exceed: restrict): only deployments whose input
  // price is known and at most this (USD per million tokens).
  std::optional<double> max_input_price;
};

// What is known of a deployment, from config, the catalog and the credential store. Unknown
// (nullopt) means eligible (SPEC §3): a model missing from the catalog is never skipped for it.
struct DeploymentInfo {
  // Non-empty: this deployment cannot serve any request now, and this is the reason shown
  // (e.g. "untranslatable"). Checked before everything else.
  std::string unusable;
  bool has_credentials = true;
  std::optional<bool> tools;
  std::optional<bool> images;
  std::optional<std::int64_t> context_window;
  std::optional<double> input_price;  // USD per million input tokens
};
// Called once per deployment when a walk starts, outside the router's lock.
using DeploymentFacts = std::function<DeploymentInfo(const Deployment&)>;

struct RouteRequest {
  std::string group;  // the group's name when resolved through one: its pin applies
  std::vector<Deployment> deployments;
  Policy policy;
  RequestNeeds needs;
  DeploymentFacts facts;  // empty: credentials everywhere, capabilities and windows unknown
  // policy.failover_on_content_filter, unless a caller sets it otherwise.
  bool content_filtered_fails_over = false;
};
RouteRequest route_request(const Resolution& resolution, RequestNeeds needs = {},
                           DeploymentFacts facts = {});

// Facts about one attempt's failure that the class alone does not carry.
struct AttemptFacts {
  bool response_committed = false;  // a byte of the answer reached the client
  // The attempt hit its connect or first-byte timeout (TransportFailure::ConnectTimeout or
  // FirstByteTimeout in providers/failure_class.h): fail over at once, never wait for it again.
  bool stalled = false;
};

class RequestWalk {
 public:
  struct Step {
    enum class Kind { Try, Wait, Exhausted };
    Kind kind = Kind::Exhausted;
    Deployment deployment;               // Try
    bool probe = false;                  // Try: the half-open circuit's single probe
    Clock::time_point::duration wait{};  // Wait: sleep this long, then call next() again
    // Exhausted: every deployment is cooling for want of capacity (quota_exhausted,
    // rate_limited, overloaded): answer 429 with Retry-After from retry_at; otherwise 502. A
    // broken or disabled deployment's cooldown is not "come back later", so it makes a 502.
    bool all_cooling = false;
    std::optional<Clock::sys_time> retry_at;  // Exhausted: the earliest cooldown end, if any
    bool deadline_passed = false;             // Exhausted: timeouts.total ran out
  };

  struct Decision {
    enum class Kind {
      RetrySame,       // wait `delay` (or call next(), which says Wait until then), same deployment
      FailOver,        // call next()
      ReturnToClient,  // relay this upstream error as it is (bad_request, content_filtered)
      // Stop. Committed: end the stream in error. Otherwise next() now returns the Exhausted
      // step (429 or 502) and report() the reasons.
      GiveUp,
    };
    Kind kind = Kind::GiveUp;
    Duration delay{};  // RetrySame
  };

  struct Entry {
    enum class Kind { Skipped, Failed, NotReached };
    Deployment deployment;
    Kind kind = Kind::NotReached;
    // Skipped: cooling:CLASS, circuit_open, no_credentials, context_too_small, lacks:CAPABILITY.
    // Failed: the class that failed (quota_exhausted, ...). NotReached: "skipped".
    std::string reason;
    // Skipped while cooling: its end. Failed: the cooldown this failure left (if any).
    std::optional<Clock::sys_time> until;
    std::string detail;  // Failed: the failure's detail
  };

  RequestWalk(RequestWalk&& other) noexcept;
  RequestWalk& operator=(RequestWalk&&) = delete;
  RequestWalk(const RequestWalk&) = delete;
  RequestWalk& operator=(const RequestWalk&) = delete;
  ~RequestWalk();

  Step next();
  // The attempt handed out last succeeded: call it once the answer was relayed whole (a stream
  // that breaks after the first byte is on_failure with response_committed instead). `latency`
  // is what status reports as p50 (time to first byte is the useful one); it defaults to the
  // time since the attempt was handed out.
  void on_success(std::optional<Duration> latency = std::nullopt);
  // The attempt handed out last failed; `failure` comes from classification.
  Decision on_failure(const Failure& failure, AttemptFacts facts = {});

  Clock::time_point deadline() const { return deadline_; }
  // Deployments skipped or failed so far, in walk order; the one that answered is not among
  // them. What `x-switchboard-failover` lists.
  std::vector<Entry> trail() const;
  // Every deployment of the request in walk order, the unreached ones as NotReached "skipped":
  // what the "nothing left" error lists.
  std::vector<Entry> report() const;
  // The deployments in walk order (a pin first).
  const std::vector<Deployment>& deployments() const { return request_.deployments; }
  int attempts(const Deployment& d) const;

 private:
  friend class Router;
  RequestWalk(Router& router, RouteRequest request, Clock::time_point now);

  std::optional<Step> try_index(std::size_t i, Clock::time_point now);
  // Why deployment i may not serve this request at all (credentials, capability, window), or "".
  std::string ineligible(std::size_t i) const;
  void note_skip(std::size_t i, std::string reason, std::optional<Clock::sys_time> until);
  void abandon_current();
  Step exhausted(bool deadline_passed);
  int max_per_deployment() const { return 1 + std::max(request_.policy.retries, 0); }

  Router* router_;
  RouteRequest request_;
  std::vector<DeploymentInfo> info_;
  std::vector<int> attempts_;
  std::vector<std::optional<Entry>> entries_;
  // Tried, failed with a class that cools, attempts left: may be offered again once cooled
  // (the max_wait rule), counting against its 1 + retries.
  std::vector<bool> reofferable_;
  Clock::time_point deadline_;
  int attempts_made_ = 0;
  bool unknown_failover_spent_ = false;
  // A context_too_long failure on a deployment with a known window this large: only larger
  // windows (or unknown ones) may serve the rest of the walk.
  std::optional<std::int64_t> context_floor_;
  std::optional<std::size_t> current_;
  bool current_probe_ = false;
  bool current_reported_ = true;
  Clock::time_point current_started_{};
  std::optional<std::size_t> retry_;
  Clock::time_point retry_not_before_{};
  bool finished_ = false;
};

}  // namespace sb
