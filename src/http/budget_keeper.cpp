#include "http/budget_keeper.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "routing/reset_time.h"
#include "store/budget_rows.h"

namespace sb {

namespace {

std::string scope_words(const std::string& scope) {
  return scope == "overall" ? std::string("the overall") : "group " + scope.substr(6) + "'s";
}

}  // namespace

BudgetKeeper::BudgetKeeper(const BudgetsConfig& config, GatewayEvents& events,
                           OutboundWorker& outbound)
    : tracker_(config), events_(events) {
  if (config.webhook) webhook_ = std::make_unique<WebhookSender>(*config.webhook, outbound);
}

void BudgetKeeper::restore(StateStore& store, SysClockTime now) {
  if (!tracker_.any()) return;
  for (BudgetPeriod p : kPeriods) {
    const auto since = unix_ms(period_start(p, now));
    const std::string key = period_key(p, now);
    for (const auto& [group, usd] : spend_by_group(store, since)) {
      tracker_.restore_spend(group, p, key, usd);
    }
  }
  for (const auto& a : load_budget_alerts(store, period_key(BudgetPeriod::Daily, now),
                                          period_key(BudgetPeriod::Monthly, now))) {
    tracker_.restore_alerted(a.scope, a.period, a.period_key, a.percent);
  }
}

void BudgetKeeper::spent(const UsageRecord& record, SysClockTime now) {
  if (!record.cost_usd || !tracker_.any()) return;
  for (const BudgetAlert& alert : tracker_.spend(record.group, *record.cost_usd, now)) {
    std::string json = events_.budget_alert(alert);
    if (webhook_) webhook_->post(std::move(json));
  }
}

GatewayError budget_exceeded_error(const BudgetVerdict& v) {
  return make_error(
      ErrorKind::BudgetExceeded,
      fmt::format("{} {} budget of ${:.2f} is spent (${:.2f}); requests are refused until it "
                  "resets at {}",
                  scope_words(v.scope), to_string(v.period), v.limit_usd, v.spent_usd,
                  format_rfc3339(v.resets_at)),
      "", "budget_exceeded");
}

}  // namespace sb
