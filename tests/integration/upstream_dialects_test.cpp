// Gemini deployments and the OpenAI Responses surface, end to end on loopback against the fake
// provider's Gemini and Responses dialects: Gemini's quota and rate-limit answers (429
// RESOURCE_EXHAUSTED with RetryInfo) fail over and cool in its own words; its streams, which end
// by closing, reach clients with their dialect's terminator, and a Gemini stream cut short never
// looks complete; a Responses client passes through to an `openai` deployment and is translated
// for every other, failing over across dialects in Responses events.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/gateway_harness.h"
#include "support/http_client.h"

namespace sb::test {
namespace {

namespace json = boost::json;

// Four accounts on the fake, one per upstream dialect the gateway speaks.
std::string four_dialect_yaml(const std::string& group) {
  return "accounts:\n"
         "  claude: {type: anthropic, base_url: \"{FAKE_HOST}\", api_key: sk-ant}\n"
         "  local: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-local}\n"
         "  gemini: {type: gemini, base_url: \"{FAKE_HOST}\", api_key: gm-key}\n"
         "  oai: {type: openai, base_url: \"{FAKE}\", api_key: sk-oai}\n"
         "groups:\n"
         "  main: " +
         group + "\n";
}

const std::string kChat =
    R"({"model":"main","messages":[{"role":"user","content":"Hello there"}]})";
const std::string kChatStream =
    R"({"model":"main","stream":true,"messages":[{"role":"user","content":"Hello there"}]})";

std::string responses_body(const std::string& extra = "") {
  return R"({"model":"main","instructions":"Be brief.","input":"Hello there")" + extra + "}";
}

// The `type` of each event of a Responses or Anthropic stream, in order.
std::vector<std::string> event_types(const Response& r) {
  std::vector<std::string> out;
  for (const auto& data : r.sse_data()) {
    if (data == "[DONE]") continue;
    out.emplace_back(json::parse(data).at("type").as_string());
  }
  return out;
}

class UpstreamDialectsTest : public GatewayTest {
 protected:
  void start(const std::string& group) { GatewayTest::start(four_dialect_yaml(group)); }
  Response chat(const std::string& body) {
    return request(gw->port(), "POST", "/v1/chat/completions", body);
  }
  Response responses(const std::string& body) {
    return request(gw->port(), "POST", "/v1/responses", body);
  }
};

TEST_F(UpstreamDialectsTest, AGeminiDeploymentAnswersAChatClient) {
  start("[gemini/gemini-2.5-flash]");
  auto r = chat(kChat);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "gemini/gemini-2.5-flash");
  const json::value doc = r.json();
  const std::string text(doc.at("choices").at(0).at("message").at("content").as_string());
  EXPECT_NE(text.find("gemini-2.5-flash"), std::string::npos) << text;
  EXPECT_NE(text.find("gm-key"), std::string::npos) << text;  // sent as x-goog-api-key
  EXPECT_GT(doc.at("usage").at("prompt_tokens").as_int64(), 0);
}

TEST_F(UpstreamDialectsTest, AGeminiDailyQuotaFailsOverAndCools) {
  start("[gemini/gemini-2.5-flash+quota, claude/claude-sonnet-4-5]");
  auto first = chat(kChat);
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(first.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
  EXPECT_EQ(first.header("x-switchboard-failover"),
            "gemini/gemini-2.5-flash+quota=quota_exhausted");
  // Its short RetryInfo is not the quota's reset: the deployment is not tried again.
  auto second = chat(kChat);
  ASSERT_EQ(second.status, 200u);
  EXPECT_EQ(second.header("x-switchboard-failover"),
            "gemini/gemini-2.5-flash+quota=cooling:quota_exhausted");
  EXPECT_EQ(calls("gm-key"), 1u);
}

TEST_F(UpstreamDialectsTest, AGeminiRateLimitFailsOverAsARateLimit) {
  start("[gemini/gemini-2.5-flash+ratelimit=30, local/gpt-4o-mini]");
  auto r = chat(kChat);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "local/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"),
            "gemini/gemini-2.5-flash+ratelimit=30=rate_limited");
}

