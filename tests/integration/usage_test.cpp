// One usage row per request, whatever the surface, dialect, stream or outcome, written off the
// request path and all there after a shutdown like SIGTERM's (the harness's restart drains and
// flushes as the binary does).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "store/state_store.h"
#include "store/usage_rows.h"
#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

std::string chat(const std::string& model, const std::string& extra = "") {
  return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Hello there"}])" +
         extra + "}";
}

std::string messages(const std::string& model, const std::string& extra = "") {
  return R"({"model":")" + model +
         R"(","max_tokens":100,"messages":[{"role":"user","content":"Hello there"}])" + extra + "}";
}

class UsageTest : public TempDirTest {
 protected:
  std::vector<UsageRecord> rows() {
    auto store = StateStore::open(state_path());
    return load_usage(*store, 0, std::numeric_limits<std::int64_t>::max());
  }
};

TEST_F(UsageTest, EveryRequestIsOneRowWithItsTokensCostAndTiming) {
  GatewayHarness gw(
      two_dialect_yaml("sk-ant", "sk-oai+quota", "[openai/gpt-4o-mini, claude/claude-sonnet-4-5]"),
      1, state_path());
  const auto port = gw.port();
  // 1: Chat client, fails over to Anthropic (translated), whole.
  ASSERT_EQ(request(port, "POST", "/v1/chat/completions", chat("main")).status, 200u);
  // 2: the same, streamed.
  ASSERT_EQ(request(port, "POST", "/v1/chat/completions", chat("main", R"(,"stream":true)")).status,
            200u);
  // 3, 4: a Messages client straight to Anthropic (pass-through), whole and streamed.
  ASSERT_EQ(request(port, "POST", "/v1/messages", messages("claude/claude-sonnet-4-5")).status,
            200u);
  ASSERT_EQ(request(port, "POST", "/v1/messages",
                    messages("claude/claude-sonnet-4-5", R"(,"stream":true)"))
                .status,
            200u);
  // 5: a bad request; 6: an unknown model.
  ASSERT_EQ(request(port, "POST", "/v1/chat/completions", R"({"model":)").status, 400u);
  const unsigned unknown = request(port, "POST", "/v1/chat/completions", chat("nope")).status;
  ASSERT_GE(unknown, 400u);
  gw.restart();  // drains and flushes, as SIGTERM does

  const auto all = rows();
  ASSERT_EQ(all.size(), 6u);
  const UsageRecord& whole = all[0];
  EXPECT_EQ(whole.surface, "openai-chat");
  EXPECT_EQ(whole.group, "main");
  EXPECT_EQ(whole.deployment, "claude/claude-sonnet-4-5");
  EXPECT_EQ(whole.provider, "anthropic");
  EXPECT_EQ(whole.model, "claude-sonnet-4-5");
  EXPECT_EQ(whole.status, 200u);
  EXPECT_EQ(whole.failure_chain, "openai/gpt-4o-mini=quota_exhausted");
  ASSERT_TRUE(whole.usage);
  EXPECT_GT(whole.usage->input, 0);
  EXPECT_GT(whole.usage->output, 0);
  ASSERT_TRUE(whole.cost_usd);  // Claude Sonnet 4.5's catalog price
  EXPECT_DOUBLE_EQ(*whole.cost_usd, (whole.usage->input * 3.0 + whole.usage->output * 15.0) / 1e6);
  EXPECT_FALSE(whole.streamed);
  EXPECT_FALSE(whole.ttft_ms);
  EXPECT_GT(whole.unix_ms, 0);

  const UsageRecord& streamed = all[1];
  EXPECT_TRUE(streamed.streamed);
  ASSERT_TRUE(streamed.usage);  // read from the Anthropic events, whatever the client asked
  EXPECT_EQ(streamed.usage->output, whole.usage->output);
  ASSERT_TRUE(streamed.ttft_ms);
  EXPECT_LE(*streamed.ttft_ms, streamed.latency_ms);
  EXPECT_EQ(streamed.failure_chain, "openai/gpt-4o-mini=cooling:quota_exhausted");

  for (const auto* passed : {&all[2], &all[3]}) {
    EXPECT_EQ(passed->surface, "anthropic-messages");
    EXPECT_EQ(passed->deployment, "claude/claude-sonnet-4-5");
    ASSERT_TRUE(passed->usage);
    EXPECT_GT(passed->usage->input, 0);
    EXPECT_TRUE(passed->cost_usd);
  }
  EXPECT_TRUE(all[3].streamed);

  EXPECT_EQ(all[4].status, 400u);
  EXPECT_EQ(all[4].deployment, "");
  EXPECT_FALSE(all[4].usage);
  EXPECT_EQ(all[5].status, unknown);
  EXPECT_EQ(all[5].group, "");
}

