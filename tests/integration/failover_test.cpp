// Failover end to end on loopback (SPEC §3): the gateway walks a group across real sockets to the
// fake provider, whose per-key counters prove which deployments were touched. Covers the
// invisible failover (whole and streamed), cooldowns that keep a deployment untouched across
// requests and across a restart, the committed-stream rule, the exhausted answers, and the admin
// API that shows and changes routing state.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;

std::string chat_body(const std::string& model, bool stream = false) {
  return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Hello there"}])" +
         (stream ? R"(,"stream":true)" : "") + "}";
}

// Accounts on the fake, each scripted by its key: `quota` is out of quota, `limited` rate
// limited for ten minutes, `ok` answers; `extra` goes first in the file (policy, server).
std::string three_accounts_yaml(const std::string& group, const std::string& extra = "") {
  return extra +
         "accounts:\n"
         "  quota:   {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-quota+quota}\n"
         "  limited: {type: openai-compatible, base_url: \"{FAKE}\", "
         "api_key: sk-limited+ratelimit=600}\n"
         "  ok:      {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-ok}\n"
         "groups:\n"
         "  main: " + group + "\n";
}

class FailoverTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_test_dir("switchboard-failover"); }
  void TearDown() override {
    gw.reset();
    fs::remove_all(dir_);
  }
  void start(const std::string& yaml, bool with_state = false) {
    gw = std::make_unique<GatewayHarness>(yaml, 1,
                                          with_state ? (dir_ / "state.db").string() : "");
  }
  Response post(const std::string& body, const Headers& headers = {}) {
    return request(gw->port(), "POST", "/v1/chat/completions", body, headers);
  }
  std::uint64_t calls(const std::string& key) { return gw->fake().stats().by_key[key]; }

  fs::path dir_;
  std::unique_ptr<GatewayHarness> gw;
};

TEST_F(FailoverTest, QuotaAndRateLimitFailOverToTheAccountThatAnswers) {
  start(three_accounts_yaml("[quota/gpt-4o-mini, limited/gpt-4o-mini, ok/gpt-4o-mini]"));
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "ok/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"),
            "quota/gpt-4o-mini=quota_exhausted,limited/gpt-4o-mini=rate_limited");
  // The answer is the ok account's own, untouched.
  EXPECT_NE(r.body.find("sk-ok"), std::string::npos) << r.body;
  EXPECT_EQ(calls("sk-quota"), 1u);
  EXPECT_EQ(calls("sk-limited"), 1u);  // rate_limited fails over at once: no retry
  EXPECT_EQ(calls("sk-ok"), 1u);

  // Both are cooling now: the next request skips them without a word to them.
  auto again = post(chat_body("main"));
  ASSERT_EQ(again.status, 200u);
  EXPECT_EQ(again.header("x-switchboard-failover"),
            "quota/gpt-4o-mini=cooling:quota_exhausted,"
            "limited/gpt-4o-mini=cooling:rate_limited");
  EXPECT_EQ(calls("sk-quota"), 1u);
  EXPECT_EQ(calls("sk-limited"), 1u);
  EXPECT_EQ(calls("sk-ok"), 2u);
}

TEST_F(FailoverTest, CooldownsSurviveARestart) {
  start(three_accounts_yaml("[quota/gpt-4o-mini, limited/gpt-4o-mini, ok/gpt-4o-mini]"), true);
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  gw->restart();
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "ok/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"),
            "quota/gpt-4o-mini=cooling:quota_exhausted,"
            "limited/gpt-4o-mini=cooling:rate_limited");
  EXPECT_EQ(calls("sk-quota"), 1u);
  EXPECT_EQ(calls("sk-limited"), 1u);
  EXPECT_EQ(calls("sk-ok"), 2u);
}

TEST_F(FailoverTest, AStreamCutBeforeItsFirstContentFailsOverToTheNext) {
  start("policy: {retries: 0}\n"
        "accounts:\n"
        "  cut: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-cut+drop=0}\n"
        "  ok:  {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-ok}\n"
        "groups:\n  main: [cut/m, ok/m]\n");
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "ok/m");
  EXPECT_EQ(r.header("x-switchboard-failover"), "cut/m=server_error");
  EXPECT_EQ(r.sse_data().back(), "[DONE]");
  EXPECT_EQ(calls("sk-cut"), 1u);
  EXPECT_EQ(calls("sk-ok"), 1u);
}

TEST_F(FailoverTest, AStreamCutAfterItsFirstContentEndsInAnErrorNeverACleanEnd) {
  start("policy: {retries: 0}\n"
        "accounts:\n"
        "  cut: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-cut+drop=2}\n"
        "  ok:  {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-ok}\n"
        "groups:\n  main: [cut/m, ok/m]\n");
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("x-switchboard-deployment"), "cut/m");
  auto events = r.sse_data();
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back(), "[DONE]");
  EXPECT_TRUE(json::parse(events.back()).as_object().contains("error")) << events.back();
  EXPECT_EQ(calls("sk-ok"), 0u);  // too late to switch: the answer had started
}

