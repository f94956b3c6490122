// The fake provider's Anthropic Messages dialect over real loopback sockets: the wire shapes of
// PROVIDERS.md §2 (message bodies, named stream events, error bodies, request-id and
// anthropic-ratelimit-* headers), Anthropic's auth and body checks, tool_use whole and streamed,
// every failure directive, and the shared stats. Each failure is also fed to the gateway's own
// classify(), so the fake and the classifier cannot drift apart. Each test starts its own
// FakeProvider on port 0; timing assertions use small paces and loose bounds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/net.h"
#include "fake_provider/fake_provider.h"
#include "routing/reset_time.h"
#include "support/classify_answer.h"
#include "support/http_client.h"
#include "support/sample_tools.h"

namespace sb::fake {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::Response;

constexpr std::string_view kVersion = "2023-06-01";

json::object messages_body(std::string_view model, bool stream = false) {
  json::object body{
      {"model", model},
      {"max_tokens", 1024},
      {"messages", json::array{json::object{{"role", "user"}, {"content", "Say hello"}}}}};
  if (stream) body["stream"] = true;
  return body;
}

json::object weather_tool() {
  return {{"name", "get_weather"},
          {"description", "Weather for a city"},
          {"input_schema", test::weather_schema()}};
}

json::object search_tool() { return {{"name", "search"}, {"input_schema", test::search_schema()}}; }

struct Event {
  std::string name;
  json::value data;
};

// The body's SSE events with their `event:` names, in order.
std::vector<Event> parse_events(const Response& r) {
  std::vector<Event> events;
  std::string_view rest = r.body;
  while (!rest.empty()) {
    auto end = rest.find("\n\n");
    const std::string_view block = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    Event e;
    std::string_view lines = block;
    while (!lines.empty()) {
      const auto nl = lines.find('\n');
      const std::string_view line = lines.substr(0, nl);
      lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
      if (line.rfind("event: ", 0) == 0) e.name = line.substr(7);
      if (line.rfind("data: ", 0) == 0) e.data = json::parse(line.substr(6));
    }
    if (!e.name.empty()) events.push_back(std::move(e));
  }
  return events;
}

std::vector<std::string> names_of(const std::vector<Event>& events) {
  std::vector<std::string> names;
  for (const auto& e : events) names.push_back(e.name);
  return names;
}

FailureClass class_of(const Response& r) {
  return test::classify_answer(ProviderType::Anthropic, r).cls;
}

class FakeAnthropicTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_ = FakeProvider::start(); }

  Response messages(std::string_view key, const json::object& body,
                    const test::RequestOptions& options = {}) {
    return test::request(
        fake_->port(), "POST", "/v1/messages", json::serialize(body),
        {{"x-api-key", std::string(key)}, {"anthropic-version", std::string(kVersion)}}, options);
  }

  FakeProviderPtr fake_;
};

// ---- normal answers ------------------------------------------------------------------------

TEST_F(FakeAnthropicTest, AnswersWithAMessageAndAnthropicHeaders) {
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Response r = messages("sk-ant-alpha", messages_body("claude-sonnet-4-5"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("request-id").rfind("req_011", 0), 0u);
  EXPECT_FALSE(r.has_header("x-request-id"));
  EXPECT_FALSE(r.has_header("openai-processing-ms"));
  EXPECT_FALSE(r.has_header("x-ratelimit-limit-requests"));
  EXPECT_FALSE(r.has_header("retry-after"));
  for (const char* family : {"requests", "tokens", "input-tokens", "output-tokens"}) {
    const std::string prefix = std::string("anthropic-ratelimit-") + family;
    EXPECT_FALSE(r.header(prefix + "-limit").empty()) << family;
    EXPECT_FALSE(r.header(prefix + "-remaining").empty()) << family;
    const auto reset = parse_rfc3339(r.header(prefix + "-reset"));
    ASSERT_TRUE(reset) << r.header(prefix + "-reset");
    EXPECT_GE(*reset, before);
    EXPECT_LE(*reset, before + 5s);
  }
  EXPECT_EQ(r.header("anthropic-ratelimit-requests-limit"), "4000");
  EXPECT_EQ(r.header("anthropic-ratelimit-requests-remaining"), "3999");

  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("id").as_string().subview().substr(0, 6), "msg_01");
  EXPECT_EQ(body.at("type"), "message");
  EXPECT_EQ(body.at("role"), "assistant");
  EXPECT_EQ(body.at("model"), "claude-sonnet-4-5");
  EXPECT_EQ(body.at("content"),
            (json::array{json::object{
                {"type", "text"},
                {"text", "Hello from fake model claude-sonnet-4-5 (key sk-ant-alpha)"}}}));
  EXPECT_EQ(body.at("stop_reason"), "end_turn");
  EXPECT_TRUE(body.at("stop_sequence").is_null());
  const auto& usage = body.at("usage");
  EXPECT_EQ(usage.at("input_tokens"), 3);  // ceil(len("Say hello") / 4)
  EXPECT_GT(usage.at("output_tokens").to_number<int>(), 0);
  EXPECT_EQ(usage.at("cache_creation_input_tokens"), 0);
  EXPECT_EQ(usage.at("cache_read_input_tokens"), 0);
}

