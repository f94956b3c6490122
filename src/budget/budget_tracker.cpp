#include "budget/budget_tracker.h"

#include <fmt/format.h>

namespace sb {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::sys_days;
using std::chrono::year_month_day;

std::optional<double> limit_of(const BudgetLimit& limit, BudgetPeriod p) {
  return p == BudgetPeriod::Daily ? limit.daily_usd : limit.monthly_usd;
}

constexpr BudgetPeriod kPeriods[] = {BudgetPeriod::Daily, BudgetPeriod::Monthly};

}  // namespace

std::string_view to_string(BudgetPeriod p) {
  return p == BudgetPeriod::Daily ? "daily" : "monthly";
}

std::string period_key(BudgetPeriod p, SysClockTime t) {
  const year_month_day ymd{floor<days>(t)};
  if (p == BudgetPeriod::Monthly) {
    return fmt::format("{:04}-{:02}", int(ymd.year()), unsigned(ymd.month()));
  }
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

SysClockTime period_start(BudgetPeriod p, SysClockTime t) {
  const sys_days day = floor<days>(t);
  if (p == BudgetPeriod::Daily) return day;
  const year_month_day ymd{day};
  return sys_days{ymd.year() / ymd.month() / 1};
}

SysClockTime period_end(BudgetPeriod p, SysClockTime t) {
  const sys_days day = floor<days>(t);
  if (p == BudgetPeriod::Daily) return day + days{1};
  const year_month_day ymd{day};
  const auto next = ymd.year() / ymd.month() / 1 + std::chrono::months{1};
  return sys_days{next};
}

std::string budget_scope(std::string_view group) {
  return group.empty() ? std::string("overall") : "group:" + std::string(group);
}

BudgetTracker::BudgetTracker(BudgetsConfig config) : config_(std::move(config)) {}

std::vector<BudgetTracker::Limited> BudgetTracker::limits_for(std::string_view group) const {
  std::vector<Limited> out;
  if (config_.overall) out.push_back({"overall", &*config_.overall});
  for (const auto& [name, limit] : config_.groups) {
    if (name == group) out.push_back({budget_scope(name), &limit});
  }
  return out;
}

BudgetTracker::Meter& BudgetTracker::meter(const std::string& scope, BudgetPeriod p,
                                           const std::string& key) {
  Meter& m = meters_[{scope, p}];
  if (m.key != key) m = Meter{key, 0, 0};  // a new day or month starts from nothing
  return m;
}

const BudgetTracker::Meter* BudgetTracker::current(const std::string& scope, BudgetPeriod p,
                                                   SysClockTime now) const {
  const auto it = meters_.find({scope, p});
  if (it == meters_.end() || it->second.key != period_key(p, now)) return nullptr;
  return &it->second;
}

// Keys sort as their periods do ("2026-11-22" < "2026-11-23"): a restored period older than the
// one a meter holds is ignored, a newer one replaces it.
BudgetTracker::Meter* BudgetTracker::restored(const std::string& scope, BudgetPeriod p,
                                              const std::string& key) {
  const auto it = meters_.find({scope, p});
  if (it != meters_.end() && it->second.key > key) return nullptr;
  return &meter(scope, p, key);
}

void BudgetTracker::restore_spend(std::string_view group, BudgetPeriod p, const std::string& key,
                                  double usd) {
  std::lock_guard lock(mutex_);
  for (const auto& limited : limits_for(group)) {
    if (!limit_of(*limited.limit, p)) continue;
    if (Meter* m = restored(limited.scope, p, key)) m->spent += usd;
  }
}

void BudgetTracker::restore_alerted(const std::string& scope, BudgetPeriod p,
                                    const std::string& key, int percent) {
  std::lock_guard lock(mutex_);
  if (Meter* m = restored(scope, p, key)) m->alerted = std::max(m->alerted, percent);
}

std::vector<BudgetAlert> BudgetTracker::spend(std::string_view group, double usd,
                                              SysClockTime now) {
  std::vector<BudgetAlert> alerts;
  if (!(usd > 0)) return alerts;
  std::lock_guard lock(mutex_);
  for (const auto& limited : limits_for(group)) {
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*limited.limit, p);
      if (!limit) continue;
      Meter& m = meter(limited.scope, p, period_key(p, now));
      m.spent += usd;
      const double percent = m.spent / *limit * 100;
      int crossed = 0;
      for (int threshold : config_.alert_at) {
        if (threshold > m.alerted && percent >= threshold) crossed = threshold;
      }
      if (crossed == 0) continue;
      m.alerted = crossed;
      alerts.push_back({limited.scope, p, m.key, crossed, *limit, m.spent, period_end(p, now)});
    }
  }
  return alerts;
}

BudgetVerdict BudgetTracker::check(std::string_view group, SysClockTime now) const {
  BudgetVerdict verdict;
  std::lock_guard lock(mutex_);
  for (const auto& limited : limits_for(group)) {
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*limited.limit, p);
      const Meter* m = current(limited.scope, p, now);
      if (!limit || !m || m->spent < *limit) continue;
      BudgetVerdict exceeded{
          BudgetVerdict::Kind::Refuse, limited.scope, p, *limit, m->spent, period_end(p, now), 0};
      if (limited.limit->on_exceed == BudgetAction::Restrict) {
        exceeded.kind = BudgetVerdict::Kind::Restrict;
        exceeded.max_price = limited.limit->max_price.value_or(0);
      }
      using Kind = BudgetVerdict::Kind;
      const bool better =
          verdict.kind == Kind::Allow ||
          (exceeded.kind == Kind::Refuse &&
           (verdict.kind == Kind::Restrict || exceeded.resets_at > verdict.resets_at)) ||
          (exceeded.kind == Kind::Restrict && verdict.kind == Kind::Restrict &&
           exceeded.max_price < verdict.max_price);
      if (better) verdict = exceeded;
    }
  }
  return verdict;
}

double BudgetTracker::spent(const std::string& scope, BudgetPeriod p, SysClockTime now) const {
  std::lock_guard lock(mutex_);
  const Meter* m = current(scope, p, now);
  return m ? m->spent : 0;
}

std::vector<BudgetStanding> BudgetTracker::standing(SysClockTime now) const {
  std::vector<Limited> all;
  if (config_.overall) all.push_back({"overall", &*config_.overall});
  for (const auto& [name, limit] : config_.groups) all.push_back({budget_scope(name), &limit});
  std::vector<BudgetStanding> out;
  for (const auto& limited : all) {
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*limited.limit, p);
      if (!limit) continue;
      out.push_back({limited.scope, p, *limit, spent(limited.scope, p, now), period_end(p, now),
                     limited.limit->on_exceed});
    }
  }
  return out;
}

}  // namespace sb
