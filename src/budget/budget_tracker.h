// Spending against the configured budgets (config `budgets:`, docs/budgets.md): what each limited
// scope (overall, or one group) has spent in the current UTC day and calendar month, which alert
// thresholds it has crossed, and what a new request of a group may do. Time is given, never read,
// so tests drive days and months by hand.
//
// Spend is added per request from its usage row's cost (a request with no known cost adds
// nothing); a new day or month starts from zero. At start the gateway restores the current
// periods' spend from the usage table and the thresholds already alerted from the store, so a
// restart neither forgets money spent nor repeats an alert.
//
// Thread-safe: one mutex, held briefly.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace sb {

using SysClockTime = std::chrono::system_clock::time_point;

enum class BudgetPeriod { Daily, Monthly };
std::string_view to_string(BudgetPeriod p);  // daily, monthly

// "2026-11-23" (daily) or "2026-11" (monthly), UTC.
std::string period_key(BudgetPeriod p, SysClockTime t);
// The start of the period holding `t`, and of the next one (when a limit resets).
SysClockTime period_start(BudgetPeriod p, SysClockTime t);
SysClockTime period_end(BudgetPeriod p, SysClockTime t);

// "overall", or "group:NAME".
std::string budget_scope(std::string_view group);  // "" -> "overall"

struct BudgetAlert {
  std::string scope;
  BudgetPeriod period = BudgetPeriod::Daily;
  std::string period_key;
  int percent = 0;  // the threshold crossed (the highest, when one request crossed several)
  double limit_usd = 0;
  double spent_usd = 0;
  SysClockTime resets_at;
};

struct BudgetVerdict {
  enum class Kind { Allow, Refuse, Restrict };
  Kind kind = Kind::Allow;
  // Refuse and Restrict: the limit that decided (for Refuse, the one that resets last).
  std::string scope;
  BudgetPeriod period = BudgetPeriod::Daily;
  double limit_usd = 0;
  double spent_usd = 0;
  SysClockTime resets_at;
  double max_price = 0;  // Restrict: the lowest max_price among the exceeded limits
};

// One limit and where it stands now (for status).
struct BudgetStanding {
  std::string scope;
  BudgetPeriod period = BudgetPeriod::Daily;
  double limit_usd = 0;
  double spent_usd = 0;
  SysClockTime resets_at;
  BudgetAction on_exceed = BudgetAction::Refuse;
};

class BudgetTracker {
 public:
  explicit BudgetTracker(BudgetsConfig config);

  bool any() const { return config_.any(); }

  // At start, before any request: spend recorded in the usage table for `group` in the period
  // `key` (added to the group's scope and to the overall one), and alerts already sent.
  void restore_spend(std::string_view group, BudgetPeriod p, const std::string& key, double usd);
  void restore_alerted(const std::string& scope, BudgetPeriod p, const std::string& key,
                       int percent);

  // A request of `group` cost `usd`: the alerts it set off, to log, publish and send.
  std::vector<BudgetAlert> spend(std::string_view group, double usd, SysClockTime now);
  // What a new request of `group` may do now.
  BudgetVerdict check(std::string_view group, SysClockTime now) const;

  // Spent so far in the current period (0 when the scope has no such limit); for status.
  double spent(const std::string& scope, BudgetPeriod p, SysClockTime now) const;
  // Every configured limit, overall first, then groups in file order, daily before monthly.
  std::vector<BudgetStanding> standing(SysClockTime now) const;

 private:
  struct Meter {
    std::string key;  // the period it counts
    double spent = 0;
    int alerted = 0;  // the highest threshold alerted in this period
  };
  struct Limited {
    std::string scope;
    const BudgetLimit* limit;
  };
  std::vector<Limited> limits_for(std::string_view group) const;
  Meter& meter(const std::string& scope, BudgetPeriod p, const std::string& key);
  Meter* restored(const std::string& scope, BudgetPeriod p, const std::string& key);
  const Meter* current(const std::string& scope, BudgetPeriod p, SysClockTime now) const;

  BudgetsConfig config_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, BudgetPeriod>, Meter> meters_;
};

}  // namespace sb
