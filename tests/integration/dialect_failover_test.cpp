// An OpenAI Chat client served by an Anthropic deployment, end to end on loopback: the request is
// translated to Messages, the answer (whole or streamed, tool calls included) back to Chat, and
// failover crosses dialects both ways. The fake provider speaks both (docs/fake_provider.md).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/gateway_harness.h"
#include "support/http_client.h"

namespace sb::test {
namespace {

namespace json = boost::json;

std::string chat_body(const std::string& model, const std::string& extra = "") {
  return R"({"model":")" + model + R"(","messages":[{"role":"system","content":"Be brief."},)" +
         R"({"role":"user","content":"Hello there"}])" + extra + "}";
}

class DialectTest : public GatewayTest {
 protected:
  Response post(const std::string& body) {
    return request(gw->port(), "POST", "/v1/chat/completions", body);
  }
};

TEST_F(DialectTest, AnAnthropicDeploymentAnswersAnOpenAiClient) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("object").as_string(), "chat.completion");
  const std::string content(doc.at("choices").at(0).at("message").at("content").as_string());
  EXPECT_NE(content.find("claude-sonnet-4-5"), std::string::npos) << content;
  EXPECT_NE(content.find("sk-ant"), std::string::npos) << content;  // the account's key, sent
  EXPECT_EQ(doc.at("choices").at(0).at("finish_reason").as_string(), "stop");
  EXPECT_GT(doc.at("usage").at("prompt_tokens").as_int64(), 0);
  EXPECT_EQ(calls("sk-ant"), 1u);
}

TEST_F(DialectTest, AnAnthropicStreamArrivesAsOpenAiChunks) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5+chunks=3]"));
  auto r = post(chat_body("main", R"(,"stream":true,"stream_options":{"include_usage":true})"));
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto events = r.sse_data();
  ASSERT_GE(events.size(), 4u) << r.body;
  EXPECT_EQ(events.back(), "[DONE]");
  std::string text;
  bool usage = false;
  std::string finish;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    const json::value chunk = json::parse(events[i]);
    EXPECT_EQ(chunk.at("object").as_string(), "chat.completion.chunk");
    const auto& choices = chunk.at("choices").as_array();
    if (choices.empty()) {
      usage = chunk.at("usage").at("completion_tokens").as_int64() > 0;
      continue;
    }
    const auto& delta = choices[0].at("delta").as_object();
    if (const auto* c = delta.if_contains("content")) text += c->as_string();
    if (!choices[0].at("finish_reason").is_null()) {
      finish = choices[0].at("finish_reason").as_string();
    }
  }
  EXPECT_NE(text.find("claude-sonnet-4-5"), std::string::npos) << text;
  EXPECT_EQ(finish, "stop");
  EXPECT_TRUE(usage) << r.body;
}

TEST_F(DialectTest, ToolCallsComeBackInOpenAiShape) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  const std::string tools =
      R"(,"tools":[{"type":"function","function":{"name":"get_weather","parameters":)"
      R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}])";
  auto whole = post(chat_body("main", tools));
  ASSERT_EQ(whole.status, 200u) << whole.body;
  const json::value doc = whole.json();
  const auto& call = doc.at("choices").at(0).at("message").at("tool_calls").at(0);
  EXPECT_EQ(call.at("function").at("name").as_string(), "get_weather");
  EXPECT_TRUE(json::parse(call.at("function").at("arguments").as_string()).is_object());
  EXPECT_EQ(doc.at("choices").at(0).at("finish_reason").as_string(), "tool_calls");

  auto streamed = post(chat_body("main", tools + R"(,"stream":true)"));
  ASSERT_EQ(streamed.status, 200u) << streamed.body;
  std::string arguments;
  std::string name;
  for (const auto& e : streamed.sse_data()) {
    if (e == "[DONE]") continue;
    const json::value chunk = json::parse(e);
    const auto& delta = chunk.at("choices").at(0).at("delta").as_object();
    const auto* calls = delta.if_contains("tool_calls");
    if (!calls) continue;
    const auto& fn = calls->at(0).at("function").as_object();
    if (const auto* n = fn.if_contains("name")) name = n->as_string();
    arguments += fn.at("arguments").as_string();
  }
  EXPECT_EQ(name, "get_weather");
  EXPECT_TRUE(json::parse(arguments).is_object()) << arguments;
}

