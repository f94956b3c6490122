// The metrics registry and its exposition, read back by a strict exposition-format reader, and
// that reader's own strictness (it must fail on what Prometheus would reject).
#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <fstream>

#include "metrics/observability.h"
#include "support/prometheus_text.h"

namespace sb {
namespace {

using test::parse_prometheus_text;

TEST(Metrics, EveryDeclaredMetricIsExposedWithHelpAndType) {
  Metrics m;
  const auto parsed = parse_prometheus_text(m.exposition());
  ASSERT_EQ(parsed.families.size(), metric_specs().size());
  for (const auto& spec : metric_specs()) {
    const auto& family = parsed.families.at(spec.name);
    EXPECT_FALSE(family.help.empty()) << spec.name;
    EXPECT_EQ(family.type, spec.type == MetricType::Counter ? "counter"
                           : spec.type == MetricType::Gauge ? "gauge"
                                                            : "histogram");
    if (spec.type == MetricType::Counter) {
      EXPECT_TRUE(spec.name.ends_with("_total")) << spec.name;
    }
  }
}

// The documented table is the declared list: a metric added or renamed without its doc fails.
TEST(Metrics, EveryDeclaredMetricIsDocumented) {
  std::ifstream doc(std::string(SB_FIXTURES_DIR) + "/../../docs/observability.md");
  ASSERT_TRUE(doc) << "docs/observability.md";
  const std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  for (const auto& spec : metric_specs()) {
    EXPECT_NE(text.find("| `" + spec.name + "` |"), std::string::npos) << spec.name;
  }
}

TEST(Metrics, CountersGaugesAndHistogramsReadBack) {
  Metrics m;
  {
    auto b = m.batch();
    b.add(MetricId::requests_total, {"openai-chat", "main", "200"});
    b.add(MetricId::requests_total, {"openai-chat", "main", "200"});
    b.add(MetricId::requests_total, {"openai-chat", "odd \"group\"\\\nname", "429"});
    b.add(MetricId::cost_usd_total, {"main", "a/m"}, 0.125);
    b.set(MetricId::usage_queue_depth, {}, 7);
    for (double s : {0.001, 0.005, 0.3, 2.0, 1000.0}) {
      b.observe(MetricId::request_duration_seconds, {"openai-chat"}, s);
    }
  }
  const auto text = m.exposition();
  const auto parsed = parse_prometheus_text(text);
  EXPECT_EQ(parsed.value("switchboard_requests_total",
                         {{"surface", "openai-chat"}, {"group", "main"}, {"status", "200"}}),
            2);
  EXPECT_EQ(parsed.value("switchboard_requests_total", {{"surface", "openai-chat"},
                                                        {"group", "odd \"group\"\\\nname"},
                                                        {"status", "429"}}),
            1);
  EXPECT_EQ(parsed.value("switchboard_cost_usd_total", {{"group", "main"}, {"deployment", "a/m"}}),
            0.125);
  EXPECT_EQ(parsed.value("switchboard_usage_queue_depth", {}), 7);
  const std::map<std::string, std::string> chat{{"surface", "openai-chat"}};
  auto le = [&](const char* bound) {
    auto labels = chat;
    labels["le"] = bound;
    return parsed.value("switchboard_request_duration_seconds_bucket", labels);
  };
  EXPECT_EQ(le("0.005"), 2);  // 0.001 and 0.005 itself: le is "less than or equal"
  EXPECT_EQ(le("0.5"), 3);
  EXPECT_EQ(le("2.5"), 4);
  EXPECT_EQ(le("300"), 4);
  EXPECT_EQ(le("+Inf"), 5);
  EXPECT_EQ(parsed.value("switchboard_request_duration_seconds_count", chat), 5);
  EXPECT_NEAR(parsed.value("switchboard_request_duration_seconds_sum", chat), 1002.306, 1e-9);
}

TEST(Metrics, AWrongLabelCountIsABug) {
  Metrics m;
  EXPECT_THROW(m.batch().add(MetricId::requests_total, {"only-one"}), std::logic_error);
}

TEST(Metrics, ObservabilityFeedsRequestsAttemptsAndFailovers) {
  Observability o;
  UsageRecord r;
  r.surface = "anthropic-messages";
  r.group = "main";
  r.deployment = "claude/claude-sonnet-4-5";
  r.status = 200;
  r.latency_ms = 1500;
  r.usage = Usage{.input = 100, .cache_read = 20, .output = 30};
  r.cost_usd = 0.002;
  o.request(r);
  AttemptSample s;
  s.latency_ms = 1400;
  s.ttft_ms = 300;
  o.attempt("claude/claude-sonnet-4-5", s, 0);
  s.failure = FailureClass::RateLimited;
  o.attempt("openai/gpt-4o", s, 0);
  o.failover("main", "openai/gpt-4o", FailureClass::RateLimited);

  Config config;
  SteadyClock clock;
  SystemRng rng;
  Router router(clock, rng, nullptr);
  const auto parsed = parse_prometheus_text(o.scrape(config, router, 3, 1));
  EXPECT_EQ(parsed.value("switchboard_tokens_total",
                         {{"deployment", "claude/claude-sonnet-4-5"}, {"kind", "cache_read"}}),
            20);
  EXPECT_EQ(parsed.value("switchboard_attempts_total",
                         {{"deployment", "openai/gpt-4o"}, {"outcome", "rate_limited"}}),
            1);
  EXPECT_EQ(
      parsed.value("switchboard_failovers_total",
                   {{"group", "main"}, {"deployment", "openai/gpt-4o"}, {"class", "rate_limited"}}),
      1);
  EXPECT_EQ(parsed.value("switchboard_time_to_first_token_seconds_count",
                         {{"deployment", "claude/claude-sonnet-4-5"}}),
            1);
  // A failed attempt has no duration sample: a fast 429 is not a fast answer.
  EXPECT_FALSE(
      parsed.has("switchboard_attempt_duration_seconds_count", {{"deployment", "openai/gpt-4o"}}));
  EXPECT_EQ(parsed.value("switchboard_cooldowns_active", {{"class", "quota_exhausted"}}), 0);
  EXPECT_EQ(parsed.value("switchboard_usage_queue_depth", {}), 3);
  EXPECT_EQ(parsed.value("switchboard_usage_rows_dropped_total", {}), 1);
  EXPECT_EQ(parsed.value("switchboard_build_info", {{"version", SWITCHBOARD_VERSION}}), 1);
}

TEST(PrometheusTextReader, RejectsWhatPrometheusWould) {
  const std::string head = "# HELP x_total X.\n# TYPE x_total counter\n";
  EXPECT_NO_THROW(parse_prometheus_text(head + "x_total{a=\"1\"} 3\n"));
  for (const std::string& bad : std::vector<std::string>{
           head + "x_total{a=\"1\"} 3",                        // no final LF
           head + "x_total{a=\"1\"} three\n",                  // not a number
           head + "x_total{a=\"1\" } 3\n",                     // space in the label set
           head + "x_total{a=\"\\t\"} 3\n",                    // an escape the format lacks
           head + "x_total{1a=\"1\"} 3\n",                     // bad label name
           head + "x_total{a=\"1\"} 3\nx_total{a=\"1\"} 4\n",  // the same series twice
           head + "x_total{a=\"1\"} -1\n",                     // a negative counter
           head + "\n",                                        // an empty line
           head + "# TYPE x_total gauge\n",                    // TYPE twice
           "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
           "h_sum 1\nh_count 1\n",  // not cumulative
           "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",  // no
                                                                                           // +Inf
           "# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\na{x=\"y\"} 2\n",
       }) {
    EXPECT_THROW(parse_prometheus_text(bad), std::runtime_error) << bad;
  }
}

}  // namespace
}  // namespace sb
