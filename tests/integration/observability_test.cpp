// Health and metrics through the running gateway: GET /metrics read back by the strict
// exposition reader after a failover, the admin token guarding it, and the status health windows
// surviving a restart through the store's minute rows.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/health_rows.h"
#include "store/state_store.h"
#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/prometheus_text.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

const std::string kChat =
    R"({"model":"main","messages":[{"role":"user","content":"Hello there"}]})";

std::string failover_yaml(const std::string& extra = "") {
  return two_dialect_yaml("sk-ant", "sk-oai+quota",
                          "[openai/gpt-4o-mini, claude/claude-sonnet-4-5]", extra);
}

using ObservabilityTest = TempDirTest;

TEST_F(ObservabilityTest, MetricsCountRequestsFailoversTokensAndState) {
  GatewayHarness gw(failover_yaml(), 1, state_path());
  Connection c(gw.port());
  ASSERT_EQ(c.request("POST", "/v1/chat/completions", kChat).status, 200u);
  ASSERT_EQ(c.request("POST", "/v1/chat/completions", kChat).status, 200u);
  const Response scraped = c.request("GET", "/metrics");
  ASSERT_EQ(scraped.status, 200u);
  EXPECT_EQ(scraped.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const PromText m = parse_prometheus_text(scraped.body);

  EXPECT_EQ(m.value("switchboard_requests_total",
                    {{"surface", "openai-chat"}, {"group", "main"}, {"status", "200"}}),
            2);
  // The first request failed over on quota; the second skipped the cooling deployment.
  EXPECT_EQ(m.value("switchboard_failovers_total", {{"group", "main"},
                                                    {"deployment", "openai/gpt-4o-mini"},
                                                    {"class", "quota_exhausted"}}),
            1);
  EXPECT_EQ(m.value("switchboard_attempts_total",
                    {{"deployment", "openai/gpt-4o-mini"}, {"outcome", "quota_exhausted"}}),
            1);
  EXPECT_EQ(m.value("switchboard_attempts_total",
                    {{"deployment", "claude/claude-sonnet-4-5"}, {"outcome", "ok"}}),
            2);
  EXPECT_EQ(m.value("switchboard_cooldowns_active", {{"class", "quota_exhausted"}}), 1);
  EXPECT_EQ(m.value("switchboard_circuit_state", {{"deployment", "claude/claude-sonnet-4-5"}}), 0);
  EXPECT_GT(m.value("switchboard_tokens_total",
                    {{"deployment", "claude/claude-sonnet-4-5"}, {"kind", "output"}}),
            0);
  EXPECT_GT(m.value("switchboard_cost_usd_total",
                    {{"group", "main"}, {"deployment", "claude/claude-sonnet-4-5"}}),
            0);
  EXPECT_EQ(m.value("switchboard_attempt_duration_seconds_count",
                    {{"deployment", "claude/claude-sonnet-4-5"}}),
            2);
  EXPECT_EQ(m.value("switchboard_request_duration_seconds_count", {{"surface", "openai-chat"}}), 2);
  EXPECT_EQ(m.value("switchboard_usage_rows_dropped_total", {}), 0);
  EXPECT_TRUE(m.has("switchboard_build_info", {{"version", SWITCHBOARD_VERSION}}));
}

TEST_F(ObservabilityTest, MetricsNeedTheAdminTokenWhenOneIsSet) {
  GatewayHarness gw(failover_yaml("server: {admin_token: s3cret-admin}\n"));
  EXPECT_EQ(request(gw.port(), "GET", "/metrics").status, 401u);
  const Response ok =
      request(gw.port(), "GET", "/metrics", "", {{"authorization", "Bearer s3cret-admin"}});
  EXPECT_EQ(ok.status, 200u);
  EXPECT_NO_THROW(parse_prometheus_text(ok.body));
}

TEST_F(ObservabilityTest, StatusHealthWindowsSurviveARestart) {
  GatewayHarness gw(failover_yaml(), 1, state_path());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(request(gw.port(), "POST", "/v1/chat/completions", kChat).status, 200u);
  }
  auto health_of = [&](const std::string& deployment, const char* window) {
    const auto status = request(gw.port(), "GET", "/admin/status").json();
    for (const auto& d : status.at("groups").at(0).at("deployments").as_array()) {
      if (d.at("deployment").as_string() == deployment) return d.at("health").at(window);
    }
    return boost::json::value(nullptr);
  };
  const auto before = health_of("claude/claude-sonnet-4-5", "1h");
  ASSERT_TRUE(before.is_object());
  EXPECT_EQ(before.at("requests").as_int64(), 3);
  EXPECT_EQ(before.at("availability").as_double(), 1.0);
  EXPECT_GT(before.at("latency_ms").at("p50").as_double(), 0);
  const auto quota = health_of("openai/gpt-4o-mini", "1h");
  EXPECT_EQ(quota.at("errors_by_class").at("quota_exhausted").as_int64(), 1);
  EXPECT_EQ(quota.at("availability").as_double(), 0.0);

  gw.restart();  // the minute under way is written at shutdown and read back at start
  const auto after = health_of("claude/claude-sonnet-4-5", "1h");
  EXPECT_EQ(after.at("requests").as_int64(), 3);
  EXPECT_EQ(after.at("latency_ms"), before.at("latency_ms"));
  ASSERT_EQ(request(gw.port(), "POST", "/v1/chat/completions", kChat).status, 200u);
  EXPECT_EQ(health_of("claude/claude-sonnet-4-5", "1h").at("requests").as_int64(), 4);

  gw.restart();
  auto store = StateStore::open(state_path());
  std::int64_t requests = 0;
  for (const auto& row : load_health_minutes(*store, 0)) {
    if (row.deployment == "claude/claude-sonnet-4-5") requests += row.minute.summary.requests;
  }
  EXPECT_EQ(requests, 4) << "one row per minute, merged, never counted twice";
}

}  // namespace
}  // namespace sb::test
