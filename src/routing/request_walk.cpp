#include "routing/request_walk.h"

#include <algorithm>
#include <utility>

#include "routing/retry_policy.h"
#include "routing/router.h"

namespace sb {

RouteRequest route_request(const Resolution& resolution, RequestNeeds needs,
                           DeploymentFacts facts) {
  RouteRequest r;
  const bool group =
      resolution.via == Resolution::Via::Group || resolution.via == Resolution::Via::DefaultGroup;
  if (group) r.group = resolution.name;
  r.deployments = resolution.deployments;
  if (resolution.policy) r.policy = *resolution.policy;
  r.content_filtered_fails_over = r.policy.failover_on_content_filter;
  r.needs = needs;
  r.facts = std::move(facts);
  return r;
}

RequestWalk::RequestWalk(Router& router, RouteRequest request, Clock::time_point now)
    : router_(&router),
      request_(std::move(request)),
      deadline_(now + request_.policy.timeouts.total) {
  const auto n = request_.deployments.size();
  info_.reserve(n);
  for (const auto& d : request_.deployments) {
    info_.push_back(request_.facts ? request_.facts(d) : DeploymentInfo{});
  }
  attempts_.assign(n, 0);
  entries_.assign(n, std::nullopt);
  reofferable_.assign(n, false);
}

RequestWalk::RequestWalk(RequestWalk&& o) noexcept
    : router_(std::exchange(o.router_, nullptr)),
      request_(std::move(o.request_)),
      info_(std::move(o.info_)),
      attempts_(std::move(o.attempts_)),
      entries_(std::move(o.entries_)),
      reofferable_(std::move(o.reofferable_)),
      deadline_(o.deadline_),
      attempts_made_(o.attempts_made_),
      unknown_failover_spent_(o.unknown_failover_spent_),
      context_floor_(o.context_floor_),
      current_(o.current_),
      current_probe_(o.current_probe_),
      current_reported_(std::exchange(o.current_reported_, true)),
      current_started_(o.current_started_),
      retry_(o.retry_),
      retry_not_before_(o.retry_not_before_),
      finished_(o.finished_) {}

RequestWalk::~RequestWalk() {
  if (router_) abandon_current();
}

void RequestWalk::abandon_current() {
  if (!current_ || current_reported_) return;
  current_reported_ = true;
  if (current_probe_) router_->release_probe(request_.deployments[*current_]);
}

int RequestWalk::attempts(const Deployment& d) const {
  const auto& ds = request_.deployments;
  const auto it = std::find(ds.begin(), ds.end(), d);
  return it == ds.end() ? 0 : attempts_[static_cast<std::size_t>(it - ds.begin())];
}

std::string RequestWalk::ineligible(std::size_t i) const {
  const auto& info = info_[i];
  const auto& needs = request_.needs;
  if (!info.unusable.empty()) return info.unusable;
  if (!info.has_credentials) return "no_credentials";
  if (needs.tools && info.tools.has_value() && !*info.tools) return "lacks:tools";
  if (needs.images && info.images.has_value() && !*info.images) return "lacks:images";
  // Unlike the facts above, an unknown price is not eligible: a budget must not spend on a guess.
  if (needs.max_input_price && (!info.input_price || *info.input_price > *needs.max_input_price)) {
    return "over_budget";
  }
  if (info.context_window) {
    if (needs.prompt_tokens && *info.context_window < *needs.prompt_tokens) {
      return "context_too_small";
    }
    if (context_floor_ && *info.context_window <= *context_floor_) return "context_too_small";
  }
  return {};
}

void RequestWalk::note_skip(std::size_t i, std::string reason,
                            std::optional<Clock::sys_time> until) {
  // A failure of this request says more than a later skip of the same deployment.
  if (entries_[i] && entries_[i]->kind == Entry::Kind::Failed) return;
  entries_[i] = Entry{request_.deployments[i], Entry::Kind::Skipped, std::move(reason), until, {}};
}

std::optional<RequestWalk::Step> RequestWalk::try_index(std::size_t i, Clock::time_point now) {
  const auto& d = request_.deployments[i];
  const auto gate = router_->admit(d, request_.policy);
  switch (gate.kind) {
    case Router::Gate::Kind::Admitted:
    case Router::Gate::Kind::Probe: {
      ++attempts_[i];
      ++attempts_made_;
      current_ = i;
      current_probe_ = gate.kind == Router::Gate::Kind::Probe;
      current_reported_ = false;
      current_started_ = now;
      Step s;
      s.kind = Step::Kind::Try;
      s.deployment = d;
      s.probe = current_probe_;
      return s;
    }
    case Router::Gate::Kind::Cooling:
      note_skip(i, "cooling:" + std::string(to_string(gate.cooldown->cls)), gate.cooldown->until);
      return std::nullopt;
    case Router::Gate::Kind::CircuitOpen:
      note_skip(i, "circuit_open", std::nullopt);
      return std::nullopt;
  }
  return std::nullopt;
}

RequestWalk::Step RequestWalk::exhausted(bool deadline_passed) {
  Step s;
  s.kind = Step::Kind::Exhausted;
  s.deadline_passed = deadline_passed;
  s.all_cooling = !request_.deployments.empty();
  for (const auto& d : request_.deployments) {
    const auto cooldown = router_->peek(d).first;
    if (!cooldown || !is_capacity_class(cooldown->cls)) {
      s.all_cooling = false;
      continue;
    }
    if (!s.retry_at || cooldown->until < *s.retry_at) s.retry_at = cooldown->until;
  }
  return s;
}

RequestWalk::Step RequestWalk::next() {
  abandon_current();
  const auto now = router_->clock().now();
  const auto wall = router_->clock().wall_now();
  if (finished_ || now >= deadline_) {
    finished_ = true;
    return exhausted(now >= deadline_);
  }
  const auto n = request_.deployments.size();

  if (retry_) {
    if (now < retry_not_before_) {
      Step s;
      s.kind = Step::Kind::Wait;
      s.wait = retry_not_before_ - now;
      return s;
    }
    const auto i = *std::exchange(retry_, std::nullopt);
    if (auto s = try_index(i, now)) return *s;
  }

  for (std::size_t i = 0; i < n; ++i) {
    if (attempts_[i] > 0) continue;
    if (auto why = ineligible(i); !why.empty()) {
      note_skip(i, std::move(why), std::nullopt);
      continue;
    }
    if (auto s = try_index(i, now)) return *s;
  }

  // Nothing can be tried now. Wait for the earliest cooldown among the deployments that only a
  // cooldown keeps out (untried ones, or tried ones that cooled and have attempts left), when
  // it ends within max_wait and before the deadline (SPEC §3).
  std::optional<std::size_t> best;
  Clock::sys_time best_end{};
  for (std::size_t i = 0; i < n; ++i) {
    if (attempts_[i] >= max_per_deployment()) continue;
    if (attempts_[i] > 0 && !reofferable_[i]) continue;
    if (!ineligible(i).empty()) continue;
    const auto [cooldown, admissible] = router_->peek(request_.deployments[i]);
    if (!admissible) continue;
    if (!cooldown) {
      // A tried deployment whose cooldown is already over: offer it again now.
      if (auto s = try_index(i, now)) return *s;
      continue;
    }
    if (!best || cooldown->until < best_end) {
      best = i;
      best_end = cooldown->until;
    }
  }
  if (best) {
    const auto wait = std::chrono::ceil<Clock::time_point::duration>(best_end - wall);
    if (wait <= request_.policy.max_wait && now + wait < deadline_) {
      Step s;
      s.kind = Step::Kind::Wait;
      s.wait = wait;
      return s;
    }
  }
  return exhausted(false);
}

void RequestWalk::on_success(std::optional<Duration> latency) {
  if (!current_ || current_reported_) return;
  const auto i = *current_;
  current_reported_ = true;
  const auto now = router_->clock().now();
  const auto lat = latency.value_or(std::chrono::duration_cast<Duration>(now - current_started_));
  router_->record_success(request_.deployments[i], current_probe_, lat, request_.policy);
  entries_[i].reset();  // the answering deployment is not part of the failover trail
  retry_.reset();
  finished_ = true;
}

RequestWalk::Decision RequestWalk::on_failure(const Failure& failure, AttemptFacts facts) {
  using Kind = Decision::Kind;
  if (!current_ || current_reported_) return Decision{Kind::GiveUp, {}};
  const auto i = *current_;
  current_reported_ = true;
  const auto& d = request_.deployments[i];
  const auto& policy = request_.policy;
  const auto now = router_->clock().now();
  const auto wall = router_->clock().wall_now();
  const bool to_client = returns_to_client(failure.cls, request_.content_filtered_fails_over);
  const int retries_done = attempts_[i] - 1;

  bool retry = !facts.response_committed && !to_client &&
               may_retry_same(failure.cls, facts.stalled, retries_done, policy);
  Duration delay{};
  if (retry) {
    delay = backoff_delay(policy.backoff, retries_done, router_->rng());
    if (failure.retry_at) {
      // The provider's own word beats our backoff, unless it is longer than we would wait.
      const auto asked = std::chrono::ceil<Duration>(*failure.retry_at - wall);
      if (asked > policy.max_wait) retry = false;
      delay = std::max(delay, asked);
    }
    if (now + delay >= deadline_) retry = false;
  }

  const auto until =
      router_->record_failure(d, current_probe_, failure, !retry, policy, request_.deployments);
  entries_[i] =
      Entry{d, Entry::Kind::Failed, std::string(to_string(failure.cls)), until, failure.detail};
  // A stalled deployment stays stalled: waiting for its cooldown would only stall again.
  reofferable_[i] = until.has_value() && !facts.stalled;
  if (failure.cls == FailureClass::ContextTooLong && info_[i].context_window) {
    context_floor_ = std::max(context_floor_.value_or(0), *info_[i].context_window);
  }

  if (facts.response_committed) {
    finished_ = true;
    return Decision{Kind::GiveUp, {}};
  }
  if (to_client) {
    finished_ = true;
    return Decision{Kind::ReturnToClient, {}};
  }
  if (retry) {
    retry_ = i;
    retry_not_before_ = now + delay;
    return Decision{Kind::RetrySame, delay};
  }
  const int max_attempts = static_cast<int>(request_.deployments.size()) * max_per_deployment();
  const AttemptBudget budget{max_attempts - attempts_made_, unknown_failover_spent_,
                             request_.content_filtered_fails_over};
  if (may_fail_over(budget, failure.cls, facts.response_committed, now, deadline_)) {
    if (failure.cls == FailureClass::Unknown) unknown_failover_spent_ = true;
    return Decision{Kind::FailOver, {}};
  }
  finished_ = true;
  return Decision{Kind::GiveUp, {}};
}

std::vector<RequestWalk::Entry> RequestWalk::trail() const {
  std::vector<Entry> out;
  for (const auto& e : entries_) {
    if (e) out.push_back(*e);
  }
  return out;
}

std::vector<RequestWalk::Entry> RequestWalk::report() const {
  std::vector<Entry> out;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i]) {
      out.push_back(*entries_[i]);
    } else {
      out.push_back(Entry{request_.deployments[i], Entry::Kind::NotReached, "skipped", {}, {}});
    }
  }
  return out;
}

}  // namespace sb