TEST_F(FakeAnthropicTest, CountsTheSystemPromptAsInput) {
  auto body = messages_body("claude");
  body["system"] = json::array{json::object{{"type", "text"}, {"text", "Be brief, always."}}};
  const Response r = messages("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("usage").at("input_tokens"), 7);  // ceil((17 + 9) / 4)
}

TEST_F(FakeAnthropicTest, AcceptsBearerAndPrefersXApiKey) {
  const std::string body = json::serialize(messages_body("claude"));
  Response r = test::request(
      fake_->port(), "POST", "/v1/messages", body,
      {{"Authorization", "Bearer sk-ant-oat01-beta"}, {"anthropic-version", "2026-10-21"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json().at("content").at(0).at("text"),
            "Hello from fake model claude (key sk-ant-oat01-beta)");

  r = test::request(fake_->port(), "POST", "/v1/messages", body,
                    {{"Authorization", "Bearer bearer-key"},
                     {"x-api-key", "header-key"},
                     {"anthropic-version", std::string(kVersion)}});
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("content").at(0).at("text"),
            "Hello from fake model claude (key header-key)");
}

TEST_F(FakeAnthropicTest, RejectsAMissingKeyWith401) {
  const Response r =
      test::request(fake_->port(), "POST", "/v1/messages", json::serialize(messages_body("claude")),
                    {{"anthropic-version", std::string(kVersion)}});
  EXPECT_EQ(r.status, 401u);
  const auto body = r.json();
  EXPECT_EQ(body.at("type"), "error");
  EXPECT_EQ(body.at("error").at("type"), "authentication_error");
  EXPECT_EQ(body.at("error").at("message"), "x-api-key header is required");
  ASSERT_FALSE(r.header("request-id").empty());
  EXPECT_EQ(body.at("request_id").as_string(), r.header("request-id"));
  EXPECT_EQ(class_of(r), FailureClass::AuthFailed);
}

TEST_F(FakeAnthropicTest, RejectsAMissingVersionWith400) {
  const Response r = test::request(fake_->port(), "POST", "/v1/messages",
                                   json::serialize(messages_body("claude")), {{"x-api-key", "k"}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("type"), "invalid_request_error");
  EXPECT_EQ(r.json().at("error").at("message"), "anthropic-version: header is required");
  EXPECT_FALSE(r.header("request-id").empty());
}

TEST_F(FakeAnthropicTest, ValidatesTheBodyAsAnthropicDoes) {
  const auto message_of = [](const Response& r) {
    return std::string(r.json().at("error").at("message").as_string());
  };
  auto body = messages_body("claude");
  body.erase("max_tokens");
  Response r = messages("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("type"), "invalid_request_error");
  EXPECT_EQ(message_of(r), "max_tokens: Field required");

  body = messages_body("claude");
  body["max_tokens"] = "many";
  r = messages("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(message_of(r), "max_tokens: Input should be a valid integer");

  body = messages_body("claude");
  body.erase("model");
  r = messages("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(message_of(r), "model: Field required");

  body = messages_body("claude");
  body["messages"] = "hello";
  r = messages("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(message_of(r), "messages: Input should be a valid list");

  r = test::request(fake_->port(), "POST", "/v1/messages", "{not json",
                    {{"x-api-key", "k"}, {"anthropic-version", std::string(kVersion)}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("type"), "error");
  EXPECT_EQ(class_of(r), FailureClass::BadRequest);
}

// ---- streams -------------------------------------------------------------------------------

TEST_F(FakeAnthropicTest, StreamsTheRealEventSequence) {
  const Response r = messages("sk-ant-alpha", messages_body("claude+chunks=3", true));
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_FALSE(r.header("request-id").empty());
  EXPECT_TRUE(r.has_header("anthropic-ratelimit-requests-remaining"));

  const auto events = parse_events(r);
  EXPECT_EQ(
      names_of(events),
      (std::vector<std::string>{"message_start", "content_block_start", "ping",
                                "content_block_delta", "content_block_delta", "content_block_delta",
                                "content_block_stop", "message_delta", "message_stop"}));
  EXPECT_EQ(r.pieces.size(), events.size()) << "each event is its own HTTP chunk";
  for (const auto& e : events) EXPECT_EQ(e.data.at("type").as_string(), e.name);

  const auto& message = events[0].data.at("message");
  EXPECT_EQ(message.at("id").as_string().subview().substr(0, 6), "msg_01");
  EXPECT_EQ(message.at("role"), "assistant");
  EXPECT_TRUE(message.at("content").as_array().empty());
  EXPECT_TRUE(message.at("stop_reason").is_null());
  EXPECT_EQ(message.at("usage").at("input_tokens"), 3);
  EXPECT_EQ(events[1].data.at("content_block"), (json::object{{"type", "text"}, {"text", ""}}));

  std::string text;
  for (std::size_t i = 3; i < 6; ++i) {
    EXPECT_EQ(events[i].data.at("index"), 0);
    EXPECT_EQ(events[i].data.at("delta").at("type"), "text_delta");
    const auto& piece = events[i].data.at("delta").at("text").as_string();
    EXPECT_FALSE(piece.empty());
    text += piece;
  }
  EXPECT_EQ(text, "Hello from fake model claude (key sk-ant-alpha)");

  const auto& delta = events[7].data;
  EXPECT_EQ(delta.at("delta").at("stop_reason"), "end_turn");
  EXPECT_TRUE(delta.at("delta").at("stop_sequence").is_null());
  EXPECT_EQ(delta.at("usage").at("output_tokens").to_number<std::uint64_t>(),
            (text.size() + 3) / 4);
  EXPECT_EQ(events.back().name, "message_stop");
}

TEST_F(FakeAnthropicTest, MidstreamErrorSendsAnErrorEventAndNoMessageStop) {
  const Response r = messages("k", messages_body("claude+midstream_error=2", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete) << "the chunked body ends properly after the error event";
  const auto events = parse_events(r);
  EXPECT_EQ(names_of(events),
            (std::vector<std::string>{"message_start", "content_block_start", "ping",
                                      "content_block_delta", "content_block_delta", "error"}));
  EXPECT_EQ(events.back().data, json::parse(R"({"type":"error","error":{"type":"overloaded_error",)"
                                            R"("message":"Overloaded"}})"));
  EXPECT_EQ(test::classify_answer(ProviderType::Anthropic, r, true).cls, FailureClass::Overloaded);
}

TEST_F(FakeAnthropicTest, DropCutsTheStreamAfterNDeltas) {
  const Response r = messages("k", messages_body("claude+drop=1", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.error, http::error::partial_message);
  EXPECT_EQ(names_of(parse_events(r)),
            (std::vector<std::string>{"message_start", "content_block_start", "ping",
                                      "content_block_delta"}));
}

TEST_F(FakeAnthropicTest, PaceSpreadsEventsAndStallDelaysTheAnswer) {
  const auto start = std::chrono::steady_clock::now();
  Response r = messages("k+stall=60", messages_body("claude"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_GE(r.headers_at - start, 50ms);

  r = messages("k", messages_body("claude+pace=15+chunks=2", true));
  ASSERT_EQ(r.pieces.size(), 8u);
  EXPECT_GE(r.pieces.back().at - r.pieces.front().at, 7 * 15ms * 8 / 10);
}

// ---- tools ---------------------------------------------------------------------------------

TEST_F(FakeAnthropicTest, UsesTheFirstToolWithSampleInput) {
  auto body = messages_body("claude");
  body["tools"] = json::array{weather_tool(), search_tool()};
  const Response r = messages("k", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer.at("stop_reason"), "tool_use");
  ASSERT_EQ(answer.at("content").as_array().size(), 1u);
  const auto& block = answer.at("content").at(0);
  EXPECT_EQ(block.at("type"), "tool_use");
  EXPECT_EQ(block.at("id").as_string().subview().substr(0, 8), "toolu_01");
  EXPECT_EQ(block.at("name"), "get_weather");
  EXPECT_EQ(block.at("input"), test::sample_weather_args());
}

TEST_F(FakeAnthropicTest, ObeysToolChoice) {
  auto body = messages_body("claude");
  body["tools"] = json::array{weather_tool(), search_tool()};
  body["tool_choice"] = json::object{{"type", "tool"}, {"name", "search"}};
  Response r = messages("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("content").at(0).at("name"), "search");

  body["tool_choice"] = json::object{{"type", "any"}};
  r = messages("k", body);
  EXPECT_EQ(r.json().at("content").at(0).at("name"), "get_weather");

  body["tool_choice"] = json::object{{"type", "none"}};
  r = messages("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("stop_reason"), "end_turn");
  EXPECT_EQ(r.json().at("content").at(0).at("type"), "text");

  body["tool_choice"] = json::object{{"type", "tool"}, {"name", "nope"}};
  r = messages("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("type"), "invalid_request_error");
}

TEST_F(FakeAnthropicTest, StreamsToolUseAsInputJsonDeltas) {
  auto body = messages_body("claude", true);
  body["tools"] = json::array{weather_tool()};
  const Response r = messages("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);
  const auto events = parse_events(r);
  ASSERT_GE(events.size(), 8u);  // start, block start, ping, ≥2 deltas, block stop, delta, stop
  EXPECT_EQ(events[0].name, "message_start");
  EXPECT_EQ(events[1].name, "content_block_start");
  const auto& block = events[1].data.at("content_block");
  EXPECT_EQ(block.at("type"), "tool_use");
  EXPECT_EQ(block.at("id").as_string().subview().substr(0, 8), "toolu_01");
  EXPECT_EQ(block.at("name"), "get_weather");
  EXPECT_EQ(block.at("input"), json::object());
  EXPECT_EQ(events[2].name, "ping");

  std::string partial;
  std::size_t fragments = 0;
  for (std::size_t i = 3; i + 3 < events.size(); ++i) {
    EXPECT_EQ(events[i].name, "content_block_delta");
    EXPECT_EQ(events[i].data.at("delta").at("type"), "input_json_delta");
    partial += events[i].data.at("delta").at("partial_json").as_string();
    ++fragments;
  }
  EXPECT_GE(fragments, 2u);
  boost::system::error_code ec;
  const auto input = json::parse(partial, ec);
  ASSERT_FALSE(ec) << partial;
  EXPECT_EQ(input, (json::object{{"city", "sample"}, {"days", 1}, {"metric", true}}));
  EXPECT_EQ(events[events.size() - 3].name, "content_block_stop");
  EXPECT_EQ(events[events.size() - 2].data.at("delta").at("stop_reason"), "tool_use");
  EXPECT_EQ(events.back().name, "message_stop");
}

// ---- failure directives --------------------------------------------------------------------

TEST_F(FakeAnthropicTest, QuotaIs400SpecifiedUsageLimits) {
  const Response r = messages("sk-ant-alpha+quota", messages_body("claude"));
  EXPECT_EQ(r.status, 400u);
  const auto body = r.json();
  EXPECT_EQ(body.at("type"), "error");
  EXPECT_EQ(body.at("error").at("type"), "invalid_request_error");
  const std::string message(body.at("error").at("message").as_string());
  EXPECT_EQ(message.rfind("You have reached your specified API usage limits. You will regain "
                          "access on ",
                          0),
            0u)
      << message;
  EXPECT_EQ(body.at("request_id").as_string(), r.header("request-id"));
  EXPECT_EQ(class_of(r), FailureClass::QuotaExhausted);
}

TEST_F(FakeAnthropicTest, SpendLimitIs429WithTheErrorCodeAndNoRetryAfter) {
  const Response r = messages("k", messages_body("claude+spendlimit"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_FALSE(r.has_header("retry-after"));
  const auto body = r.json();
  const auto& error = body.at("error");
  EXPECT_EQ(error.at("type"), "rate_limit_error");
  EXPECT_EQ(error.at("details").at("error_code"), "enforced_spend_limit_reached");
  EXPECT_NE(error.at("message").as_string().find("monthly API usage threshold"), std::string::npos);
  EXPECT_EQ(class_of(r), FailureClass::QuotaExhausted);
}

TEST_F(FakeAnthropicTest, RateLimitCarriesRetryAfterAndResets) {
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Response r = messages("k", messages_body("claude+ratelimit"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.json().at("error").at("type"), "rate_limit_error");
  EXPECT_EQ(r.header("retry-after"), "20");
  EXPECT_EQ(r.header("anthropic-ratelimit-requests-remaining"), "0");
  const auto reset = parse_rfc3339(r.header("anthropic-ratelimit-requests-reset"));
  ASSERT_TRUE(reset);
  EXPECT_GE(*reset, before + 20s);
  EXPECT_LE(*reset, before + 25s);
  EXPECT_TRUE(parse_rfc3339(r.header("anthropic-ratelimit-tokens-reset")));
  EXPECT_EQ(class_of(r), FailureClass::RateLimited);

  r = messages("k+ratelimit=7", messages_body("claude"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "7");
}

TEST_F(FakeAnthropicTest, OverloadedIs529) {
  const Response r = messages("k", messages_body("claude+overloaded"));
  EXPECT_EQ(r.status, 529u);
  EXPECT_EQ(r.json().at("error"),
            (json::object{{"type", "overloaded_error"}, {"message", "Overloaded"}}));
  EXPECT_EQ(class_of(r), FailureClass::Overloaded);
}

TEST_F(FakeAnthropicTest, ContextIs400PromptTooLong) {
  const Response r = messages("k", messages_body("claude+context"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("type"), "invalid_request_error");
  EXPECT_EQ(r.json().at("error").at("message"),
            "prompt is too long: 208310 tokens > 200000 maximum");
  EXPECT_EQ(class_of(r), FailureClass::ContextTooLong);
}

TEST_F(FakeAnthropicTest, ErrorCodeAnswersWithAnthropicsTypeForIt) {
  struct Case {
    unsigned status;
    std::string_view type;
    FailureClass cls;
  };
  const Case cases[] = {
      {400, "invalid_request_error", FailureClass::BadRequest},
      {401, "authentication_error", FailureClass::AuthFailed},
      {402, "billing_error", FailureClass::QuotaExhausted},
      {403, "permission_error", FailureClass::AuthFailed},
      {404, "not_found_error", FailureClass::BadRequest},
      {409, "conflict_error", FailureClass::Overloaded},
      {413, "request_too_large", FailureClass::BadRequest},
      {429, "rate_limit_error", FailureClass::RateLimited},
      {500, "api_error", FailureClass::ServerError},
      {502, "api_error", FailureClass::ServerError},
      {504, "timeout_error", FailureClass::ServerError},
      {529, "overloaded_error", FailureClass::Overloaded},
  };
  for (const Case& c : cases) {
    const Response r = messages("k", messages_body("claude+error=" + std::to_string(c.status)));
    EXPECT_EQ(r.status, c.status);
    const auto body = r.json();
    EXPECT_EQ(body.at("type"), "error") << c.status;
    EXPECT_EQ(body.at("error").at("type").as_string(), c.type) << c.status;
    EXPECT_FALSE(body.at("error").at("message").as_string().empty()) << c.status;
    EXPECT_EQ(body.at("request_id").as_string(), r.header("request-id")) << c.status;
    EXPECT_EQ(class_of(r), c.cls) << c.status;
  }
  EXPECT_EQ(messages("k", messages_body("claude+error=404")).json().at("error").at("message"),
            "model: claude");
}

// ---- stats ---------------------------------------------------------------------------------

TEST_F(FakeAnthropicTest, CountsMessagesInTheSharedStats) {
  messages("sk-ant-alpha+quota", messages_body("claude"));
  messages("sk-ant-alpha", messages_body("claude+chunks=2", true));
  messages("sk-ant-beta", messages_body("claude"));
  test::request(fake_->port(), "POST", "/v1/messages", json::serialize(messages_body("claude")),
                {{"anthropic-version", std::string(kVersion)}});  // no key: counted, unnamed
  test::request(fake_->port(), "POST", "/v1/chat/completions",
                R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]})",
                {{"Authorization", "Bearer sk-ant-alpha"}});
  const Stats s = fake_->stats();
  EXPECT_EQ(s.requests, 5u);
  EXPECT_EQ(s.by_key,
            (std::map<std::string, std::uint64_t>{{"sk-ant-alpha", 3}, {"sk-ant-beta", 1}}));
  EXPECT_EQ(s.by_model, (std::map<std::string, std::uint64_t>{
                            {"claude", 3}, {"claude+chunks=2", 1}, {"gpt-4o-mini", 1}}));
}

}  // namespace
}  // namespace sb::fake
