// The request path end to end on loopback: client -> gateway -> fake provider, with real
// sockets. Covers the answer shapes (whole and streamed), that events reach the client while the
// upstream is still sending, keep-alive reuse upstream, and every error case of the foundation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/gateway_harness.h"
#include "support/http_client.h"

namespace sb::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::string chat_body(const std::string& model, bool stream = false, std::string extra = "") {
  return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Hello there"}])" +
         (stream ? R"(,"stream":true)" : "") + extra + "}";
}

void expect_openai_error(const Response& r, unsigned status, std::string_view type) {
  EXPECT_EQ(r.status, status) << r.body;
  auto doc = r.json();
  ASSERT_TRUE(doc.is_object()) << r.body;
  const auto& error = doc.at("error").as_object();
  EXPECT_TRUE(error.at("message").is_string());
  EXPECT_FALSE(error.at("message").as_string().empty());
  EXPECT_EQ(error.at("type").as_string(), type) << r.body;
  EXPECT_TRUE(error.contains("param"));
  EXPECT_TRUE(error.contains("code"));
}

class GatewayTest : public ::testing::Test {
 protected:
  void start(const std::string& yaml) { gw = std::make_unique<GatewayHarness>(yaml); }
  Response post(const std::string& body, const Headers& headers = {}, RequestOptions options = {}) {
    return request(gw->port(), "POST", "/v1/chat/completions", body, headers, options);
  }
  std::unique_ptr<GatewayHarness> gw;
};

