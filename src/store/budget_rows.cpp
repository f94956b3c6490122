#include "store/budget_rows.h"

namespace sb {

std::vector<std::pair<std::string, double>> spend_by_group(StateStore& store,
                                                           std::int64_t since_ms) {
  Stmt s = store.db().prepare(
      "SELECT coalesce(group_name, ''), total(cost_usd) FROM usage WHERE unix_ms >= ?1 "
      "GROUP BY 1");
  s.bind_int64(1, since_ms);
  std::vector<std::pair<std::string, double>> out;
  while (s.step()) out.emplace_back(s.column_text(0), s.column_double(1));
  return out;
}

void record_budget_alert(StateStore& store, const BudgetAlert& a, std::int64_t now_ms) {
  Stmt& s = store.db().cached(
      "INSERT INTO budget_alerts (scope, period, period_key, percent, spent_usd, unix_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (scope, period, period_key) DO UPDATE SET "
      "percent = max(percent, excluded.percent), spent_usd = excluded.spent_usd, "
      "unix_ms = excluded.unix_ms");
  s.bind_text(1, a.scope)
      .bind_text(2, to_string(a.period))
      .bind_text(3, a.period_key)
      .bind_int64(4, a.percent)
      .bind_double(5, a.spent_usd)
      .bind_int64(6, now_ms);
  s.step();
}

std::vector<StoredBudgetAlert> load_budget_alerts(StateStore& store, const std::string& day_key,
                                                  const std::string& month_key) {
  Stmt s = store.db().prepare(
      "SELECT scope, period, period_key, percent FROM budget_alerts WHERE (period = 'daily' AND "
      "period_key = ?1) OR (period = 'monthly' AND period_key = ?2)");
  s.bind_text(1, day_key).bind_text(2, month_key);
  std::vector<StoredBudgetAlert> out;
  while (s.step()) {
    out.push_back({s.column_text(0),
                   s.column_text(1) == "monthly" ? BudgetPeriod::Monthly : BudgetPeriod::Daily,
                   s.column_text(2), static_cast<int>(s.column_int64(3))});
  }
  return out;
}

}  // namespace sb