TEST_F(FailoverTest, AllCoolingIs429WithRetryAfterAndEveryReason) {
  start(three_accounts_yaml("[quota/gpt-4o-mini, limited/gpt-4o-mini]"));
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 429u) << r.body;
  // The earliest end is the rate limit's 600 s (the quota cools for the default hour).
  const int retry_after = std::stoi(r.header("retry-after"));
  EXPECT_GE(retry_after, 595);
  EXPECT_LE(retry_after, 600);
  const json::value doc = r.json();
  const auto& error = doc.at("error").as_object();
  EXPECT_EQ(error.at("type").as_string(), "rate_limit_error");
  EXPECT_EQ(error.at("code").as_string(), "all_deployments_cooling");
  const std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("quota/gpt-4o-mini quota_exhausted until 20"), std::string::npos)
      << message;
  EXPECT_NE(message.find("limited/gpt-4o-mini rate_limited until 20"), std::string::npos)
      << message;
  const auto& list = error.at("deployments").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("reason").as_string(), "quota_exhausted");
  EXPECT_EQ(list[1].at("reason").as_string(), "rate_limited");
  EXPECT_TRUE(list[1].at("until").is_string());
  EXPECT_EQ(r.header("x-switchboard-deployment"), "");

  // Still all cooling: skipped this time, and the same answer.
  auto again = post(chat_body("main"));
  EXPECT_EQ(again.status, 429u);
  EXPECT_EQ(calls("sk-quota"), 1u);
  EXPECT_EQ(calls("sk-limited"), 1u);
}

TEST_F(FailoverTest, AllFailingWithoutCooldownsIs502ListingEachFailure) {
  start("policy: {retries: 0, cooldown: {server_error: 0s}}\n"
        "accounts:\n"
        "  a: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-a+error=500}\n"
        "  b: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b+error=504}\n"
        "groups:\n  main: [a/m, b/m]\n");
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 502u) << r.body;
  EXPECT_FALSE(r.has_header("retry-after"));
  const json::value doc = r.json();
  const auto& error = doc.at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "no_deployment_available");
  const std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("a/m failed: server_error (500"), std::string::npos) << message;
  EXPECT_NE(message.find("b/m failed: server_error (504"), std::string::npos) << message;
  EXPECT_EQ(r.header("x-switchboard-failover"), "a/m=server_error,b/m=server_error");
}

TEST_F(FailoverTest, ABadRequestGoesBackToTheClientAsItIsWithoutFailover) {
  start("accounts:\n"
        "  a: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-a+error=400}\n"
        "  b: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b}\n"
        "groups:\n  main: [a/m, b/m]\n");
  auto r = post(chat_body("main"));
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "a/m");
  EXPECT_TRUE(r.json().at("error").is_object()) << r.body;  // the provider's own error
  EXPECT_EQ(calls("sk-b"), 0u);
}

TEST_F(FailoverTest, ContextTooLongEverywhereGivesTheClientTheProvidersOwnAnswer) {
  // Windows are unknown (no catalog entry), so the walk tries the next one, which refuses too:
  // the client gets the 400 context_length_exceeded its SDK understands, not a 502.
  start("accounts:\n"
        "  a: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-a+context}\n"
        "  b: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b+context}\n"
        "groups:\n  main: [a/m, b/m]\n");
  auto r = post(chat_body("main"));
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "context_length_exceeded");
  EXPECT_EQ(r.header("x-switchboard-deployment"), "b/m");
  EXPECT_EQ(r.header("x-switchboard-failover"), "a/m=context_too_long");
  EXPECT_EQ(calls("sk-a"), 1u);
  EXPECT_EQ(calls("sk-b"), 1u);
}

TEST_F(FailoverTest, ServerErrorsAreRetriedOnTheSameDeploymentBeforeFailingOver) {
  start("policy: {retries: 2, backoff: {base: 1ms, max: 5ms}}\n"
        "accounts:\n"
        "  a: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-a+overloaded}\n"
        "  b: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b}\n"
        "groups:\n  main: [a/m, b/m]\n");
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "b/m");
  EXPECT_EQ(r.header("x-switchboard-failover"), "a/m=overloaded");
  EXPECT_EQ(calls("sk-a"), 3u);  // one try and two retries
  EXPECT_EQ(calls("sk-b"), 1u);
}

TEST_F(FailoverTest, AFirstByteTimeoutFailsOverAtOnce) {
  start("policy: {retries: 2, timeouts: {first_byte: 200ms}}\n"
        "accounts:\n"
        "  slow: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-slow+stall}\n"
        "  b:    {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b}\n"
        "groups:\n  main: [slow/m, b/m]\n");
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-failover"), "slow/m=server_error");
  EXPECT_EQ(calls("sk-slow"), 1u);  // a stalled deployment stays stalled: no retry
  EXPECT_LT(r.done_at - r.sent_at, 1500ms);
}

TEST_F(FailoverTest, ABrokenDeploymentsCircuitOpensAndItIsSkipped) {
  // No cooldown for server errors: only the breaker keeps `a` out once it has seen enough.
  start("policy: {retries: 0, cooldown: {server_error: 0s},\n"
        "         circuit: {min_requests: 2, failure_rate: 0.5, open_for: 1h}}\n"
        "accounts:\n"
        "  a: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-a+error=500}\n"
        "  b: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-b}\n"
        "groups:\n  main: [a/m, b/m]\n");
  EXPECT_EQ(post(chat_body("main")).header("x-switchboard-failover"), "a/m=server_error");
  EXPECT_EQ(post(chat_body("main")).header("x-switchboard-failover"), "a/m=server_error");
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("x-switchboard-failover"), "a/m=circuit_open");
  EXPECT_EQ(calls("sk-a"), 2u);
  EXPECT_EQ(calls("sk-b"), 3u);
}

}  // namespace
}  // namespace sb::test
