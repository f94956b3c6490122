// Budgets on the request path (docs/budgets.md): asked before a request is routed (refuse, or
// restrict the group to cheap deployments), told of each request's cost after it, and the one
// that turns crossed thresholds into a log line, an event, a row in the store and a webhook.
// Restored at start from the usage table (what was spent) and budget_alerts (what was said).
#pragma once

#include <memory>
#include <string_view>

#include "budget/budget_tracker.h"
#include "config/config.h"
#include "http/gateway_events.h"
#include "http/outbound_worker.h"
#include "http/webhook_sender.h"
#include "store/state_store.h"
#include "usage/usage_record.h"

namespace sb {

class BudgetKeeper {
 public:
  // `outbound` carries the webhook (when configured); it must outlive the keeper.
  BudgetKeeper(const BudgetsConfig& config, GatewayEvents& events, OutboundWorker& outbound);

  // At start, before requests: the current day's and month's spend and alerts.
  void restore(StateStore& store, SysClockTime now);

  BudgetVerdict check(std::string_view group, SysClockTime now) const {
    return tracker_.check(group, now);
  }
  // A request ended; `record.cost_usd` (if any) counts against its group and the overall limits.
  void spent(const UsageRecord& record, SysClockTime now);

  const BudgetTracker& tracker() const { return tracker_; }
  const WebhookSender* webhook() const { return webhook_.get(); }

 private:
  BudgetTracker tracker_;
  GatewayEvents& events_;
  std::unique_ptr<WebhookSender> webhook_;
};

// The 429 a refused request gets, in words a person can act on: which limit, what was spent,
// when it resets.
GatewayError budget_exceeded_error(const BudgetVerdict& verdict);

}  // namespace sb
