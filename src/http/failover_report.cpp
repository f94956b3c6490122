#include "http/failover_report.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "http/error_response.h"
#include "routing/reset_time.h"

namespace sb {

namespace json = boost::json;
using Entry = RequestWalk::Entry;

namespace {

std::string shown_time(Clock::sys_time t) {
  return format_rfc3339(std::chrono::ceil<std::chrono::seconds>(t));
}

std::string_view kind_name(Entry::Kind k) {
  switch (k) {
    case Entry::Kind::Skipped: return "skipped";
    case Entry::Kind::Failed: return "failed";
    case Entry::Kind::NotReached: return "not_reached";
  }
  return "skipped";
}

// `cooling:quota_exhausted` -> `quota_exhausted`: the class is what the user needs to read.
std::string_view cooling_class(std::string_view reason) {
  constexpr std::string_view kCooling = "cooling:";
  return reason.starts_with(kCooling) ? reason.substr(kCooling.size()) : reason;
}

}  // namespace

std::string failover_header(const std::vector<Entry>& trail, const Deployment* answering) {
  std::string out;
  for (const auto& e : trail) {
    if (answering && e.deployment == *answering) continue;
    if (!out.empty()) out += ',';
    out += e.deployment.id();
    out += '=';
    out += e.reason;
  }
  return out;
}

std::string describe_entry(const Entry& e) {
  const bool failed = e.kind == Entry::Kind::Failed;
  std::string text;
  if (e.until) {
    const std::string_view cls = cooling_class(e.reason);
    const auto parsed = parse_failure_class(cls);
    const bool capacity = parsed && is_capacity_class(*parsed);
    // Out of capacity reads as the class and its end; anything else failed, then cooled.
    text = failed && !capacity
               ? fmt::format("failed: {}, cooling until {}", cls, shown_time(*e.until))
               : fmt::format("{} until {}", cls, shown_time(*e.until));
  } else if (failed) {
    text = "failed: " + e.reason;
  } else {
    text = e.reason;
  }
  if (failed && !e.detail.empty()) text += " (" + e.detail + ")";
  return text;
}

http::response<http::string_body> exhausted_response(Dialect client, const std::string& group,
                                                     const RequestWalk::Step& step,
                                                     const std::vector<Entry>& report,
                                                     Clock::sys_time now, unsigned version,
                                                     const http::fields& head) {
  const bool cooling = step.all_cooling && step.retry_at;
  std::string lines;
  json::array deployments;
  for (const auto& e : report) {
    lines += fmt::format("{}{} {}", lines.empty() ? "" : "; ", e.deployment.id(),
                         describe_entry(e));
    json::object d;
    d["deployment"] = e.deployment.id();
    d["status"] = kind_name(e.kind);
    d["reason"] = e.reason;
    d["until"] = e.until ? json::value(shown_time(*e.until)) : json::value(nullptr);
    d["detail"] = e.detail.empty() ? json::value(nullptr) : json::value(e.detail);
    deployments.push_back(std::move(d));
  }
  GatewayError error = make_error(
      cooling ? ErrorKind::AllCooling : ErrorKind::NoDeployment,
      fmt::format("No deployment of `{}` could answer{}: {}.", group,
                  step.deadline_passed ? " within the request's time limit" : "", lines),
      "model", cooling ? "all_deployments_cooling" : "no_deployment_available");

  json::object body = error_object(client, error);
  body["error"].as_object()["deployments"] = std::move(deployments);

  http::response<http::string_body> res{static_cast<http::status>(http_status(error.kind)),
                                        version};
  copy_fields(head, res.base());
  res.set(http::field::content_type, "application/json");
  if (cooling) {
    const auto wait = std::chrono::ceil<std::chrono::seconds>(*step.retry_at - now);
    res.set(http::field::retry_after, std::to_string(std::max<long long>(1, wait.count())));
  }
  res.body() = json::serialize(body);
  return res;
}

}  // namespace sb
