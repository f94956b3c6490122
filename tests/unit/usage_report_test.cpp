// Usage reports: the period's words, the sums a real SQLite store gives per grouping, and the
// exports (CSV read back by a strict RFC 4180 reader, JSON by Boost.JSON).
#include "usage/usage_report.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>

#include "cli/usage_command.h"
#include "store/state_store.h"
#include "store/usage_rows.h"
#include "support/test_env.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kNov1 = 1'793'491'200'000;  // 2026-11-01T00:00:00Z

// RFC 4180, strictly: CRLF after every record, quotes only around a whole field, a quote inside
// doubled. Throws on anything else, so a sloppy writer fails the round trip.
std::vector<std::vector<std::string>> read_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n') throw std::runtime_error("bare quote or LF");
        field += text[i++];
      }
    }
    if (i >= text.size()) throw std::runtime_error("record without CRLF");
    record.push_back(std::move(field));
    field.clear();
    if (text[i] == ',') {
      ++i;
    } else if (text.substr(i, 2) == "\r\n") {
      i += 2;
      records.push_back(std::move(record));
      record.clear();
    } else {
      throw std::runtime_error("junk after a field");
    }
  }
  return records;
}

std::int64_t to_int(const std::string& s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw std::runtime_error("not an integer: " + s);
  return v;
}

double to_double(const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw std::runtime_error("not a number: " + s);
  return v;
}

// The report a CSV export describes, as far as CSV carries it (latency as its mean).
std::vector<UsageTotals> totals_from_csv(const std::vector<std::vector<std::string>>& records) {
  std::vector<UsageTotals> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r];
    if (f.size() != usage_csv_columns().size()) throw std::runtime_error("wrong field count");
    UsageTotals t;
    t.key = f[0];
    t.requests = to_int(f[1]);
    t.errors = to_int(f[2]);
    t.failovers = to_int(f[3]);
    t.input_tokens = to_int(f[4]);
    t.cache_read_tokens = to_int(f[5]);
    t.cache_write_tokens = to_int(f[6]);
    t.output_tokens = to_int(f[7]);
    t.reasoning_tokens = to_int(f[8]);
    t.cost_usd = to_double(f[9]);
    t.unpriced = to_int(f[10]);
    t.latency_ms_total = to_int(f[11]) * t.requests;
    rows.push_back(std::move(t));
  }
  return rows;
}

// The mean is what CSV keeps of the latency.
UsageTotals with_mean_latency(UsageTotals t) {
  if (t.requests > 0) t.latency_ms_total = t.latency_ms_total / t.requests * t.requests;
  return t;
}

TEST(UsageReportPeriod, SpansDatesAndInstants) {
  const std::int64_t now = kNov1 + 5 * kDay + 3'600'000;
  EXPECT_EQ(parse_report_instant("24h", now), now - kDay);
  EXPECT_EQ(parse_report_instant("7d", now), now - 7 * kDay);
  EXPECT_EQ(parse_report_instant("90m", now), now - 90 * 60'000);
  EXPECT_EQ(parse_report_instant("2026-11-01", now), kNov1);
  EXPECT_EQ(parse_report_instant("2026-11-01T02:00:00+02:00", now), kNov1);
  EXPECT_EQ(parse_report_instant("2026-11-02T00:00:00.250Z", now), kNov1 + kDay + 250);
  for (const char* bad :
       {"", "0s", "yesterday", "2026-13-01", "2026-02-30", "2026-11-1", "7 d", "-1h"}) {
    EXPECT_FALSE(parse_report_instant(bad, now)) << bad;
  }
}

TEST(UsageReportPeriod, QueryFromWordsDefaultsAndErrors) {
  const std::int64_t now = kNov1 + 10 * kDay;
  auto q = usage_query_from_text("", "", "", now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->since_ms, now - kDay);
  EXPECT_EQ(q->until_ms, now + 1);
  EXPECT_EQ(q->by, UsageGrouping::kNone);

  q = usage_query_from_text("2026-11-01", "2026-11-03", "day", now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->since_ms, kNov1);
  EXPECT_EQ(q->until_ms, kNov1 + 2 * kDay);
  EXPECT_EQ(q->by, UsageGrouping::kDay);

  EXPECT_EQ(usage_query_from_text("soon", "", "", now).error().param, "since");
  EXPECT_EQ(usage_query_from_text("", "later", "", now).error().param, "until");
  EXPECT_EQ(usage_query_from_text("1d", "2d", "", now).error().param, "until");  // ends first
  EXPECT_EQ(usage_query_from_text("", "", "colour", now).error().param, "by");
  for (auto by : {UsageGrouping::kProvider, UsageGrouping::kModel, UsageGrouping::kDeployment,
                  UsageGrouping::kGroup, UsageGrouping::kDay}) {
    EXPECT_EQ(parse_usage_grouping(usage_grouping_name(by)), by);
  }
}

class UsageReportStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_test_dir("sb-usage-report");
    store_ = StateStore::open((dir_ / "state.db").string());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void add(std::int64_t at, std::string group, std::string deployment, std::string model,
           unsigned status, std::optional<Usage> usage, std::optional<double> cost,
           std::int64_t latency, std::string chain = "") {
    UsageRecord r;
    r.unix_ms = at;
    r.surface = "openai-chat";
    r.group = std::move(group);
    r.deployment = std::move(deployment);
    r.provider = r.deployment.empty() ? "" : r.deployment.substr(0, r.deployment.find('/'));
    r.model = std::move(model);
    r.status = status;
    r.usage = usage;
    r.cost_usd = cost;
    r.latency_ms = latency;
    r.failure_chain = std::move(chain);
    insert_usage(*store_, r);
  }

  fs::path dir_;
  StateStorePtr store_;
};