// A Chat stream passed through to an OpenAI-dialect upstream: the gateway asks for usage itself,
// and a client that did not ask sees the stream it would have had without.
TEST_F(UsageTest, PassThroughChatStreamsAreCountedWhetherOrNotTheClientAsked) {
  GatewayHarness gw(single_account_yaml(), 1, state_path());
  const Response quiet =
      request(gw.port(), "POST", "/v1/chat/completions", chat("main", R"(,"stream":true)"));
  ASSERT_EQ(quiet.status, 200u);
  EXPECT_EQ(quiet.body.find("usage"), std::string::npos) << quiet.body;
  ASSERT_FALSE(quiet.sse_data().empty());
  EXPECT_EQ(quiet.sse_data().back(), "[DONE]");
  const auto upstream_body = boost::json::parse(gw.fake().stats().last_body);
  EXPECT_TRUE(upstream_body.at("stream_options").at("include_usage").as_bool());

  const Response asked =
      request(gw.port(), "POST", "/v1/chat/completions",
              chat("main", R"(,"stream":true,"stream_options":{"include_usage":true})"));
  ASSERT_EQ(asked.status, 200u);
  const auto events = asked.sse_data();
  ASSERT_GE(events.size(), 2u);
  EXPECT_TRUE(boost::json::parse(events[events.size() - 2]).at("usage").is_object());
  gw.restart();

  const auto all = rows();
  ASSERT_EQ(all.size(), 2u);
  for (const auto& row : all) {
    ASSERT_TRUE(row.usage);
    EXPECT_GT(row.usage->input, 0);
    EXPECT_GT(row.usage->output, 0);
  }
  EXPECT_EQ(all[0].usage->output, all[1].usage->output);
}

// The report reads the store through the writer's thread while the gateway runs. One keep-alive
// connection: each row is recorded before the next request on it is read.
TEST_F(UsageTest, AdminUsageReportsWhatTheStoreHolds) {
  GatewayHarness gw(
      two_dialect_yaml("sk-ant", "sk-oai+quota", "[openai/gpt-4o-mini, claude/claude-sonnet-4-5]"),
      1, state_path());
  Connection c(gw.port());
  ASSERT_EQ(c.request("POST", "/v1/chat/completions", chat("main")).status, 200u);
  ASSERT_EQ(c.request("POST", "/v1/messages", messages("claude/claude-sonnet-4-5")).status, 200u);
  ASSERT_EQ(c.request("POST", "/v1/chat/completions", R"({"model":)").status, 400u);

  const Response by_deployment = c.request("GET", "/admin/usage?by=deployment&since=1h");
  ASSERT_EQ(by_deployment.status, 200u) << by_deployment.body;
  const auto report = by_deployment.json();
  EXPECT_EQ(report.at("by").as_string(), "deployment");
  const auto& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u) << by_deployment.body;  // the bad request's "" and Claude
  EXPECT_EQ(rows.at(0).at("key").as_string(), "");
  EXPECT_EQ(rows.at(1).at("key").as_string(), "claude/claude-sonnet-4-5");
  EXPECT_EQ(rows.at(1).at("requests").as_int64(), 2);
  EXPECT_EQ(rows.at(1).at("failovers").as_int64(), 1);
  EXPECT_GT(rows.at(1).at("input_tokens").as_int64(), 0);
  EXPECT_GT(rows.at(1).at("cost_usd").to_number<double>(), 0);
  EXPECT_EQ(report.at("total").at("requests").as_int64(), 3);
  EXPECT_EQ(report.at("total").at("errors").as_int64(), 1);

  const Response csv = c.request("GET", "/admin/usage?by=day&format=csv");
  ASSERT_EQ(csv.status, 200u);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("day,requests,")) << csv.body;
  EXPECT_NE(csv.body.find(",3,1,1,"), std::string::npos) << csv.body;  // today: 3, 1 error

  EXPECT_EQ(c.request("GET", "/admin/usage?by=colour").status, 400u);
  EXPECT_EQ(c.request("GET", "/admin/usage?format=xml").status, 400u);
  EXPECT_EQ(c.request("POST", "/admin/usage").status, 405u);
  const Response later = c.request("GET", "/admin/usage?since=2020-01-01&until=2020-01-02");
  ASSERT_EQ(later.status, 200u);
  EXPECT_EQ(later.json().at("total").at("requests").as_int64(), 0);
}

TEST_F(UsageTest, ConcurrentRequestsLoseNoRow) {
  GatewayHarness gw(single_account_yaml(), 2, state_path());
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool stream = (i + t) % 2 == 0;
        request(gw.port(), "POST", "/v1/chat/completions",
                chat("main",
                     stream ? R"(,"stream":true,"stream_options":{"include_usage":true})" : ""));
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(gw.gateway().usage().dropped(), 0u);
  gw.restart();
  const auto all = rows();
  ASSERT_EQ(all.size(), std::size_t(kThreads * kEach));
  for (const auto& row : all) {
    EXPECT_EQ(row.status, 200u);
    EXPECT_TRUE(row.usage) << row.streamed;  // the client asked for usage in its streams
    EXPECT_FALSE(row.cost_usd);              // a local server's model the catalog lacks
  }
}

}  // namespace
}  // namespace sb::test