TEST_F(GatewayTest, NonStreamingAnswerComesFromTheGroupsDeployment) {
  start(single_account_yaml());
  auto r = post(chat_body("main"), {{"Authorization", "Bearer client-key-not-forwarded"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-deployment"), "fake/gpt-4o-mini");
  EXPECT_EQ(r.header("x-switchboard-group"), "main");
  auto doc = r.json();
  EXPECT_EQ(doc.at("object").as_string(), "chat.completion");
  EXPECT_EQ(doc.at("model").as_string(), "gpt-4o-mini");  // the model was rewritten
  std::string content(doc.at("choices").at(0).at("message").at("content").as_string());
  // The fake names the key it was called with: the account's, never the client's.
  EXPECT_NE(content.find("sk-alpha"), std::string::npos) << content;
  EXPECT_EQ(content.find("client-key"), std::string::npos) << content;
  EXPECT_TRUE(doc.at("usage").at("prompt_tokens").is_int64());
  // Upstream headers pass through.
  EXPECT_TRUE(r.has_header("x-ratelimit-remaining-requests"));
  EXPECT_EQ(gw->fake().stats().by_key["sk-alpha"], 1u);
}

TEST_F(GatewayTest, KeylessLocalServerIsSelectedAndSentNoKeyAtAll) {
  start(
      "accounts:\n  local: {type: openai-compatible, base_url: \"{FAKE}\"}\n"
      "groups:\n  main: [local/qwen3]\n");
  // The fake insists on a key as OpenAI does, so its 401 proves that neither an account key
  // nor the client's own key went upstream.
  auto r = post(chat_body("main"), {{"Authorization", "Bearer client-key"}});
  EXPECT_EQ(r.header("x-switchboard-failover"), "local/qwen3=auth_failed");
  EXPECT_EQ(r.status, 502u) << r.body;
  EXPECT_NE(r.body.find("local/qwen3 failed: auth_failed, cooling until "), std::string::npos)
      << r.body;
}

TEST_F(GatewayTest, UnknownFieldsReachTheUpstreamUntouched) {
  // The fake echoes nothing, so check the rewrite at the level that matters: the body still
  // parses upstream and extra fields do not disturb the answer.
  start(single_account_yaml());
  auto r = post(chat_body("main", false, R"(,"x_custom":{"deep":[1,2.50,"three"]},"n":1)"));
  EXPECT_EQ(r.status, 200u) << r.body;
}

TEST_F(GatewayTest, StreamingRelaysEveryEventThenDone) {
  start(single_account_yaml("gpt-4o-mini+chunks=4"));
  auto r = post(chat_body("main", true, R"(,"stream_options":{"include_usage":true})"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("content-type").substr(0, 17), "text/event-stream");
  EXPECT_EQ(r.header("x-switchboard-deployment"), "fake/gpt-4o-mini+chunks=4");
  auto events = r.sse_data();
  ASSERT_GE(events.size(), 7u);  // role, 4 content, finish, usage, [DONE]
  EXPECT_EQ(events.back(), "[DONE]");
  std::string text;
  bool saw_usage = false;
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    auto chunk = json::parse(events[i]).as_object();
    EXPECT_EQ(chunk.at("object").as_string(), "chat.completion.chunk");
    auto& choices = chunk.at("choices").as_array();
    if (choices.empty()) {
      saw_usage = chunk.at("usage").is_object();
      continue;
    }
    auto& delta = choices[0].at("delta").as_object();
    if (auto* c = delta.if_contains("content"); c && c->is_string()) text += c->as_string();
  }
  EXPECT_TRUE(saw_usage);
  EXPECT_NE(text.find("Hello from fake model"), std::string::npos) << text;
  EXPECT_TRUE(r.complete);
}

TEST_F(GatewayTest, EventsReachTheClientBeforeTheUpstreamHasFinished) {
  start(single_account_yaml("gpt-4o-mini+chunks=5+pace=150"));
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u) << r.body;
  ASSERT_GE(r.pieces.size(), 3u);
  // The first piece arrives while the upstream is still pacing out the rest (≥ 5 × 150 ms).
  auto first = r.pieces.front().at - r.sent_at;
  auto total = r.done_at - r.sent_at;
  EXPECT_LT(first, 400ms);
  EXPECT_GE(total, 600ms);
  EXPECT_GE(r.pieces.back().at - r.pieces.front().at, 500ms);
}

TEST_F(GatewayTest, KeepAliveConnectionsAreReusedUpstream) {
  start(single_account_yaml());
  Connection client(gw->port());
  for (int i = 0; i < 5; ++i) {
    auto r = client.request("POST", "/v1/chat/completions", chat_body("main"));
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_TRUE(r.keep_alive);
  }
  auto streamed = client.request("POST", "/v1/chat/completions", chat_body("main", true));
  ASSERT_EQ(streamed.status, 200u);
  EXPECT_EQ(client.connects(), 1u);
  auto stats = gw->fake().stats();
  EXPECT_EQ(stats.requests, 6u);
  EXPECT_EQ(stats.connections, 1u);  // one upstream connection carried all six
}

TEST_F(GatewayTest, ModelsListsGroupsThenDeployments) {
  start(single_account_yaml() + "  other: [fake/gpt-5, fake/gpt-4o-mini]\ndefault_group: main\n");
  auto r = request(gw->port(), "GET", "/v1/models");
  ASSERT_EQ(r.status, 200u);
  auto doc = r.json();
  EXPECT_EQ(doc.at("object").as_string(), "list");
  auto& data = doc.at("data").as_array();
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data[0].at("id").as_string(), "main");
  EXPECT_EQ(data[0].at("object").as_string(), "model");
  EXPECT_TRUE(data[0].at("switchboard").at("default").as_bool());
  EXPECT_EQ(data[1].at("id").as_string(), "other");
  EXPECT_EQ(data[2].at("id").as_string(), "fake/gpt-4o-mini");
  EXPECT_EQ(data[3].at("id").as_string(), "fake/gpt-5");
}

TEST_F(GatewayTest, ModelsCarryWhatTheCatalogAndTheConfigKnow) {
  start(two_dialect_yaml("sk-ant", "sk-oai", "[claude/claude-sonnet-4-5, openai/qwen3:8b]") +
        "models:\n  openai/qwen3:8b: {context_window: 32768}\n");
  auto r = request(gw->port(), "GET", "/v1/models");
  ASSERT_EQ(r.status, 200u);
  auto doc = r.json();
  auto& data = doc.at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0].at("id").as_string(), "main");
  EXPECT_EQ(data[0].at("context_window").as_int64(), 200000);  // the widest member's
  EXPECT_EQ(data[1].at("id").as_string(), "claude/claude-sonnet-4-5");
  EXPECT_EQ(data[1].at("context_window").as_int64(), 200000);
  EXPECT_EQ(data[1].at("max_output").as_int64(), 64000);
  EXPECT_EQ(data[1].at("price").at("input").to_number<double>(), 3.0);
  EXPECT_EQ(data[1].at("price").at("output").to_number<double>(), 15.0);
  EXPECT_TRUE(data[1].at("tools").as_bool());
  EXPECT_EQ(data[2].at("id").as_string(), "openai/qwen3:8b");  // a local model: free
  EXPECT_EQ(data[2].at("context_window").as_int64(), 32768);   // the config's word
  EXPECT_EQ(data[2].at("price").at("input").to_number<double>(), 0.0);
}

TEST_F(GatewayTest, HealthzAnswers) {
  start(single_account_yaml());
  auto r = request(gw->port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("status").as_string(), "ok");
}

TEST_F(GatewayTest, MalformedJsonIs400) {
  start(single_account_yaml());
  expect_openai_error(post(R"({"model":"main","messages":[)"), 400, "invalid_request_error");
}

