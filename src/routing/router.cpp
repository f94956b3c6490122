#include "routing/router.h"

#include <algorithm>
#include <utility>

#include "routing/retry_policy.h"

namespace sb {

std::string_view to_string(RouterEvent::Kind k) {
  switch (k) {
    case RouterEvent::Kind::CooldownStarted: return "cooldown_started";
    case RouterEvent::Kind::CooldownEnded: return "cooldown_ended";
    case RouterEvent::Kind::CooldownCleared: return "cooldown_cleared";
    case RouterEvent::Kind::CircuitOpened: return "circuit_opened";
    case RouterEvent::Kind::CircuitHalfOpen: return "circuit_half_open";
    case RouterEvent::Kind::CircuitClosed: return "circuit_closed";
    case RouterEvent::Kind::PinSet: return "pin_set";
    case RouterEvent::Kind::PinCleared: return "pin_cleared";
  }
  return "cooldown_started";
}

std::string_view to_string(DeploymentState s) {
  switch (s) {
    case DeploymentState::Ready: return "ready";
    case DeploymentState::Cooling: return "cooling";
    case DeploymentState::Disabled: return "disabled";
    case DeploymentState::CircuitOpen: return "circuit_open";
    case DeploymentState::HalfOpen: return "half_open";
  }
  return "ready";
}

namespace {
Clock::sys_time to_wall(Clock::time_point t, Clock::time_point now, Clock::sys_time wall) {
  return wall + std::chrono::duration_cast<Clock::sys_time::duration>(t - now);
}
RouterEvent event(RouterEvent::Kind kind, const std::string& deployment,
                  std::optional<FailureClass> cls = {}, std::optional<Clock::sys_time> until = {},
                  std::string reason = {}) {
  return RouterEvent{kind, deployment, {}, cls, until, std::move(reason)};
}
bool same_account(std::string_view id, std::string_view account) {
  return id.size() > account.size() && id.substr(0, account.size()) == account &&
         id[account.size()] == '/';
}
}  // namespace

Router::Router(Clock& clock, Rng& rng, RouterObserver* observer)
    : clock_(clock), rng_(rng), observer_(observer) {}

RequestWalk Router::start(RouteRequest request) {
  if (!request.group.empty()) {
    std::optional<Deployment> pinned;
    {
      std::lock_guard lock(mutex_);
      if (auto it = pins_.find(request.group); it != pins_.end()) pinned = it->second;
    }
    if (pinned) {
      auto& ds = request.deployments;
      ds.erase(std::remove(ds.begin(), ds.end(), *pinned), ds.end());
      ds.insert(ds.begin(), *pinned);
    }
  }
  return RequestWalk(*this, std::move(request), clock_.now());
}

void Router::emit(const RouterEvent& e) {
  if (observer_) observer_->on_router_event(e);
}

Router::Record& Router::record_for(const std::string& id, const Policy& policy) {
  auto it = records_.find(id);
  if (it == records_.end()) {
    it = records_.emplace(id, Record{}).first;
  }
  // A probe may not outlive the request that carries it: timeouts.total bounds that request.
  it->second.breaker.configure(policy.circuit, policy.timeouts.total);
  return it->second;
}

void Router::settle(const std::string& id, Record& r, Clock::time_point now, Clock::sys_time wall) {
  if (r.cooldown && wall >= r.cooldown->until) {
    emit(event(RouterEvent::Kind::CooldownEnded, id, r.cooldown->cls, r.cooldown->until));
    r.cooldown.reset();
  }
  const auto state = r.breaker.state(now);
  if (state == r.published) return;
  r.published = state;
  switch (state) {
    case CircuitState::Open: {
      const auto until = to_wall(r.breaker.open_until(), now, wall);
      emit(event(RouterEvent::Kind::CircuitOpened, id, std::nullopt, until));
      break;
    }
    case CircuitState::HalfOpen: emit(event(RouterEvent::Kind::CircuitHalfOpen, id)); break;
    case CircuitState::Closed: emit(event(RouterEvent::Kind::CircuitClosed, id)); break;
  }
}

void Router::cool(const std::string& id, Record& r, CooldownEntry entry, bool emit_event) {
  // Never shorten: a rate-limit window recorded after a quota cooldown must not end it early.
  if (r.cooldown && r.cooldown->until >= entry.until) return;
  entry.deployment = id;
  r.cooldown = entry;
  if (emit_event) {
    emit(event(RouterEvent::Kind::CooldownStarted, id, entry.cls, entry.until, entry.reason));
  }
}

Router::Gate Router::admit(const Deployment& d, const Policy& policy) {
  const auto id = d.id();
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto wall = clock_.wall_now();
  auto& r = record_for(id, policy);
  settle(id, r, now, wall);
  if (r.cooldown) return Gate{Gate::Kind::Cooling, r.cooldown};
  switch (r.breaker.admit(now)) {
    case CircuitBreaker::Admission::Allowed: return Gate{Gate::Kind::Admitted, {}};
    case CircuitBreaker::Admission::Probe: return Gate{Gate::Kind::Probe, {}};
    case CircuitBreaker::Admission::Rejected: break;
  }
  return Gate{Gate::Kind::CircuitOpen, {}};
}

std::pair<std::optional<CooldownEntry>, bool> Router::peek(const Deployment& d) const {
  const auto id = d.id();
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end()) return {std::nullopt, true};
  std::optional<CooldownEntry> cooldown = it->second.cooldown;
  if (cooldown && clock_.wall_now() >= cooldown->until) cooldown.reset();
  return {cooldown, it->second.breaker.admissible(clock_.now())};
}

