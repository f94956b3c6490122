// Budgets on a hand-driven calendar: thresholds alerted once each, refusing or restricting once a
// limit is reached, days and months starting afresh, and what a restart restores.
#include "budget/budget_tracker.h"

#include <gtest/gtest.h>

#include "config/config.h"

namespace sb {
namespace {

using namespace std::chrono;

const SysClockTime kNov23Noon = sys_days{2026y / November / 23} + hours{12};

BudgetsConfig budgets() {
  BudgetsConfig b;
  b.overall = BudgetLimit{std::nullopt, 100.0, BudgetAction::Refuse, std::nullopt};
  b.groups.emplace_back("coding", BudgetLimit{10.0, std::nullopt, BudgetAction::Refuse, {}});
  b.groups.emplace_back("chat", BudgetLimit{5.0, std::nullopt, BudgetAction::Restrict, 0.5});
  return b;
}

TEST(BudgetPeriods, KeysStartsAndEndsInUtc) {
  EXPECT_EQ(period_key(BudgetPeriod::Daily, kNov23Noon), "2026-11-23");
  EXPECT_EQ(period_key(BudgetPeriod::Monthly, kNov23Noon), "2026-11");
  EXPECT_EQ(period_end(BudgetPeriod::Daily, kNov23Noon), sys_days{2026y / November / 24});
  EXPECT_EQ(period_start(BudgetPeriod::Monthly, kNov23Noon), sys_days{2026y / November / 1});
  EXPECT_EQ(period_end(BudgetPeriod::Monthly, sys_days{2026y / December / 31} + hours{23}),
            sys_days{2027y / January / 1});
}

TEST(BudgetTracker, ThresholdsAlertOnceEachAndTheHighestWhenJumped) {
  BudgetTracker t(budgets());
  EXPECT_TRUE(t.spend("coding", 4.0, kNov23Noon).empty());  // 40%
  auto alerts = t.spend("coding", 1.0, kNov23Noon);         // 50%
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].scope, "group:coding");
  EXPECT_EQ(alerts[0].period, BudgetPeriod::Daily);
  EXPECT_EQ(alerts[0].percent, 50);
  EXPECT_DOUBLE_EQ(alerts[0].spent_usd, 5.0);
  EXPECT_EQ(alerts[0].resets_at, sys_days{2026y / November / 24});
  EXPECT_TRUE(t.spend("coding", 0.5, kNov23Noon).empty());  // 55%: nothing new
  alerts = t.spend("coding", 5.0, kNov23Noon);              // 105%: 80 and 100 jumped at once
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].percent, 100);
  EXPECT_TRUE(t.spend("coding", 1.0, kNov23Noon).empty());
  // The overall monthly limit saw all of it: 11.5 of 100, under its first threshold.
  EXPECT_DOUBLE_EQ(t.spent("overall", BudgetPeriod::Monthly, kNov23Noon), 11.5);
  EXPECT_TRUE(t.spend("coding", 0, kNov23Noon).empty());
}

TEST(BudgetTracker, RefusesUntilTheDayEndsThenStartsAfresh) {
  BudgetTracker t(budgets());
  EXPECT_EQ(t.check("coding", kNov23Noon).kind, BudgetVerdict::Kind::Allow);
  t.spend("coding", 9.99, kNov23Noon);
  EXPECT_EQ(t.check("coding", kNov23Noon).kind, BudgetVerdict::Kind::Allow);
  t.spend("coding", 0.01, kNov23Noon);  // exactly the limit: reached
  const auto refused = t.check("coding", kNov23Noon + hours{11});
  EXPECT_EQ(refused.kind, BudgetVerdict::Kind::Refuse);
  EXPECT_EQ(refused.scope, "group:coding");
  EXPECT_EQ(refused.resets_at, sys_days{2026y / November / 24});
  EXPECT_EQ(t.check("other", kNov23Noon).kind, BudgetVerdict::Kind::Allow);  // not its budget
  const auto tomorrow = kNov23Noon + hours{12};
  EXPECT_EQ(t.check("coding", tomorrow).kind, BudgetVerdict::Kind::Allow);
  auto alerts = t.spend("coding", 5.0, tomorrow);
  ASSERT_EQ(alerts.size(), 1u);  // a new day alerts again
  EXPECT_EQ(alerts[0].period_key, "2026-11-24");
}

TEST(BudgetTracker, RestrictsAndTheOverallRefusalWins) {
  BudgetTracker t(budgets());
  t.spend("chat", 5.0, kNov23Noon);
  const auto restricted = t.check("chat", kNov23Noon);
  EXPECT_EQ(restricted.kind, BudgetVerdict::Kind::Restrict);
  EXPECT_DOUBLE_EQ(restricted.max_price, 0.5);
  t.spend("chat", 95.0, kNov23Noon);  // the month's overall 100 reached
  const auto refused = t.check("chat", kNov23Noon);
  EXPECT_EQ(refused.kind, BudgetVerdict::Kind::Refuse);
  EXPECT_EQ(refused.scope, "overall");
  EXPECT_EQ(refused.period, BudgetPeriod::Monthly);
  EXPECT_EQ(refused.resets_at, sys_days{2026y / December / 1});
  EXPECT_EQ(t.check("coding", kNov23Noon).kind, BudgetVerdict::Kind::Refuse);
  EXPECT_EQ(t.check("coding", sys_days{2026y / December / 1}).kind, BudgetVerdict::Kind::Allow);
}

TEST(BudgetTracker, ARestartRestoresSpendAndAlertsButNotOldPeriods) {
  BudgetTracker t(budgets());
  t.restore_spend("coding", BudgetPeriod::Daily, "2026-11-23", 8.5);
  t.restore_spend("coding", BudgetPeriod::Daily, "2026-11-22", 100.0);  // older: ignored
  t.restore_spend("coding", BudgetPeriod::Daily, "2026-11-23", 1.0);
  t.restore_spend("coding", BudgetPeriod::Monthly, "2026-11", 60.0);  // the overall's month
  t.restore_alerted("group:coding", BudgetPeriod::Daily, "2026-11-23", 80);
  t.restore_alerted("overall", BudgetPeriod::Monthly, "2026-11", 50);
  EXPECT_DOUBLE_EQ(t.spent("group:coding", BudgetPeriod::Daily, kNov23Noon), 9.5);
  EXPECT_DOUBLE_EQ(t.spent("overall", BudgetPeriod::Monthly, kNov23Noon), 60.0);
  // 97.5% of the day and 60.25% of the month: 80 and 50 were sent before the restart.
  EXPECT_TRUE(t.spend("coding", 0.25, kNov23Noon).empty());
  const auto alerts = t.spend("coding", 0.25, kNov23Noon);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].scope, "group:coding");
  EXPECT_EQ(alerts[0].percent, 100);
  EXPECT_EQ(t.check("coding", kNov23Noon).kind, BudgetVerdict::Kind::Refuse);
}

}  // namespace
}  // namespace sb
