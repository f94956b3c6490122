#include "config/budget_loader.h"

#include <algorithm>
namespace sb {

namespace {

constexpr std::string_view kBudgetKeys[] = {"alert_at", "webhook", "overall", "groups"};
constexpr std::string_view kLimitKeys[] = {"daily", "monthly", "on_exceed", "max_price"};

double positive_usd(const YamlReader& r, const Entry& e) {
  const double usd = r.number(e);
  if (!(usd > 0)) r.fail(e.line, e.path, "a limit is a positive amount of USD");
  return usd;
}

BudgetLimit parse_limit(const YamlReader& r, const Entry& e) {
  BudgetLimit limit;
  bool restrict_written = false;
  const Entry* max_price = nullptr;
  const auto fields = r.entries(e.value, e.path, e.line, kLimitKeys);
  for (const Entry& x : fields) {
    if (x.name == "daily") limit.daily_usd = positive_usd(r, x);
    if (x.name == "monthly") limit.monthly_usd = positive_usd(r, x);
    if (x.name == "on_exceed") {
      const std::string action = r.text(x);
      if (action != "refuse" && action != "restrict") {
        r.fail(x.line, x.path, "expected refuse or restrict, got \"" + action + "\"");
      }
      restrict_written = action == "restrict";
      limit.on_exceed = restrict_written ? BudgetAction::Restrict : BudgetAction::Refuse;
    }
    if (x.name == "max_price") {
      max_price = &x;
      limit.max_price = r.number(x);
      if (*limit.max_price < 0) r.fail(x.line, x.path, "a price cannot be negative");
    }
  }
  if (!limit.daily_usd && !limit.monthly_usd) {
    r.fail(e.line, e.path, "a budget needs daily, monthly or both (USD)");
  }
  if (restrict_written && !limit.max_price) {
    r.fail(e.line, e.path,
           "on_exceed: restrict needs max_price (USD per million input tokens; 0 keeps only free "
           "deployments such as local models)");
  }
  if (max_price && !restrict_written) {
    r.fail(max_price->line, max_price->path, "max_price applies only with on_exceed: restrict");
  }
  return limit;
}

std::vector<int> parse_alert_at(const YamlReader& r, const Entry& e) {
  std::vector<int> percents;
  for (const Entry& item : r.items(e, "expected a list of percentages, e.g. [50, 80, 100]")) {
    percents.push_back(static_cast<int>(r.integer(item, 1, 1000)));
  }
  std::sort(percents.begin(), percents.end());
  percents.erase(std::unique(percents.begin(), percents.end()), percents.end());
  return percents;
}

}  // namespace

std::string no_group_named(const Config& cfg, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& g : cfg.groups) names.push_back(g.name);
  return "no group named \"" + name + "\" (" +
         (names.empty() ? std::string("no groups are defined")
                        : did_you_mean(name, names) + "groups: " + comma_list(names)) +
         ")";
}

BudgetsConfig parse_budgets(const YamlReader& r, const Entry& section, const Config& cfg) {
  BudgetsConfig budgets;
  for (const Entry& x : r.entries(section.value, section.path, section.line, kBudgetKeys)) {
    if (x.name == "alert_at") budgets.alert_at = parse_alert_at(r, x);
    if (x.name == "webhook") budgets.webhook = r.http_url(x);
    if (x.name == "overall") budgets.overall = parse_limit(r, x);
    if (x.name == "groups") {
      for (const Entry& g : r.entries(x.value, x.path, x.line, {})) {
        if (cfg.find_group(g.name) == nullptr) r.fail(g.line, g.path, no_group_named(cfg, g.name));
        budgets.groups.emplace_back(g.name, parse_limit(r, g));
      }
    }
  }
  return budgets;
}

ProbesConfig parse_probes(const YamlReader& r, const Entry& section, const Config& cfg) {
  constexpr std::string_view kProbeKeys[] = {"interval", "timeout", "slow", "accounts", "webhook"};
  ProbesConfig probes;
  probes.enabled = true;
  for (const Entry& x : r.entries(section.value, section.path, section.line, kProbeKeys)) {
    if (x.name == "interval") probes.interval = r.duration(x, std::chrono::milliseconds(100));
    if (x.name == "timeout") probes.timeout = r.duration(x, std::chrono::milliseconds(100));
    if (x.name == "slow") probes.slow = r.duration(x, std::chrono::milliseconds(1));
    if (x.name == "webhook") probes.webhook = r.http_url(x);
    if (x.name == "accounts") {
      for (const Entry& item : r.items(x, "expected a list of account names")) {
        const std::string name = r.text(item);
        if (cfg.find_account(name) == nullptr) {
          r.fail(item.line, item.path, "no account named \"" + name + "\"");
        }
        probes.accounts.push_back(name);
      }
    }
  }
  return probes;
}

}  // namespace sb