TEST_F(GatewayTest, WrongFieldTypeIs400NamingTheField) {
  start(single_account_yaml());
  auto r = post(R"({"model":"main","messages":"hello"})");
  expect_openai_error(r, 400, "invalid_request_error");
  EXPECT_EQ(r.json().at("error").at("param").as_string(), "messages");
}

TEST_F(GatewayTest, UnknownModelIs400NamingTheKnownGroups) {
  start(single_account_yaml());
  auto r = post(chat_body("no-such-model"));
  expect_openai_error(r, 400, "invalid_request_error");
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "model_not_found");
  EXPECT_NE(std::string(r.json().at("error").at("message").as_string()).find("main"),
            std::string::npos);
  auto missing = post(R"({"messages":[]})");
  expect_openai_error(missing, 400, "invalid_request_error");
  EXPECT_EQ(missing.json().at("error").at("param").as_string(), "model");
}

TEST_F(GatewayTest, UnknownModelGoesToTheDefaultGroupAndSaysSo) {
  start(single_account_yaml() + "default_group: main\n");
  auto r = post(chat_body("gpt-3.5-turbo"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-group"), "main");
  EXPECT_EQ(r.header("x-switchboard-resolved-by"), "default_group");
}

TEST_F(GatewayTest, BodyTooLargeIs413) {
  start("server: {max_body: 4KiB}\n" + single_account_yaml());
  std::string big = chat_body("main", false, R"(,"pad":")" + std::string(8000, 'x') + "\"");
  expect_openai_error(post(big), 413, "invalid_request_error");
  EXPECT_EQ(gw->fake().stats().requests, 0u);
}

TEST_F(GatewayTest, ChunkedBodyTooLargeIs413) {
  start("server: {max_body: 4KiB}\n" + single_account_yaml());
  std::string chunked = "1f40\r\n" + std::string(8000, 'x') + "\r\n0\r\n\r\n";
  expect_openai_error(post(chunked, {{"Transfer-Encoding", "chunked"}}), 413,
                      "invalid_request_error");
  EXPECT_EQ(gw->fake().stats().requests, 0u);
}

TEST_F(GatewayTest, HeadersTooLargeAre413) {
  start("server: {max_header: 2KiB}\n" + single_account_yaml());
  auto r = post(chat_body("main"), {{"X-Filler", std::string(4000, 'h')}});
  expect_openai_error(r, 413, "invalid_request_error");
}

TEST_F(GatewayTest, UnreachableUpstreamIs502) {
  start(
      "policy: {retries: 0}\n"
      "accounts:\n"
      "  gone: {type: openai-compatible, base_url: \"http://127.0.0.1:1/v1\", api_key: k}\n"
      "groups:\n  main: [gone/m]\n");
  auto r = post(chat_body("main"));
  expect_openai_error(r, 502, "upstream_error");
  EXPECT_EQ(r.header("x-switchboard-failover"), "gone/m=server_error");
  EXPECT_NE(r.body.find("gone/m failed: server_error, cooling until "), std::string::npos)
      << r.body;
}

TEST_F(GatewayTest, UpstreamFirstByteTimeoutIsA502NamingIt) {
  start("policy: {timeouts: {first_byte: 300ms}}\n" + single_account_yaml("gpt-4o-mini+stall"));
  auto r = post(chat_body("main"));
  expect_openai_error(r, 502, "upstream_error");
  EXPECT_NE(std::string(r.json().at("error").at("message").as_string()).find("first-byte timeout"),
            std::string::npos)
      << r.body;
  EXPECT_LT(r.done_at - r.sent_at, 1500ms);  // a stall is not retried
}

TEST_F(GatewayTest, IdleUpstreamBeforeTheFirstContentIsAPlainError) {
  // The role chunk comes at once, the first content only after 600 ms: the idle limit strikes
  // while the response is still held back, so the client gets a plain 502, not a broken 200.
  start("policy: {retries: 0, timeouts: {idle: 200ms}}\n" +
        single_account_yaml("gpt-4o-mini+pace=600"));
  auto r = post(chat_body("main", true));
  expect_openai_error(r, 502, "upstream_error");
  EXPECT_NE(r.body.find("idle timeout"), std::string::npos) << r.body;
  EXPECT_LT(r.done_at - r.sent_at, 1500ms);
}

TEST_F(GatewayTest, TotalTimeoutBoundsTheWholeRequest) {
  start("policy: {timeouts: {total: 400ms}}\n" +
        single_account_yaml("gpt-4o-mini+pace=100+chunks=20"));
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u);
  EXPECT_NE(r.sse_data().back(), "[DONE]");
  EXPECT_NE(r.body.find("total time limit"), std::string::npos) << r.body;
  EXPECT_LT(r.done_at - r.sent_at, 1500ms);
}

