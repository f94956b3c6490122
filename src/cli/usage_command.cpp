#include "cli/usage_command.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/exit_code.h"
#include "cli/table.h"
#include "core/clock.h"
#include "routing/reset_time.h"
#include "store/usage_rows.h"

namespace sb::cli {

namespace {

constexpr std::string_view kPrefix = "switchboard: ";

std::vector<std::string> cells(const UsageTotals& t, std::string key) {
  const std::int64_t mean = t.requests == 0 ? 0 : t.latency_ms_total / t.requests;
  return {std::move(key),
          std::to_string(t.requests),
          std::to_string(t.errors),
          std::to_string(t.failovers),
          std::to_string(t.input_tokens),
          std::to_string(t.cache_read_tokens),
          std::to_string(t.cache_write_tokens),
          std::to_string(t.output_tokens),
          fmt::format("{:.4f}", t.cost_usd),
          fmt::format("{} ms", mean)};
}

std::string period_text(const UsageReportQuery& q) {
  auto text = [](std::int64_t ms) { return format_rfc3339(from_unix_ms(ms)); };
  return text(q.since_ms) + " to " + text(q.until_ms);
}

}  // namespace

std::string render_usage(const UsageReport& report) {
  const auto by = usage_grouping_name(report.query.by);
  std::string out = "usage from " + period_text(report.query);
  if (!by.empty()) out += fmt::format(", by {}", by);
  out += "\n";
  if (report.total.requests == 0) return out + "no requests\n";

  std::string key_header = by.empty() ? "" : std::string(by);
  for (char& c : key_header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Table table({key_header, "REQUESTS", "ERRORS", "FAILOVERS", "INPUT", "CACHE READ", "CACHE WRITE",
               "OUTPUT", "COST USD", "MEAN LATENCY"},
              {false, true, true, true, true, true, true, true, true, true});
  for (const auto& row : report.rows) table.add(cells(row, row.key.empty() ? "-" : row.key));
  table.add(cells(report.total, "total"));
  out += table.render();
  if (report.total.unpriced > 0) {
    out += fmt::format(
        "{} answered request(s) have no cost (no usage reported, or a model without a price): "
        "the cost is a lower bound\n",
        report.total.unpriced);
  }
  return out;
}

int run_usage(const Config& config, const UsageArgs& args, std::int64_t now_ms, std::ostream& out,
              std::ostream& err) {
  const auto query = usage_query_from_text(args.since, args.until, args.by, now_ms);
  if (!query) {
    err << kPrefix << query.error().message << "\n";
    return kUsage;
  }
  UsageReport report{*query, {}, {}};
  const std::string path = state_path_of(config);
  std::error_code ec;
  // No store yet means nothing was ever recorded: an empty report, and no file created for it.
  if (std::filesystem::exists(path, ec)) {
    try {
      report = usage_report(*StateStore::open(path), *query);
    } catch (const std::exception& e) {
      err << kPrefix << "cannot read the state store " << path << ": " << e.what() << "\n";
      return kFailure;
    }
  }
  if (args.csv) {
    out << usage_report_csv(report);
  } else if (args.json) {
    out << usage_report_json(report) << "\n";
  } else {
    out << render_usage(report);
  }
  return kOk;
}

}  // namespace sb::cli
