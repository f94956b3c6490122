#include "http/admin_status.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "routing/reset_time.h"

namespace sb {

namespace json = boost::json;

namespace {

json::value time_or_null(const std::optional<Clock::sys_time>& t) {
  return t ? json::value(format_rfc3339(std::chrono::ceil<std::chrono::seconds>(*t)))
           : json::value(nullptr);
}

json::object deployment_json(const DeploymentStatus& s) {
  json::object d;
  d["deployment"] = s.deployment;
  d["state"] = to_string(s.state);
  d["cooling_class"] =
      s.cooling_class ? json::value(to_string(*s.cooling_class)) : json::value(nullptr);
  d["until"] = time_or_null(s.until);
  d["reason"] = s.reason;
  if (s.last_failure) {
    json::object e;
    e["class"] = to_string(s.last_failure->cls);
    e["detail"] = s.last_failure->detail;
    e["at"] = time_or_null(s.last_failure_at);
    d["last_error"] = std::move(e);
  } else {
    d["last_error"] = nullptr;
  }
  d["requests"] = s.requests;
  d["failures"] = s.failures;
  d["error_rate"] = s.window_requests > 0
                        ? json::value(static_cast<double>(s.window_failures) / s.window_requests)
                        : json::value(nullptr);
  d["p50_ms"] = s.p50_latency ? json::value(s.p50_latency->count()) : json::value(nullptr);
  return d;
}

json::value or_null(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value percentiles(const LogHistogram& h) {
  if (h.empty()) return nullptr;
  return json::object{
      {"p50", h.quantile(0.5)}, {"p95", h.quantile(0.95)}, {"p99", h.quantile(0.99)}};
}

struct NamedWindow {
  std::string_view name;
  int minutes;
};
constexpr NamedWindow kWindows[] = {{"1m", 1}, {"15m", 15}, {"1h", 60}};

}  // namespace

json::object health_window_json(const HealthSummary& s) {
  json::object o;
  o["requests"] = s.requests;
  o["errors"] = s.errors;
  o["error_rate"] = or_null(s.error_rate());
  o["errors_by_class"] = errors_by_class_json(s);
  o["availability"] = or_null(s.availability());
  o["latency_ms"] = percentiles(s.latency_ms);
  o["ttft_ms"] = percentiles(s.ttft_ms);
  o["tokens_per_second"] = or_null(s.tokens_per_second());
  return o;
}

std::string admin_status_json(const Config& config, const Router& router,
                              const StatusSources& sources, std::int64_t now_ms) {
  const HealthBoard* health = sources.health;
  const BudgetTracker* budgets = sources.budgets;
  json::object root;
  root["default_group"] =
      config.default_group ? json::value(*config.default_group) : json::value(nullptr);
  json::array groups;
  for (const auto& g : config.groups) {
    std::vector<Deployment> order = g.deployments;
    const auto pin = router.pin(g.name);
    if (pin) {
      std::erase(order, *pin);
      order.insert(order.begin(), *pin);
    }
    json::array deployments;
    for (const auto& d : order) {
      json::object entry = deployment_json(router.status(d));
      if (health) {
        json::object windows;
        for (const auto& w : kWindows) {
          windows[w.name] = health_window_json(health->window(d.id(), w.minutes, now_ms));
        }
        entry["health"] = std::move(windows);
      }
      deployments.push_back(std::move(entry));
    }
    json::object group;
    group["name"] = g.name;
    group["pin"] = pin ? json::value(pin->id()) : json::value(nullptr);
    group["deployments"] = std::move(deployments);
    groups.push_back(std::move(group));
  }
  root["groups"] = std::move(groups);
  if (budgets && budgets->any()) {
    json::array standing;
    const SysClockTime now = from_unix_ms(now_ms);
    for (const BudgetStanding& b : budgets->standing(now)) {
      standing.push_back(
          {{"scope", b.scope},
           {"period", to_string(b.period)},
           {"limit_usd", b.limit_usd},
           {"spent_usd", b.spent_usd},
           {"resets_at", format_rfc3339(b.resets_at)},
           {"on_exceed", b.on_exceed == BudgetAction::Refuse ? "refuse" : "restrict"}});
    }
    root["budgets"] = std::move(standing);
  }
  if (sources.probes) {
    json::array probes;
    for (const ProbeResult& p : *sources.probes) {
      probes.push_back({{"account", p.account},
                        {"state", to_string(p.state)},
                        {"latency_ms", p.at_ms ? json::value(static_cast<std::int64_t>(
                                                     std::llround(p.latency_ms)))
                                               : json::value(nullptr)},
                        {"detail", p.detail},
                        {"at", p.at_ms ? json::value(format_rfc3339(from_unix_ms(p.at_ms)))
                                       : json::value(nullptr)}});
    }
    root["probes"] = std::move(probes);
  }
  return json::serialize(root);
}

}  // namespace sb