TEST_F(GatewayTest, ALoneDeploymentsFailureIsReportedWithTheProvidersCode) {
  start(single_account_yaml("gpt-4o-mini+quota"));
  auto r = post(chat_body("main"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_TRUE(r.has_header("retry-after"));
  EXPECT_NE(r.body.find("429 insufficient_quota"), std::string::npos) << r.body;
  start("policy: {retries: 0}\n" + single_account_yaml("gpt-4o-mini+error=500"));
  EXPECT_EQ(post(chat_body("main")).status, 502u);
}

TEST_F(GatewayTest, StreamCutMidwayEndsWithAnErrorEventNotDone) {
  start(single_account_yaml("gpt-4o-mini+drop=2"));
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u);
  auto events = r.sse_data();
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back(), "[DONE]");
  auto last = json::parse(events.back());
  EXPECT_TRUE(last.as_object().contains("error")) << events.back();
}

TEST_F(GatewayTest, StreamCutBeforeAnyContentIsAPlainHttpError) {
  start("policy: {retries: 0}\n" + single_account_yaml("gpt-4o-mini+drop=0"));
  auto r = post(chat_body("main", true));
  // Only the role chunk had come: nothing was committed, so the client gets a real status.
  expect_openai_error(r, 502, "upstream_error");
  EXPECT_EQ(r.header("x-switchboard-failover"), "fake/gpt-4o-mini+drop=0=server_error");
}

TEST_F(GatewayTest, UpstreamErrorEventBeforeContentIsAPlainErrorNamingIt) {
  start("policy: {retries: 0}\n" + single_account_yaml("gpt-4o-mini+midstream_error=0"));
  auto r = post(chat_body("main", true));
  EXPECT_EQ(r.status, 502u) << r.body;
  EXPECT_EQ(r.header("x-switchboard-failover"), "fake/gpt-4o-mini+midstream_error=0=server_error");
  EXPECT_NE(r.body.find("(stream server_error)"), std::string::npos) << r.body;
}

TEST_F(GatewayTest, UpstreamErrorEventAfterContentIsRelayedOnceAndEndsTheStream) {
  start(single_account_yaml("gpt-4o-mini+midstream_error=2"));
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u);
  auto events = r.sse_data();
  int errors = 0;
  for (const auto& e : events) errors += e.find("\"error\"") != std::string::npos;
  EXPECT_EQ(errors, 1);
  EXPECT_NE(events.back().find("Provider disconnected"), std::string::npos) << events.back();
  EXPECT_TRUE(r.complete);  // a proper end of the chunked body, after the error event
}

TEST_F(GatewayTest, RoleChunkIsHeldBackUntilTheFirstContent) {
  start(single_account_yaml("gpt-4o-mini+pace=200+chunks=2"));
  auto r = post(chat_body("main", true));
  ASSERT_EQ(r.status, 200u);
  ASSERT_FALSE(r.pieces.empty());
  auto first = sse_data(r.pieces.front().data);
  ASSERT_EQ(first.size(), 2u) << r.pieces.front().data;  // role chunk + first content, together
  EXPECT_NE(first[0].find("\"role\""), std::string::npos);
  EXPECT_NE(first[1].find("\"content\""), std::string::npos);
}

TEST_F(GatewayTest, WrongMethodAndPathGetOpenAiErrors) {
  start(single_account_yaml());
  expect_openai_error(request(gw->port(), "GET", "/v1/chat/completions"), 405,
                      "invalid_request_error");
  expect_openai_error(request(gw->port(), "GET", "/nope"), 404, "invalid_request_error");
}

TEST_F(GatewayTest, SlowClientIsDroppedAndTheServerStaysResponsive) {
  start("server: {client_timeout: 300ms}\n" + single_account_yaml());
  // Announce a body and never send it.
  auto stalled = request(gw->port(), "POST", "/v1/chat/completions", "",
                         {{"Content-Length", "100"}}, RequestOptions{2000ms});
  EXPECT_EQ(stalled.status, 0u);
  EXPECT_LT(stalled.done_at - stalled.sent_at, 1500ms);
  EXPECT_EQ(post(chat_body("main")).status, 200u);
}

TEST_F(GatewayTest, ServesManyConcurrentClients) {
  start(single_account_yaml("gpt-4o-mini+pace=20"));
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&] {
      if (post(chat_body("main", true)).status == 200u) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 16);
}

}  // namespace
}  // namespace sb::test