void Router::record_success(const Deployment& d, bool probe, Duration latency,
                            const Policy& policy) {
  const auto id = d.id();
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  auto& r = record_for(id, policy);
  ++r.requests;
  r.latency.record(latency);
  r.breaker.record(BreakerVerdict::Success, probe, now);
  settle(id, r, now, clock_.wall_now());
}

std::optional<Clock::sys_time> Router::record_failure(const Deployment& d, bool probe,
                                                      const Failure& failure, bool start_cooldown,
                                                      const Policy& policy,
                                                      const std::vector<Deployment>& group) {
  const auto id = d.id();
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto wall = clock_.wall_now();
  auto& r = record_for(id, policy);
  const auto verdict = breaker_verdict(failure.cls);
  ++r.requests;
  if (verdict != BreakerVerdict::Success) ++r.failures;
  r.last_failure = failure;
  r.last_failure_at = wall;
  r.breaker.record(verdict, probe, now);

  const auto until = start_cooldown ? cooldown_until(failure, policy.cooldown, wall) : std::nullopt;
  if (until && *until > wall) {
    const CooldownEntry entry{id, failure.cls, *until, failure.detail};
    cool(id, r, entry, true);
    if (failure.cls == FailureClass::AuthFailed) {
      // A credential belongs to the account: every deployment of it is just as locked out.
      for (const auto& other : group) {
        if (other.account == d.account && other != d) record_for(other.id(), policy);
      }
      for (auto& [other_id, other] : records_) {
        if (other_id != id && same_account(other_id, d.account)) cool(other_id, other, entry, true);
      }
    }
  }
  settle(id, r, now, wall);
  if (r.cooldown) return r.cooldown->until;
  return std::nullopt;
}

void Router::release_probe(const Deployment& d) {
  std::lock_guard lock(mutex_);
  if (auto it = records_.find(d.id()); it != records_.end()) it->second.breaker.release_probe();
}

std::vector<CooldownEntry> Router::cooldowns() const {
  std::lock_guard lock(mutex_);
  const auto wall = clock_.wall_now();
  std::vector<CooldownEntry> out;
  for (const auto& [id, r] : records_) {
    if (r.cooldown && wall < r.cooldown->until) out.push_back(*r.cooldown);
  }
  return out;
}

