// The Anthropic Messages surface, POST /v1/messages, end to end on loopback: passed through to
// Anthropic deployments, translated for OpenAI ones (whole, streamed, tools), errors and
// exhaustion in Anthropic's words, and seed 002's chain: an Anthropic client whose Anthropic
// deployment is out of quota gets its answer from an OpenAI deployment, streamed, in Anthropic
// events.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/gateway_harness.h"
#include "support/http_client.h"

namespace sb::test {
namespace {

namespace json = boost::json;

std::string messages_body(const std::string& model, const std::string& extra = "") {
  return R"({"model":")" + model + R"(","max_tokens":256,"system":"Be brief.",)" +
         R"("messages":[{"role":"user","content":"Hello there"}])" + extra + "}";
}

// The `event:` names of an SSE body, in order.
std::vector<std::string> event_names(const std::string& body) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = body.find("event: ", pos)) != std::string::npos) {
    const auto end = body.find('\n', pos);
    out.push_back(body.substr(pos + 7, end - pos - 7));
    pos = end;
  }
  return out;
}

// The text an Anthropic stream carried.
std::string streamed_text(const Response& r) {
  std::string text;
  for (const auto& data : r.sse_data()) {
    const json::value e = json::parse(data);
    if (e.at("type").as_string() != "content_block_delta") continue;
    const auto& delta = e.at("delta").as_object();
    if (delta.at("type").as_string() == "text_delta") text += delta.at("text").as_string();
  }
  return text;
}

class MessagesSurfaceTest : public GatewayTest {
 protected:
  Response post(const std::string& body, const Headers& headers = {}) {
    Headers h = headers;
    h.emplace_back("anthropic-version", "2023-06-01");
    h.emplace_back("x-api-key", "client-key-not-forwarded");
    return request(gw->port(), "POST", "/v1/messages", body, h);
  }
};

TEST_F(MessagesSurfaceTest, AnAnthropicDeploymentGetsTheRequestAsItCame) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto r = post(messages_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "claude/claude-sonnet-4-5");
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("type").as_string(), "message");
  EXPECT_EQ(doc.at("model").as_string(), "claude-sonnet-4-5");  // the model was rewritten
  const std::string text(doc.at("content").at(0).at("text").as_string());
  EXPECT_NE(text.find("sk-ant"), std::string::npos) << text;  // the account's key, not the client's
  EXPECT_EQ(text.find("client-key"), std::string::npos) << text;
}

TEST_F(MessagesSurfaceTest, AnAnthropicStreamPassesThroughEventByEvent) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5+chunks=3]"));
  auto r = post(messages_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto names = event_names(r.body);
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "message_start");
  EXPECT_EQ(names.back(), "message_stop");
  EXPECT_NE(streamed_text(r).find("claude-sonnet-4-5"), std::string::npos) << r.body;
}

TEST_F(MessagesSurfaceTest, AnOpenAiDeploymentAnswersInAnthropicWords) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[openai/gpt-4o-mini]"));
  auto r = post(messages_body("main"));
  ASSERT_EQ(r.status, 200u) << r.body;
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("type").as_string(), "message");
  EXPECT_EQ(doc.at("role").as_string(), "assistant");
  const std::string text(doc.at("content").at(0).at("text").as_string());
  EXPECT_NE(text.find("gpt-4o-mini"), std::string::npos) << text;
  EXPECT_EQ(doc.at("stop_reason").as_string(), "end_turn");
  EXPECT_GT(doc.at("usage").at("input_tokens").as_int64(), 0);
}