TEST_F(UpstreamDialectsTest, AGeminiStreamEndsWithTheClientsTerminator) {
  start("[gemini/gemini-2.5-flash+chunks=3]");
  auto r = chat(kChatStream);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto events = r.sse_data();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "[DONE]");  // Gemini itself sends none: it closes
  auto messages = request(gw->port(), "POST", "/v1/messages",
                          R"({"model":"main","max_tokens":64,"stream":true,)"
                          R"("messages":[{"role":"user","content":"Hi"}]})");
  ASSERT_EQ(messages.status, 200u) << messages.body;
  const auto types = event_types(messages);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), "message_start");
  EXPECT_EQ(types.back(), "message_stop");
}

TEST_F(UpstreamDialectsTest, AGeminiStreamCutAfterTheAnswerStartedEndsInAnError) {
  start("[gemini/gemini-2.5-flash+chunks=5+drop=2, local/gpt-4o-mini]");
  auto r = chat(kChatStream);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "gemini/gemini-2.5-flash+chunks=5+drop=2");
  const auto events = r.sse_data();
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back(), "[DONE]");
  EXPECT_TRUE(json::parse(events.back()).as_object().contains("error")) << r.body;
}

TEST_F(UpstreamDialectsTest, AResponsesClientPassesThroughToAnOpenAiDeployment) {
  start("[oai/gpt-4o-mini]");
  auto r = responses(responses_body(R"(,"reasoning":{"effort":"low"},"store":false)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("object").as_string(), "response");
  EXPECT_EQ(doc.at("model").as_string(), "gpt-4o-mini");
  // The fake's own answer, reasoning item included: nothing was translated on the way.
  EXPECT_EQ(doc.at("output").at(0).at("type").as_string(), "reasoning");
  EXPECT_EQ(calls("sk-oai"), 1u);
}

TEST_F(UpstreamDialectsTest, AResponsesClientFailsOverAcrossDialectsInResponsesEvents) {
  start("[oai/gpt-4o-mini+quota, gemini/gemini-2.5-flash+chunks=3]");
  auto r = responses(responses_body(R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "gemini/gemini-2.5-flash+chunks=3");
  EXPECT_EQ(r.header("x-switchboard-failover"), "oai/gpt-4o-mini+quota=quota_exhausted");
  const auto types = event_types(r);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), "response.created");
  EXPECT_EQ(types.back(), "response.completed");
  EXPECT_GE(std::count(types.begin(), types.end(), "response.output_text.delta"), 2);
}

TEST_F(UpstreamDialectsTest, AResponsesStreamFailingAfterItStartedEndsWithResponseFailed) {
  for (const std::string deployment :
       {"oai/gpt-4o-mini+midstream_error=2", "claude/claude-sonnet-4-5+midstream_error=2"}) {
    start("[" + deployment + "]");
    auto r = responses(responses_body(R"(,"stream":true)"));
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto types = event_types(r);
    ASSERT_FALSE(types.empty()) << deployment;
    EXPECT_EQ(types.back(), "response.failed") << deployment << "\n" << r.body;
    EXPECT_EQ(std::count(types.begin(), types.end(), "response.completed"), 0) << deployment;
  }
}

TEST_F(UpstreamDialectsTest, AResponsesClientGetsErrorsInOpenAiWords) {
  start("[claude/claude-sonnet-4-5]");
  auto r = responses(R"({"model":"main","input":42})");
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(r.json().at("error").at("param").as_string(), "input");
  // What another dialect cannot continue is refused, not silently dropped.
  auto stored = responses(responses_body(R"(,"previous_response_id":"resp_1")"));
  EXPECT_EQ(stored.status, 400u) << stored.body;
  EXPECT_EQ(stored.json().at("error").at("param").as_string(), "previous_response_id");
}

}  // namespace
}  // namespace sb::test
