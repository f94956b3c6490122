#include "http/admin_status.h"

#include <algorithm>
#include <boost/json.hpp>

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

}  // namespace

std::string admin_status_json(const Config& config, const Router& router) {
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
    for (const auto& d : order) deployments.push_back(deployment_json(router.status(d)));
    json::object group;
    group["name"] = g.name;
    group["pin"] = pin ? json::value(pin->id()) : json::value(nullptr);
    group["deployments"] = std::move(deployments);
    groups.push_back(std::move(group));
  }
  root["groups"] = std::move(groups);
  return json::serialize(root);
}

}  // namespace sb