TEST_F(DialectTest, FailoverCrossesDialectsBothWays) {
  start(two_dialect_yaml("sk-ant+overloaded", "sk-oai",
                         "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]",
                         "policy: {retries: 0}\n"));
  auto r = post(chat_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=overloaded");

  start(
      two_dialect_yaml("sk-ant", "sk-oai+quota", "[openai/gpt-4o-mini, claude/claude-sonnet-4-5]"));
  r = post(chat_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
  EXPECT_EQ(r.header("x-switchboard-failover"), "openai/gpt-4o-mini=quota_exhausted");
  EXPECT_EQ(r.sse_data().back(), "[DONE]");
}

TEST_F(DialectTest, AnAnthropicStreamFailingBeforeContentFailsOverInvisibly) {
  start(two_dialect_yaml("sk-ant+midstream_error=0", "sk-oai",
                         "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]",
                         "policy: {retries: 0}\n"));
  auto r = post(chat_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=overloaded");
  EXPECT_EQ(r.sse_data().back(), "[DONE]");
}

TEST_F(DialectTest, AnAnthropicStreamFailingAfterContentEndsInAnOpenAiErrorEvent) {
  start(two_dialect_yaml("sk-ant+midstream_error=2", "sk-oai",
                         "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]",
                         "policy: {retries: 0}\n"));
  auto r = post(chat_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u);
  const auto events = r.sse_data();
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back(), "[DONE]");
  EXPECT_EQ(json::parse(events.back()).at("error").at("message").as_string(), "Overloaded");
  EXPECT_EQ(calls("sk-oai"), 0u);
}

TEST_F(DialectTest, AnthropicErrorsReachTheClientInOpenAiShape) {
  start(two_dialect_yaml("sk-ant+error=400", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto r = post(chat_body("main"));
  EXPECT_EQ(r.status, 400u) << r.body;
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("error").at("type").as_string(), "invalid_request_error") << r.body;
  EXPECT_TRUE(doc.at("error").at("message").is_string());
  EXPECT_FALSE(doc.as_object().contains("type")) << "not Anthropic's shape: " << r.body;
}

TEST_F(DialectTest, ARequestNoAnthropicDeploymentCanTakeIsRefusedNamingTheField) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto r = post(chat_body("main", R"(,"n":2)"));
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(r.json().at("error").at("param").as_string(), "n");
  EXPECT_EQ(calls("sk-ant"), 0u);

  // With an OpenAI deployment in the group, that one serves it.
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]"));
  r = post(chat_body("main", R"(,"n":2)"));
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=untranslatable");
}

// The catalog knows claude-sonnet-4-5 (64000 tokens of output at most); the config may say more.
TEST_F(DialectTest, AnAnthropicDeploymentsTokenLimitComesFromTheCatalogAndConfig) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  const auto sent_max_tokens = [&] {
    return json::parse(gw->fake().stats().last_body).at("max_tokens").as_int64();
  };
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  EXPECT_EQ(sent_max_tokens(), 32000);  // the model's max output, capped as agents ask
  ASSERT_EQ(post(chat_body("main", R"(,"max_completion_tokens":100000)")).status, 200u);
  EXPECT_EQ(sent_max_tokens(), 64000);  // lowered to what the model allows: no 400
  ASSERT_EQ(post(chat_body("main", R"(,"max_tokens":500)")).status, 200u);
  EXPECT_EQ(sent_max_tokens(), 500);

  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]") +
        "models:\n  claude/claude-sonnet-4-5: {max_output: 2000}\n");
  ASSERT_EQ(post(chat_body("main", R"(,"max_tokens":5000)")).status, 200u);
  EXPECT_EQ(sent_max_tokens(), 2000);
}

TEST_F(DialectTest, ADeploymentTheConfigSaysLacksToolsIsSkippedForAToolRequest) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]") +
        "models:\n  claude-sonnet-4-5: {tools: false}\n");
  const std::string tools =
      R"(,"tools":[{"type":"function","function":{"name":"now","parameters":{"type":"object"}}}])";
  auto r = post(chat_body("main", tools));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=lacks:tools");
  EXPECT_EQ(calls("sk-ant"), 0u);
  // Without tools it is eligible again.
  r = post(chat_body("main"));
  EXPECT_EQ(r.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
}

}  // namespace
}  // namespace sb::test
