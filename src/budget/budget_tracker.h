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

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace sb {

using SysClockTime = std::chrono::system_clock::time_point;

enum class BudgetPeriod { Daily, Monthly };
inline constexpr BudgetPeriod kPeriods[] = {BudgetPeriod::Daily, BudgetPeriod::Monthly};
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
  // One configured limit and its meters, by period: built once, so a request's check walks a
  // short vector without allocating.
  struct Limited {
    std::string scope;  // "overall" or "group:NAME"
    std::string group;  // "" for the overall limit, which every group's requests count against
    const BudgetLimit* limit;
    std::array<Meter, 2> meters;  // by BudgetPeriod
  };
  static Meter& meter(Limited& l, BudgetPeriod p, const std::string& key);
  static Meter* restored(Limited& l, BudgetPeriod p, const std::string& key);
  static const Meter* current(const Limited& l, BudgetPeriod p, const std::string& key);
  // The limit of scope `name` ("overall", "group:NAME"); limits_.size() when none.
  std::size_t scope_index(const std::string& name) const;

  BudgetsConfig config_;
  std::vector<Limited> limits_;  // overall first, then groups in file order
  mutable std::mutex mutex_;     // guards the meters in limits_
};

}  // namespace sb