TEST_F(UsageReportStore, SumsByEachGroupingWithinThePeriod) {
  add(kNov1 + 10, "main", "openai/gpt-4o", "gpt-4o", 200,
      Usage{.input = 100, .cache_read = 50, .output = 20, .reasoning = 5}, 0.25, 100);
  add(kNov1 + 20, "main", "anthropic/claude", "claude", 200,
      Usage{.input = 10, .cache_write = 30, .output = 2}, 0.5, 300, "openai/gpt-4o=rate_limited");
  add(kNov1 + kDay, "main", "openai/gpt-4o", "gpt-4o", 200, Usage{.input = 1, .output = 1},
      std::nullopt, 200);
  add(kNov1 + kDay + 1, "", "", "", 400, std::nullopt, std::nullopt, 1);
  add(kNov1 + 2 * kDay, "main", "openai/gpt-4o", "gpt-4o", 200, Usage{7, 7, 7, 7, 7}, 9.0, 1);

  const UsageReportQuery period{kNov1, kNov1 + 2 * kDay, UsageGrouping::kNone};
  const UsageReport whole = usage_report(*store_, period);
  EXPECT_TRUE(whole.rows.empty());
  EXPECT_EQ(whole.total.requests, 4);
  EXPECT_EQ(whole.total.errors, 1);
  EXPECT_EQ(whole.total.failovers, 1);
  EXPECT_EQ(whole.total.input_tokens, 111);
  EXPECT_EQ(whole.total.output_tokens, 23);
  EXPECT_EQ(whole.total.cache_read_tokens, 50);
  EXPECT_EQ(whole.total.cache_write_tokens, 30);
  EXPECT_EQ(whole.total.reasoning_tokens, 5);
  EXPECT_DOUBLE_EQ(whole.total.cost_usd, 0.75);
  EXPECT_EQ(whole.total.unpriced, 1);  // the answered one without a price, not the 400
  EXPECT_EQ(whole.total.latency_ms_total, 601);

  auto by = [&](UsageGrouping g) {
    UsageReportQuery q = period;
    q.by = g;
    return usage_report(*store_, q);
  };
  const UsageReport models = by(UsageGrouping::kModel);
  ASSERT_EQ(models.rows.size(), 3u);
  EXPECT_EQ(models.rows[0].key, "");  // the bad request reached no model
  EXPECT_EQ(models.rows[1].key, "claude");
  EXPECT_EQ(models.rows[2].key, "gpt-4o");
  EXPECT_EQ(models.rows[2].requests, 2);
  EXPECT_EQ(models.rows[2].input_tokens, 101);
  EXPECT_EQ(models.total, whole.total);

  const UsageReport days = by(UsageGrouping::kDay);
  ASSERT_EQ(days.rows.size(), 2u);
  EXPECT_EQ(days.rows[0].key, "2026-11-01");
  EXPECT_EQ(days.rows[0].requests, 2);
  EXPECT_EQ(days.rows[1].key, "2026-11-02");
  EXPECT_EQ(days.rows[1].errors, 1);

  const UsageReport providers = by(UsageGrouping::kProvider);
  ASSERT_EQ(providers.rows.size(), 3u);
  EXPECT_EQ(providers.rows[1].key, "anthropic");
  EXPECT_EQ(by(UsageGrouping::kGroup).rows.size(), 2u);
  EXPECT_EQ(by(UsageGrouping::kDeployment).rows.size(), 3u);

  const UsageReport empty = usage_report(*store_, {0, kNov1, UsageGrouping::kModel});
  EXPECT_TRUE(empty.rows.empty());
  EXPECT_EQ(empty.total.requests, 0);
}

