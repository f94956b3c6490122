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

BudgetTracker::BudgetTracker(BudgetsConfig config) : config_(std::move(config)) {
  if (config_.overall) limits_.push_back({"overall", "", &*config_.overall, {}});
  for (const auto& [name, limit] : config_.groups) {
    limits_.push_back({budget_scope(name), name, &limit, {}});
  }
}

namespace {

bool applies(const std::string& limit_group, std::string_view group) {
  return limit_group.empty() || limit_group == group;
}

std::size_t index_of(BudgetPeriod p) { return p == BudgetPeriod::Daily ? 0 : 1; }

}  // namespace

BudgetTracker::Meter& BudgetTracker::meter(Limited& l, BudgetPeriod p, const std::string& key) {
  Meter& m = l.meters[index_of(p)];
  if (m.key != key) m = Meter{key, 0, 0};  // a new day or month starts from nothing
  return m;
}

const BudgetTracker::Meter* BudgetTracker::current(const Limited& l, BudgetPeriod p,
                                                   const std::string& key) {
  const Meter& m = l.meters[index_of(p)];
  return m.key == key ? &m : nullptr;
}

// Keys sort as their periods do ("2026-11-22" < "2026-11-23"): a restored period older than the
// one a meter holds is ignored, a newer one replaces it.
BudgetTracker::Meter* BudgetTracker::restored(Limited& l, BudgetPeriod p, const std::string& key) {
  if (l.meters[index_of(p)].key > key) return nullptr;
  return &meter(l, p, key);
}

std::size_t BudgetTracker::scope_index(const std::string& name) const {
  std::size_t i = 0;
  while (i < limits_.size() && limits_[i].scope != name) ++i;
  return i;
}

void BudgetTracker::restore_spend(std::string_view group, BudgetPeriod p, const std::string& key,
                                  double usd) {
  std::lock_guard lock(mutex_);
  for (Limited& l : limits_) {
    if (!applies(l.group, group) || !limit_of(*l.limit, p)) continue;
    if (Meter* m = restored(l, p, key)) m->spent += usd;
  }
}

void BudgetTracker::restore_alerted(const std::string& scope_name, BudgetPeriod p,
                                    const std::string& key, int percent) {
  std::lock_guard lock(mutex_);
  const std::size_t i = scope_index(scope_name);
  if (i == limits_.size()) return;
  if (Meter* m = restored(limits_[i], p, key)) m->alerted = std::max(m->alerted, percent);
}

std::vector<BudgetAlert> BudgetTracker::spend(std::string_view group, double usd,
                                              SysClockTime now) {
  std::vector<BudgetAlert> alerts;
  if (!(usd > 0)) return alerts;
  const std::string keys[] = {period_key(BudgetPeriod::Daily, now),
                              period_key(BudgetPeriod::Monthly, now)};
  std::lock_guard lock(mutex_);
  for (Limited& l : limits_) {
    if (!applies(l.group, group)) continue;
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*l.limit, p);
      if (!limit) continue;
      Meter& m = meter(l, p, keys[index_of(p)]);
      m.spent += usd;
      const double percent = m.spent / *limit * 100;
      int crossed = 0;
      for (int threshold : config_.alert_at) {
        if (threshold > m.alerted && percent >= threshold) crossed = threshold;
      }
      if (crossed == 0) continue;
      m.alerted = crossed;
      alerts.push_back({l.scope, p, m.key, crossed, *limit, m.spent, period_end(p, now)});
    }
  }
  return alerts;
}

BudgetVerdict BudgetTracker::check(std::string_view group, SysClockTime now) const {
  BudgetVerdict verdict;
  if (limits_.empty()) return verdict;
  const std::string keys[] = {period_key(BudgetPeriod::Daily, now),
                              period_key(BudgetPeriod::Monthly, now)};
  std::lock_guard lock(mutex_);
  for (const Limited& l : limits_) {
    if (!applies(l.group, group)) continue;
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*l.limit, p);
      const Meter* m = current(l, p, keys[index_of(p)]);
      if (!limit || !m || m->spent < *limit) continue;
      BudgetVerdict exceeded{BudgetVerdict::Kind::Refuse, l.scope, p, *limit, m->spent,
                             period_end(p, now),          0};
      if (l.limit->on_exceed == BudgetAction::Restrict) {
        exceeded.kind = BudgetVerdict::Kind::Restrict;
        exceeded.max_price = l.limit->max_price.value_or(0);
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

double BudgetTracker::spent(const std::string& scope_name, BudgetPeriod p, SysClockTime now) const {
  const std::string key = period_key(p, now);
  std::lock_guard lock(mutex_);
  const std::size_t i = scope_index(scope_name);
  const Meter* m = i < limits_.size() ? current(limits_[i], p, key) : nullptr;
  return m ? m->spent : 0;
}

std::vector<BudgetStanding> BudgetTracker::standing(SysClockTime now) const {
  std::vector<BudgetStanding> out;
  for (const Limited& l : limits_) {
    for (BudgetPeriod p : kPeriods) {
      const auto limit = limit_of(*l.limit, p);
      if (!limit) continue;
      out.push_back(
          {l.scope, p, *limit, spent(l.scope, p, now), period_end(p, now), l.limit->on_exceed});
    }
  }
  return out;
}

}  // namespace sb
