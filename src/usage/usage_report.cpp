#include "usage/usage_report.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>

#include "config/config.h"
#include "core/clock.h"
#include "routing/reset_time.h"

namespace sb {

namespace json = boost::json;

namespace {

struct GroupingName {
  UsageGrouping by;
  std::string_view name;
};

constexpr std::array<GroupingName, 5> kGroupings{{{UsageGrouping::kProvider, "provider"},
                                                  {UsageGrouping::kModel, "model"},
                                                  {UsageGrouping::kDeployment, "deployment"},
                                                  {UsageGrouping::kGroup, "group"},
                                                  {UsageGrouping::kDay, "day"}}};

std::int64_t mean_latency_ms(const UsageTotals& t) {
  return t.requests == 0 ? 0 : t.latency_ms_total / t.requests;
}

std::string format_ms(std::int64_t ms) { return format_rfc3339(from_unix_ms(ms)); }

json::object totals_json(const UsageTotals& t, bool with_key) {
  json::object o;
  if (with_key) o["key"] = t.key;
  o["requests"] = t.requests;
  o["errors"] = t.errors;
  o["failovers"] = t.failovers;
  o["input_tokens"] = t.input_tokens;
  o["cache_read_tokens"] = t.cache_read_tokens;
  o["cache_write_tokens"] = t.cache_write_tokens;
  o["output_tokens"] = t.output_tokens;
  o["reasoning_tokens"] = t.reasoning_tokens;
  o["cost_usd"] = t.cost_usd;
  o["unpriced"] = t.unpriced;
  o["mean_latency_ms"] = mean_latency_ms(t);
  return o;
}

void append_csv_field(std::string& line, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += field;
    return;
  }
  line += '"';
  for (char c : field) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

void append_csv_row(std::string& out, const UsageTotals& t) {
  append_csv_field(out, t.key);
  // The shortest text that reads back as the same double, so an export loses no cent.
  out += fmt::format(",{},{},{},{},{},{},{},{},{},{},{}\r\n", t.requests, t.errors, t.failovers,
                     t.input_tokens, t.cache_read_tokens, t.cache_write_tokens, t.output_tokens,
                     t.reasoning_tokens, t.cost_usd, t.unpriced, mean_latency_ms(t));
}

std::optional<std::int64_t> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = static_cast<unsigned>((text[5] - '0') * 10 + (text[6] - '0'));
  day = static_cast<unsigned>((text[8] - '0') * 10 + (text[9] - '0'));
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  if (!ymd.ok()) return std::nullopt;
  const std::chrono::sys_days midnight{ymd};
  return unix_ms(midnight);
}

}  // namespace

std::optional<UsageGrouping> parse_usage_grouping(std::string_view text) {
  for (const auto& g : kGroupings) {
    if (g.name == text) return g.by;
  }
  return std::nullopt;
}

std::string_view usage_grouping_name(UsageGrouping by) {
  for (const auto& g : kGroupings) {
    if (g.by == by) return g.name;
  }
  return {};
}

std::string usage_report_json(const UsageReport& report) {
  json::object o;
  o["since"] = format_ms(report.query.since_ms);
  o["until"] = format_ms(report.query.until_ms);
  const auto by = usage_grouping_name(report.query.by);
  o["by"] = by.empty() ? json::value(nullptr) : json::value(by);
  json::array rows;
  for (const auto& row : report.rows) rows.push_back(totals_json(row, true));
  o["rows"] = std::move(rows);
  o["total"] = totals_json(report.total, false);
  return json::serialize(o);
}

const std::vector<std::string_view>& usage_csv_columns() {
  static const std::vector<std::string_view> columns{"key",
                                                     "requests",
                                                     "errors",
                                                     "failovers",
                                                     "input_tokens",
                                                     "cache_read_tokens",
                                                     "cache_write_tokens",
                                                     "output_tokens",
                                                     "reasoning_tokens",
                                                     "cost_usd",
                                                     "unpriced",
                                                     "mean_latency_ms"};
  return columns;
}

std::string usage_report_csv(const UsageReport& report) {
  std::string out;
  const auto by = usage_grouping_name(report.query.by);
  const auto& columns = usage_csv_columns();
  // The first column is named after the grouping ("model", "day"), or "total" without one.
  out += by.empty() ? "total" : by;
  for (std::size_t i = 1; i < columns.size(); ++i) {
    out += ',';
    out += columns[i];
  }
  out += "\r\n";
  if (report.query.by == UsageGrouping::kNone) {
    UsageTotals total = report.total;
    total.key = "total";
    append_csv_row(out, total);
  } else {
    for (const auto& row : report.rows) append_csv_row(out, row);
  }
  return out;
}

std::optional<std::int64_t> parse_report_instant(std::string_view text, std::int64_t now_ms) {
  if (auto span = parse_duration(text); span && span->count() > 0) return now_ms - span->count();
  if (auto date = parse_date(text)) return date;
  if (auto instant = parse_rfc3339(text)) return unix_ms(*instant);
  return std::nullopt;
}

Result<UsageReportQuery> usage_query_from_text(std::string_view since, std::string_view until,
                                               std::string_view by, std::int64_t now_ms) {
  UsageReportQuery query;
  const auto since_ms = parse_report_instant(since.empty() ? "24h" : since, now_ms);
  if (!since_ms) {
    return make_error(ErrorKind::InvalidRequest,
                      fmt::format("since: expected a span back from now (24h, 7d), a date "
                                  "(2026-11-01) or an RFC 3339 instant, not `{}`",
                                  since),
                      "since");
  }
  query.since_ms = *since_ms;
  query.until_ms = now_ms + 1;  // "until now" includes a row written this millisecond
  if (!until.empty()) {
    const auto until_ms = parse_report_instant(until, now_ms);
    if (!until_ms) {
      return make_error(ErrorKind::InvalidRequest,
                        fmt::format("until: expected a span back from now (1h), a date or an "
                                    "RFC 3339 instant, not `{}`",
                                    until),
                        "until");
    }
    query.until_ms = *until_ms;
  }
  if (query.until_ms <= query.since_ms) {
    return make_error(ErrorKind::InvalidRequest, "until: the period ends before it starts",
                      "until");
  }
  if (!by.empty()) {
    const auto grouping = parse_usage_grouping(by);
    if (!grouping) {
      return make_error(ErrorKind::InvalidRequest,
                        fmt::format("by: expected provider, model, deployment, group or day, not "
                                    "`{}`",
                                    by),
                        "by");
    }
    query.by = *grouping;
  }
  return query;
}

}  // namespace sb
