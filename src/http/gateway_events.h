// Where routing news goes (SPEC §3 "every switch is logged and published as an event"): each
// event becomes one log line and one server-sent event on `GET /admin/events`, and the ones that
// change persisted state (cooldowns, pins, the default group) one write to the state store.
//
// As the router's observer it is called with the router's lock held, so everything here only
// formats, logs and enqueues: the hub posts to its subscribers, the writer applies SQLite writes
// on its own thread. Nothing here calls back into the router.
//
// Event types and their JSON (`time` is RFC 3339 UTC on every one):
//   failover          {group, deployment, class, detail, action: retry|fail_over|give_up|
//                      return_to_client}
//   exhausted         {group, status: 429|502, deployments: [{deployment, reason, until}]}
//   cooldown_started / cooldown_ended / cooldown_cleared   {deployment, class, until, reason}
//   circuit_opened / circuit_half_open / circuit_closed    {deployment, until}
//   pin_set / pin_cleared                                  {group, deployment}
//   use               {default_group}
//   probe             {account, state: up|slow|erring|down, previous, latency_ms, detail}
//   budget_alert      {scope: overall|group:NAME, period: daily|monthly, period_key, percent,
//                      limit_usd, spent_usd, resets_at}
#pragma once

#include <string>
#include <vector>

#include "budget/budget_tracker.h"
#include "config/config.h"
#include "http/event_hub.h"
#include "routing/router.h"
#include "store/state_writer.h"

namespace sb {

class GatewayEvents final : public RouterObserver {
 public:
  // `writer` may be null (no persistence: tools and some tests).
  GatewayEvents(EventHub& hub, StateWriter* writer) : hub_(hub), writer_(writer) {}
  // Before any request: the gateway restores state first, then starts persisting.
  void set_writer(StateWriter* writer) { writer_ = writer; }

  void on_router_event(const RouterEvent& event) override;

  // One attempt failed and the walk decided `action`.
  void attempt_failed(const std::string& group, const Deployment& deployment,
                      const Failure& failure, RequestWalk::Decision::Kind action);
  void exhausted(const std::string& group, unsigned status,
                 const std::vector<RequestWalk::Entry>& report);
  void default_group_changed(const std::optional<std::string>& group);
  // Logs and publishes the alert, records it in the store; returns the event's JSON (what the
  // webhook receives too).
  std::string budget_alert(const BudgetAlert& alert);
  // An account's probe changed state (http/prober.h); returns the event's JSON, for the webhook.
  std::string probe_changed(std::string_view account, std::string_view previous,
                            std::string_view state, double latency_ms, std::string_view detail);


 private:
  EventHub& hub_;
  StateWriter* writer_;
};

std::string_view to_string(RequestWalk::Decision::Kind k);  // retry, fail_over, ...

}  // namespace sb
