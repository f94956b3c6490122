// Usage reports (`switchboard usage`, GET /admin/usage): the usage table summed over a period,
// whole or by one dimension, in the three shapes the CLI and the admin API print.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sb {

enum class UsageGrouping { kNone, kProvider, kModel, kDeployment, kGroup, kDay };

// "provider", "model", "deployment", "group", "day"; nullopt for anything else ("" included).
std::optional<UsageGrouping> parse_usage_grouping(std::string_view text);
std::string_view usage_grouping_name(UsageGrouping by);  // "" for kNone

struct UsageReportQuery {
  std::int64_t since_ms = 0;  // inclusive, UTC milliseconds
  std::int64_t until_ms = 0;  // exclusive
  UsageGrouping by = UsageGrouping::kNone;
};

// The sums over a set of rows. Token counts add what the upstreams reported; `cost_usd` adds the
// rows that have a cost, and `unpriced` counts answered requests (status < 400) without one, so a
// reader knows when the cost is a lower bound.
struct UsageTotals {
  std::string key;  // the group's value (a day is YYYY-MM-DD, UTC); "" for the total or for none
  std::int64_t requests = 0;
  std::int64_t errors = 0;     // status >= 400, including 499 (the client left)
  std::int64_t failovers = 0;  // requests that skipped or failed at least one deployment
  std::int64_t input_tokens = 0;
  std::int64_t cache_read_tokens = 0;
  std::int64_t cache_write_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t reasoning_tokens = 0;
  double cost_usd = 0;
  std::int64_t unpriced = 0;
  std::int64_t latency_ms_total = 0;  // for the mean; summed so totals can be merged
  bool operator==(const UsageTotals&) const = default;
};

struct UsageReport {
  UsageReportQuery query;
  std::vector<UsageTotals> rows;  // by key, ascending; empty without a grouping
  UsageTotals total;
};

// {"since": RFC 3339, "until": RFC 3339, "by": "model"|null, "rows": [...], "total": {...}};
// a row carries every UsageTotals field by its name, with "mean_latency_ms" in place of the sum.
std::string usage_report_json(const UsageReport& report);

// RFC 4180: a header line, then one line per row (or the total alone, without a grouping), CRLF
// line ends, fields quoted when they hold a comma, a quote or a line break.
std::string usage_report_csv(const UsageReport& report);
// The CSV header's column names, in order; the first is named after the grouping ("model",
// "day"), or "total" without one.
const std::vector<std::string_view>& usage_csv_columns();

// When a report's period starts: a span back from `now_ms` (`24h`, `7d`, `90m`), a UTC date
// (`2026-11-01`, its midnight) or an RFC 3339 instant. nullopt when it is none of these.
std::optional<std::int64_t> parse_report_instant(std::string_view text, std::int64_t now_ms);

// The report asked for in words, as `switchboard usage` and GET /admin/usage take them: `since`
// (empty: 24h), `until` (empty: now), `by` (empty: no grouping). An InvalidRequest error naming
// the parameter at fault otherwise, also for a period that ends before it starts.
Result<UsageReportQuery> usage_query_from_text(std::string_view since, std::string_view until,
                                               std::string_view by, std::int64_t now_ms);

}  // namespace sb