TEST_F(MessagesSurfaceTest, OutOfQuotaAnthropicFailsOverToOpenAiStreamedInAnthropicEvents) {
  start(
      two_dialect_yaml("sk-ant+quota", "sk-oai", "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]"));
  auto r = post(messages_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-failover"), "claude/claude-sonnet-4-5=quota_exhausted");
  const auto names = event_names(r.body);
  ASSERT_FALSE(names.empty()) << r.body;
  EXPECT_EQ(names.front(), "message_start");
  EXPECT_EQ(names.back(), "message_stop");
  EXPECT_NE(streamed_text(r).find("gpt-4o-mini"), std::string::npos) << r.body;
  EXPECT_EQ(calls("sk-ant"), 1u);
  EXPECT_EQ(calls("sk-oai"), 1u);
}

TEST_F(MessagesSurfaceTest, AnAnthropicStreamFailingBeforeContentFailsOverInvisibly) {
  start(two_dialect_yaml("sk-ant+midstream_error=0", "sk-oai",
                         "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]",
                         "policy: {retries: 0}\n"));
  auto r = post(messages_body("main", R"(,"stream":true)"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "openai/gpt-4o-mini");
  const auto names = event_names(r.body);
  EXPECT_EQ(std::count(names.begin(), names.end(), "message_start"), 1) << r.body;
  EXPECT_EQ(names.back(), "message_stop");
}

TEST_F(MessagesSurfaceTest, ToolsWorkThroughAnOpenAiDeployment) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[openai/gpt-4o-mini]"));
  const std::string tools =
      R"(,"tools":[{"name":"get_weather","description":"Weather","input_schema":)"
      R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}])";
  auto r = post(messages_body("main", tools));
  ASSERT_EQ(r.status, 200u) << r.body;
  const json::value doc = r.json();
  EXPECT_EQ(doc.at("stop_reason").as_string(), "tool_use");
  bool found = false;
  for (const auto& block : doc.at("content").as_array()) {
    if (block.at("type").as_string() != "tool_use") continue;
    found = true;
    EXPECT_EQ(block.at("name").as_string(), "get_weather");
    EXPECT_TRUE(block.at("input").is_object());
  }
  EXPECT_TRUE(found) << r.body;
}

TEST_F(MessagesSurfaceTest, ErrorsAreInAnthropicShape) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto malformed = post("{not json");
  EXPECT_EQ(malformed.status, 400u);
  EXPECT_EQ(malformed.json().at("type").as_string(), "error") << malformed.body;
  EXPECT_EQ(malformed.json().at("error").at("type").as_string(), "invalid_request_error");
  auto wrong_method = request(gw->port(), "GET", "/v1/messages");
  EXPECT_EQ(wrong_method.status, 405u);
  EXPECT_EQ(wrong_method.json().at("type").as_string(), "error");

  start(two_dialect_yaml("sk-ant+ratelimit=600", "sk-oai+ratelimit=600",
                         "[claude/claude-sonnet-4-5, openai/gpt-4o-mini]"));
  auto exhausted = post(messages_body("main"));
  EXPECT_EQ(exhausted.status, 429u) << exhausted.body;
  EXPECT_TRUE(exhausted.has_header("retry-after"));
  const json::value doc = exhausted.json();
  EXPECT_EQ(doc.at("type").as_string(), "error");
  EXPECT_EQ(doc.at("error").at("type").as_string(), "rate_limit_error");
  EXPECT_EQ(doc.at("error").at("deployments").as_array().size(), 2u);
}

}  // namespace
}  // namespace sb::test

namespace sb::test {
namespace {

class CountTokensTest : public MessagesSurfaceTest {};

TEST_F(CountTokensTest, AnswersAnEstimateWithoutCallingAnyDeployment) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  const std::string short_body = messages_body("main");
  const std::string long_body =
      R"({"model":"main","messages":[{"role":"user","content":")" + std::string(4000, 'a') +
      R"("}],"tools":[{"name":"get_weather","input_schema":{"type":"object"}}]})";
  Headers h{{"anthropic-version", "2026-10-21"}, {"authorization", "Bearer client-key"}};
  auto small = request(gw->port(), "POST", "/v1/messages/count_tokens", short_body, h);
  auto large = request(gw->port(), "POST", "/v1/messages/count_tokens", long_body, h);
  ASSERT_EQ(small.status, 200u) << small.body;
  ASSERT_EQ(large.status, 200u) << large.body;
  EXPECT_EQ(small.header("x-switchboard-estimate"), "true");
  const auto few = small.json().at("input_tokens").as_int64();
  const auto many = large.json().at("input_tokens").as_int64();
  EXPECT_GT(few, 0);
  EXPECT_GE(many, 1000);  // 4,000 bytes of text
  EXPECT_GT(many, few);
  EXPECT_EQ(gw->fake().stats().requests, 0u);
}

TEST_F(CountTokensTest, ABadRequestIsRefusedInAnthropicWords) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5]"));
  auto r = request(gw->port(), "POST", "/v1/messages/count_tokens", R"({"model":"main"})", {});
  EXPECT_EQ(r.status, 400u) << r.body;
  EXPECT_EQ(r.json().at("type").as_string(), "error");
  auto get = request(gw->port(), "GET", "/v1/messages/count_tokens", "", {});
  EXPECT_EQ(get.status, 405u);
  EXPECT_EQ(get.json().at("error").at("type").as_string(), "invalid_request_error");
}

}  // namespace
}  // namespace sb::test
