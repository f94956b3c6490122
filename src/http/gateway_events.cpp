#include "http/gateway_events.h"

#include <boost/json.hpp>
#include <cmath>
#include <spdlog/spdlog.h>

#include "http/failover_report.h"
#include "routing/reset_time.h"
#include "store/budget_rows.h"

namespace sb {

namespace json = boost::json;

namespace {

std::string now_text() { return format_rfc3339(std::chrono::system_clock::now()); }

json::value time_or_null(const std::optional<Clock::sys_time>& t) {
  return t ? json::value(format_rfc3339(std::chrono::ceil<std::chrono::seconds>(*t)))
           : json::value(nullptr);
}

}  // namespace

std::string_view to_string(RequestWalk::Decision::Kind k) {
  switch (k) {
    case RequestWalk::Decision::Kind::RetrySame: return "retry";
    case RequestWalk::Decision::Kind::FailOver: return "fail_over";
    case RequestWalk::Decision::Kind::ReturnToClient: return "return_to_client";
    case RequestWalk::Decision::Kind::GiveUp: return "give_up";
  }
  return "give_up";
}

void GatewayEvents::on_router_event(const RouterEvent& e) {
  using Kind = RouterEvent::Kind;
  const std::string_view type = to_string(e.kind);
  json::object o;
  o["time"] = now_text();
  switch (e.kind) {
    case Kind::CooldownStarted:
    case Kind::CooldownEnded:
    case Kind::CooldownCleared:
      o["deployment"] = e.deployment;
      o["class"] = e.cls ? json::value(to_string(*e.cls)) : json::value(nullptr);
      o["until"] = time_or_null(e.until);
      o["reason"] = e.reason;
      break;
    case Kind::CircuitOpened:
    case Kind::CircuitHalfOpen:
    case Kind::CircuitClosed:
      o["deployment"] = e.deployment;
      o["until"] = time_or_null(e.until);
      break;
    case Kind::PinSet:
    case Kind::PinCleared:
      o["group"] = e.group;
      o["deployment"] = e.deployment;
      break;
  }
  const std::string text = json::serialize(o);
  spdlog::info("{} {}", type, text);
  hub_.publish(type, text);

  if (!writer_) return;
  switch (e.kind) {
    case Kind::CooldownStarted:
      if (e.cls && e.until) {
        CooldownRecord row{e.deployment, std::string(to_string(*e.cls)), unix_ms(*e.until),
                           e.reason, unix_ms(std::chrono::system_clock::now())};
        writer_->submit([row](StateStore& s) { s.upsert_cooldown(row); });
      }
      break;
    case Kind::CooldownEnded:
    case Kind::CooldownCleared:
      writer_->submit([id = e.deployment](StateStore& s) { s.delete_cooldown(id); });
      break;
    case Kind::PinSet:
      writer_->submit(
          [group = e.group, id = e.deployment](StateStore& s) { s.set_pin(group, id); });
      break;
    case Kind::PinCleared:
      writer_->submit([group = e.group](StateStore& s) { s.delete_pin(group); });
      break;
    default: break;
  }
}

void GatewayEvents::attempt_failed(const std::string& group, const Deployment& deployment,
                                   const Failure& failure, RequestWalk::Decision::Kind action) {
  json::object o;
  o["time"] = now_text();
  o["group"] = group;
  o["deployment"] = deployment.id();
  o["class"] = to_string(failure.cls);
  o["detail"] = failure.detail;
  o["action"] = to_string(action);
  const std::string text = json::serialize(o);
  spdlog::info("failover {}", text);
  hub_.publish("failover", text);
}

void GatewayEvents::exhausted(const std::string& group, unsigned status,
                              const std::vector<RequestWalk::Entry>& report) {
  json::object o;
  o["time"] = now_text();
  o["group"] = group;
  o["status"] = status;
  json::array list;
  for (const auto& e : report) {
    json::object d;
    d["deployment"] = e.deployment.id();
    d["reason"] = describe_entry(e);
    list.push_back(std::move(d));
  }
  o["deployments"] = std::move(list);
  const std::string text = json::serialize(o);
  spdlog::warn("exhausted {}", text);
  hub_.publish("exhausted", text);
}

std::string GatewayEvents::probe_changed(std::string_view account, std::string_view previous,
                                         std::string_view state, double latency_ms,
                                         std::string_view detail) {
  json::object o;
  o["time"] = now_text();
  o["account"] = account;
  o["state"] = state;
  o["previous"] = previous;
  o["latency_ms"] = static_cast<std::int64_t>(std::llround(latency_ms));
  o["detail"] = detail;
  std::string text = json::serialize(o);
  if (state == "up") {
    spdlog::info("probe {}", text);
  } else {
    spdlog::warn("probe {}", text);
  }
  hub_.publish("probe", text);
  return text;
}

std::string GatewayEvents::budget_alert(const BudgetAlert& a) {
  json::object o;
  o["time"] = now_text();
  o["scope"] = a.scope;
  o["period"] = to_string(a.period);
  o["period_key"] = a.period_key;
  o["percent"] = a.percent;
  o["limit_usd"] = a.limit_usd;
  o["spent_usd"] = a.spent_usd;
  o["resets_at"] = format_rfc3339(a.resets_at);
  std::string text = json::serialize(o);
  spdlog::warn("budget_alert {}", text);
  hub_.publish("budget_alert", text);
  if (writer_) {
    writer_->submit([a, now = unix_ms(std::chrono::system_clock::now())](StateStore& s) {
      record_budget_alert(s, a, now);
    });
  }
  return text;
}

void GatewayEvents::default_group_changed(const std::optional<std::string>& group) {
  json::object o;
  o["time"] = now_text();
  o["default_group"] = group ? json::value(*group) : json::value(nullptr);
  const std::string text = json::serialize(o);
  spdlog::info("use {}", text);
  hub_.publish("use", text);
  if (!writer_) return;
  if (group) {
    writer_->submit([g = *group](StateStore& s) { s.set_meta(kMetaDefaultGroup, g); });
  } else {
    writer_->submit([](StateStore& s) { s.delete_meta(kMetaDefaultGroup); });
  }
}

}  // namespace sb
