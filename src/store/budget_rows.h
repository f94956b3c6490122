// What budgets read from and write to the state store: the spend of a period, summed from the
// `usage` table per group, and the `budget_alerts` table (migration 5) of thresholds already
// alerted.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "budget/budget_tracker.h"
#include "store/state_store.h"

namespace sb {

// The cost of every request since `since_ms`, per group ("" for requests that reached none).
std::vector<std::pair<std::string, double>> spend_by_group(StateStore& store,
                                                           std::int64_t since_ms);

// Keeps the highest percent per scope, period and period key.
void record_budget_alert(StateStore& store, const BudgetAlert& alert, std::int64_t now_ms);

struct StoredBudgetAlert {
  std::string scope;
  BudgetPeriod period = BudgetPeriod::Daily;
  std::string period_key;
  int percent = 0;
};
// Alerts of the periods `day_key` and `month_key` (the current ones).
std::vector<StoredBudgetAlert> load_budget_alerts(StateStore& store, const std::string& day_key,
                                                  const std::string& month_key);

}  // namespace sb
