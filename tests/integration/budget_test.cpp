// Budgets through the running gateway: a spent group refused in each client's dialect with when
// it resets, the refusal surviving a restart (spend read back from the usage table), a restricted
// group sent to its cheap deployment, and the alert delivered to the webhook.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "store/state_store.h"
#include "support/eventually.h"
#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

using namespace std::chrono_literals;

const std::string kChat =
    R"({"model":"main","messages":[{"role":"user","content":"Hello there"}]})";
const std::string kMessages =
    R"({"model":"main","max_tokens":100,"messages":[{"role":"user","content":"Hello there"}]})";

// Any answer from Claude Sonnet 4.5 at catalog prices costs more than a millionth of a dollar.
const std::string kTinyBudget = R"(budgets:
  webhook: "{FAKE}/chat/completions"
  groups:
    main: {daily: 0.000001}
)";

using BudgetTest = TempDirTest;

TEST_F(BudgetTest, ASpentGroupIsRefusedUntilItResetsAcrossARestart) {
  GatewayHarness gw(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]", kTinyBudget),
                    1, state_path());
  Connection c(gw.port());
  ASSERT_EQ(c.request("POST", "/v1/chat/completions", kChat).status, 200u);

  // The crossing of 100% reached the webhook (here the fake provider, which keeps what it got).
  std::string delivered;
  ASSERT_TRUE(eventually([&] {
    delivered = gw.fake().stats().last_body;
    return delivered.find("spent_usd") != std::string::npos;
  })) << delivered;
  const auto alert = boost::json::parse(delivered);
  EXPECT_EQ(alert.at("scope").as_string(), "group:main");
  EXPECT_EQ(alert.at("period").as_string(), "daily");
  EXPECT_EQ(alert.at("percent").as_int64(), 100);

  const std::uint64_t calls_before = gw.fake().stats().requests;
  const Response refused = c.request("POST", "/v1/chat/completions", kChat);
  EXPECT_EQ(refused.status, 429u);
  EXPECT_FALSE(refused.header("retry-after").empty());
  const auto error = refused.json().at("error");
  EXPECT_EQ(error.at("code").as_string(), "budget_exceeded");
  EXPECT_NE(std::string(error.at("message").as_string()).find("group main's daily budget"),
            std::string::npos)
      << refused.body;
  const Response anthropic = c.request("POST", "/v1/messages", kMessages);
  EXPECT_EQ(anthropic.status, 429u);
  EXPECT_EQ(anthropic.json().at("type").as_string(), "error");
  EXPECT_EQ(anthropic.json().at("error").at("type").as_string(), "rate_limit_error");
  EXPECT_EQ(gw.fake().stats().requests, calls_before) << "a refused request reaches nobody";

  const auto status = c.request("GET", "/admin/status").json();
  const auto& standing = status.at("budgets").at(0);
  EXPECT_EQ(standing.at("scope").as_string(), "group:main");
  EXPECT_GT(standing.at("spent_usd").to_number<double>(), 0.000001);

  gw.restart();  // the day's spend comes back from the usage table
  EXPECT_EQ(request(gw.port(), "POST", "/v1/chat/completions", kChat).status, 429u);
}

TEST_F(BudgetTest, ARestrictedGroupGoesToItsCheapDeployment) {
  const std::string extra = R"(budgets:
  groups:
    main: {daily: 0.000001, on_exceed: restrict, max_price: 1}
models:
  openai/gpt-4o-mini: {price: {input: 0.15, output: 0.6}}
)";
  GatewayHarness gw(
      two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]", extra),
      1, state_path());
  Connection c(gw.port());
  const Response first = c.request("POST", "/v1/chat/completions", kChat);
  ASSERT_EQ(first.status, 200u);
  EXPECT_EQ(first.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
  const Response second = c.request("POST", "/v1/chat/completions", kChat);
  ASSERT_EQ(second.status, 200u);
  EXPECT_EQ(second.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  EXPECT_EQ(second.header("x-switchboard-budget"), "restricted");
  EXPECT_EQ(second.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=over_budget");
}

}  // namespace
}  // namespace sb::test