void Router::restore_cooldown(const CooldownEntry& entry) {
  std::lock_guard lock(mutex_);
  if (clock_.wall_now() >= entry.until) return;
  auto it = records_.find(entry.deployment);
  if (it == records_.end()) it = records_.emplace(entry.deployment, Record{}).first;
  cool(entry.deployment, it->second, entry, false);
}

bool Router::clear_cooldown(std::string_view deployment) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(deployment);
  if (it == records_.end() || !it->second.cooldown) return false;
  const auto& c = *it->second.cooldown;
  emit(event(RouterEvent::Kind::CooldownCleared, it->first, c.cls, c.until));
  it->second.cooldown.reset();
  return true;
}

std::size_t Router::clear_all_cooldowns() {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto& [id, r] : records_) {
    if (!r.cooldown) continue;
    emit(event(RouterEvent::Kind::CooldownCleared, id, r.cooldown->cls, r.cooldown->until));
    r.cooldown.reset();
    ++n;
  }
  return n;
}

void Router::set_pin(const std::string& group, const Deployment& deployment) {
  std::lock_guard lock(mutex_);
  pins_[group] = deployment;
  emit({RouterEvent::Kind::PinSet, deployment.id(), group, {}, {}, {}});
}

bool Router::clear_pin(std::string_view group) {
  std::lock_guard lock(mutex_);
  auto it = pins_.find(group);
  if (it == pins_.end()) return false;
  emit({RouterEvent::Kind::PinCleared, it->second.id(), it->first, {}, {}, {}});
  pins_.erase(it);
  return true;
}

std::optional<Deployment> Router::pin(std::string_view group) const {
  std::lock_guard lock(mutex_);
  if (auto it = pins_.find(group); it != pins_.end()) return it->second;
  return std::nullopt;
}

DeploymentStatus Router::status_of(const std::string& id, const Record& r, Clock::time_point now,
                                   Clock::sys_time wall) const {
  DeploymentStatus s;
  s.deployment = id;
  if (r.cooldown && wall < r.cooldown->until) {
    const bool auth = r.cooldown->cls == FailureClass::AuthFailed;
    s.state = auth ? DeploymentState::Disabled : DeploymentState::Cooling;
    s.cooling_class = r.cooldown->cls;
    s.until = r.cooldown->until;
    s.reason = r.cooldown->reason;
  } else if (r.breaker.state(now) == CircuitState::Open) {
    s.state = DeploymentState::CircuitOpen;
    s.until = to_wall(r.breaker.open_until(), now, wall);
  } else if (r.breaker.state(now) == CircuitState::HalfOpen) {
    s.state = DeploymentState::HalfOpen;
  }
  s.last_failure = r.last_failure;
  s.last_failure_at = r.last_failure_at;
  s.requests = r.requests;
  s.failures = r.failures;
  const auto w = r.breaker.window(now);
  s.window_requests = w.requests;
  s.window_failures = w.failures;
  s.p50_latency = r.latency.p50();
  s.last_latency = r.latency.last();
  return s;
}

DeploymentStatus Router::status(const Deployment& deployment) const {
  const auto id = deployment.id();
  std::lock_guard lock(mutex_);
  if (auto it = records_.find(id); it != records_.end()) {
    return status_of(id, it->second, clock_.now(), clock_.wall_now());
  }
  DeploymentStatus s;
  s.deployment = id;
  return s;
}

std::vector<DeploymentStatus> Router::status() const {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto wall = clock_.wall_now();
  std::vector<DeploymentStatus> out;
  out.reserve(records_.size());
  for (const auto& [id, r] : records_) out.push_back(status_of(id, r, now, wall));
  return out;
}

void Router::sweep() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto wall = clock_.wall_now();
  for (auto& [id, r] : records_) settle(id, r, now, wall);
}

}  // namespace sb