TEST_F(UsageReportStore, CliPrintsTheStoreWithoutAGateway) {
  add(kNov1 + 10, "main", "openai/gpt-4o", "gpt-4o", 200,
      Usage{.input = 100, .cache_read = 50, .output = 20, .reasoning = 5}, 0.25, 100);
  add(kNov1 + 20, "main", "openai/gpt-4o", "gpt-4o", 200, Usage{.input = 1, .output = 1},
      std::nullopt, 10);
  Config config;
  config.state_path = (dir_ / "state.db").string();
  cli::UsageArgs args;
  args.since = "2026-11-01";
  args.by = "model";
  std::ostringstream out, err;
  ASSERT_EQ(cli::run_usage(config, args, kNov1 + kDay, out, err), 0) << err.str();
  const std::string text = out.str();
  EXPECT_NE(text.find("by model"), std::string::npos) << text;
  EXPECT_NE(text.find("gpt-4o"), std::string::npos) << text;
  EXPECT_NE(text.find("0.2500"), std::string::npos) << text;
  EXPECT_NE(text.find("cost is a lower bound"), std::string::npos) << text;

  args.csv = true;
  std::ostringstream csv;
  ASSERT_EQ(cli::run_usage(config, args, kNov1 + kDay, csv, err), 0);
  const auto records = read_csv(csv.str());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0][0], "model");
  EXPECT_EQ(records[1][0], "gpt-4o");
  EXPECT_EQ(records[1][1], "2");

  args.csv = false;
  args.by = "sideways";
  std::ostringstream ignored, complaint;
  EXPECT_EQ(cli::run_usage(config, args, kNov1 + kDay, ignored, complaint), 2);
  EXPECT_NE(complaint.str().find("by:"), std::string::npos);

  // No store at all: an empty report, and still no file afterwards.
  config.state_path = (dir_ / "none" / "state.db").string();
  args.by = "";
  std::ostringstream nothing;
  EXPECT_EQ(cli::run_usage(config, args, kNov1 + kDay, nothing, err), 0);
  EXPECT_NE(nothing.str().find("no requests"), std::string::npos);
  EXPECT_FALSE(fs::exists(config.state_path));
}

TEST(UsageReportExport, JsonCarriesPeriodRowsAndTotal) {
  UsageReport report{{kNov1, kNov1 + kDay, UsageGrouping::kGroup}, {}, {}};
  UsageTotals row;
  row.key = "main";
  row.requests = 4;
  row.cost_usd = 1.5;
  row.latency_ms_total = 10;
  report.rows.push_back(row);
  report.total = row;
  const json::value v = json::parse(usage_report_json(report));
  EXPECT_EQ(v.at("since").as_string(), "2026-11-01T00:00:00Z");
  EXPECT_EQ(v.at("until").as_string(), "2026-11-02T00:00:00Z");
  EXPECT_EQ(v.at("by").as_string(), "group");
  EXPECT_EQ(v.at("rows").as_array().at(0).at("key").as_string(), "main");
  EXPECT_EQ(v.at("rows").as_array().at(0).at("mean_latency_ms").as_int64(), 2);
  EXPECT_DOUBLE_EQ(v.at("total").at("cost_usd").to_number<double>(), 1.5);
  EXPECT_FALSE(v.at("total").as_object().contains("key"));
}

TEST(UsageReportExport, CsvWithoutGroupingIsOneTotalLine) {
  UsageReport report{{0, 1, UsageGrouping::kNone}, {}, {}};
  report.total.requests = 3;
  const auto records = read_csv(usage_report_csv(report));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0][0], "total");
  EXPECT_EQ(records[1][0], "total");
  EXPECT_EQ(records[1][1], "3");
}

// Any keys (commas, quotes, line breaks, UTF-8) and any figures read back exactly.
RC_GTEST_PROP(UsageReportExport, CsvRoundTrips, ()) {
  UsageReport report{{0, 1, UsageGrouping::kDeployment}, {}, {}};
  const auto n = *rc::gen::inRange(0, 8);
  for (int i = 0; i < n; ++i) {
    UsageTotals t;
    t.key = *rc::gen::oneOf(rc::gen::arbitrary<std::string>(),
                            rc::gen::element<std::string>("a,b", "say \"hi\"", "two\r\nlines", "\n",
                                                          "\"", "acct/modèle"));
    t.requests = *rc::gen::inRange<std::int64_t>(0, 1'000'000);
    t.errors = *rc::gen::inRange<std::int64_t>(0, t.requests + 1);
    t.failovers = *rc::gen::inRange<std::int64_t>(0, t.requests + 1);
    t.input_tokens = *rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 50);
    t.cache_read_tokens = *rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 40);
    t.cache_write_tokens = *rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 40);
    t.output_tokens = *rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 40);
    t.reasoning_tokens = *rc::gen::inRange<std::int64_t>(0, t.output_tokens + 1);
    t.cost_usd = *rc::gen::inRange<std::int64_t>(0, 1'000'000'000) / 1e6 *
                 *rc::gen::element(1.0, 1.0 / 3, 1e-9);
    t.unpriced = *rc::gen::inRange<std::int64_t>(0, t.requests + 1);
    t.latency_ms_total = *rc::gen::inRange<std::int64_t>(0, 1'000'000) * t.requests;
    report.rows.push_back(t);
  }
  const auto records = read_csv(usage_report_csv(report));
  RC_ASSERT(records.size() == report.rows.size() + 1);
  RC_ASSERT(records[0].size() == usage_csv_columns().size());
  RC_ASSERT(records[0][0] == "deployment");
  const auto back = totals_from_csv(records);
  for (std::size_t i = 0; i < back.size(); ++i) {
    RC_ASSERT(back[i] == with_mean_latency(report.rows[i]));
  }
}

}  // namespace
}  // namespace sb
