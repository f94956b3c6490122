// The fake provider over real loopback sockets: every directive of behaviour.h, the exact wire
// shapes of PROVIDERS.md §1 (bodies, errors, headers, stream chunks), keep-alive, stats and
// shutdown. Each test starts its own FakeProvider on port 0, so tests share nothing. Timing
// assertions use small paces (tens of ms) and loose bounds; the whole file runs in well under 3 s.
#include "fake_provider/fake_provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "core/net.h"
#include "fake_provider/behaviour.h"
#include "support/http_client.h"
#include "support/sample_tools.h"

namespace sb::fake {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::Response;

json::object chat_body(std::string_view model, bool stream = false) {
  json::object body{
      {"model", model},
      {"messages", json::array{json::object{{"role", "user"}, {"content", "Say hello"}}}}};
  if (stream) body["stream"] = true;
  return body;
}

json::object with_usage(json::object body) {
  body["stream_options"] = json::object{{"include_usage", true}};
  return body;
}

json::object weather_tool() {
  return {{"type", "function"},
          {"function",
           {{"name", "get_weather"},
            {"description", "Weather for a city"},
            {"parameters",
             {{"type", "object"},
              {"properties",
               {{"city", {{"type", "string"}}},
                {"days", {{"type", "integer"}}},
                {"metric", {{"type", "boolean"}}},
                {"tags", {{"type", "array"}}},
                {"extra", {{"type", "object"}}},
                {"note", {{"type", json::array{"string", "null"}}}}}},
              {"required", json::array{"city"}}}}}}};
}

json::object named_tool(std::string_view name) {
  return {{"type", "function"},
          {"function", {{"name", name}, {"parameters", test::search_schema()}}}};
}

std::vector<json::value> parse_events(const Response& r, bool& saw_done) {
  std::vector<json::value> events;
  saw_done = false;
  for (const auto& data : r.sse_data()) {
    if (data == "[DONE]") {
      saw_done = true;
      continue;
    }
    events.push_back(json::parse(data));
  }
  return events;
}

json::object error_of(const Response& r) { return r.json().at("error").as_object(); }

class FakeProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_ = FakeProvider::start(); }

  Response chat(std::string_view key, const json::object& body,
                const test::RequestOptions& options = {}) {
    return test::request(fake_->port(), "POST", "/v1/chat/completions", json::serialize(body),
                         {{"Authorization", "Bearer " + std::string(key)}}, options);
  }

  FakeProviderPtr fake_;
};

// ---- normal answers ------------------------------------------------------------------------

TEST_F(FakeProviderTest, AnswersNonStreamingWithTheOpenAIShape) {
  const Response r = chat("sk-alpha", chat_body("gpt-4o-mini"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-ratelimit-limit-requests"), "10000");
  EXPECT_EQ(r.header("x-ratelimit-remaining-requests"), "9999");
  EXPECT_EQ(r.header("x-ratelimit-reset-requests"), "1s");
  EXPECT_EQ(r.header("x-ratelimit-reset-tokens"), "6m0s");
  EXPECT_TRUE(r.has_header("x-ratelimit-limit-tokens"));
  EXPECT_TRUE(r.has_header("x-ratelimit-remaining-tokens"));
  EXPECT_EQ(r.header("x-request-id").rfind("req_", 0), 0u);
  EXPECT_TRUE(r.has_header("openai-processing-ms"));

  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("object"), "chat.completion");
  EXPECT_EQ(body.at("id").as_string().subview().substr(0, 9), "chatcmpl-");
  EXPECT_GT(body.at("created").to_number<std::int64_t>(), 1'700'000'000);
  EXPECT_EQ(body.at("model"), "gpt-4o-mini");
  const auto& choice = body.at("choices").at(0);
  EXPECT_EQ(choice.at("index"), 0);
  EXPECT_EQ(choice.at("message").at("role"), "assistant");
  EXPECT_EQ(choice.at("message").at("content"), "Hello from fake model gpt-4o-mini (key sk-alpha)");
  EXPECT_EQ(choice.at("finish_reason"), "stop");
  const auto& usage = body.at("usage");
  EXPECT_EQ(usage.at("prompt_tokens"), 3);  // ceil(len("Say hello") / 4)
  EXPECT_EQ(
      usage.at("total_tokens").to_number<int>(),
      usage.at("prompt_tokens").to_number<int>() + usage.at("completion_tokens").to_number<int>());
  EXPECT_EQ(usage.at("prompt_tokens_details").at("cached_tokens"), 0);
  EXPECT_EQ(usage.at("completion_tokens_details").at("reasoning_tokens"), 0);
}

TEST_F(FakeProviderTest, NamesTheFirstPieceOfKeyAndModel) {
  const Response r = chat("sk-beta+pace=0", chat_body("gpt-4o+chunks=2"));
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("choices").at(0).at("message").at("content"),
            "Hello from fake model gpt-4o (key sk-beta)");
  EXPECT_EQ(r.json().at("model"), "gpt-4o+chunks=2");  // echoed as requested
}

TEST_F(FakeProviderTest, StreamsChunksWithoutUsageByDefault) {
  const Response r = chat("sk-alpha", chat_body("gpt-4o-mini", true));
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(r.has_header("x-ratelimit-remaining-requests"));

  bool done = false;
  const auto events = parse_events(r, done);
  EXPECT_TRUE(done);
  ASSERT_EQ(events.size(), 7u);  // role, 5 content pieces, finish
  EXPECT_EQ(r.pieces.size(), 8u) << "each event is its own HTTP chunk";
  const auto& first = events.front().as_object();
  EXPECT_EQ(first.at("object"), "chat.completion.chunk");
  EXPECT_EQ(first.at("choices").at(0).at("delta"),
            (json::object{{"role", "assistant"}, {"content", ""}}));
  std::string text;
  for (std::size_t i = 1; i <= 5; ++i) {
    const auto& choice = events[i].at("choices").at(0);
    EXPECT_TRUE(choice.at("finish_reason").is_null());
    const auto& piece = choice.at("delta").at("content").as_string();
    EXPECT_FALSE(piece.empty());
    text += piece;
    EXPECT_EQ(events[i].at("id"), first.at("id"));
  }
  EXPECT_EQ(text, "Hello from fake model gpt-4o-mini (key sk-alpha)");
  EXPECT_EQ(events.back().at("choices").at(0).at("finish_reason"), "stop");
  EXPECT_TRUE(events.back().at("choices").at(0).at("delta").as_object().empty());
  for (const auto& e : events) EXPECT_FALSE(e.as_object().contains("usage")) << e;
}

TEST_F(FakeProviderTest, StreamsAUsageChunkWhenAsked) {
  const Response r = chat("sk-alpha", with_usage(chat_body("gpt-4o-mini+chunks=3", true)));
  ASSERT_EQ(r.status, 200u);
  bool done = false;
  const auto events = parse_events(r, done);
  EXPECT_TRUE(done);
  ASSERT_EQ(events.size(), 6u);  // role, 3 pieces, finish, usage
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    EXPECT_TRUE(events[i].at("usage").is_null()) << events[i];
    EXPECT_EQ(events[i].at("choices").as_array().size(), 1u);
  }
  const auto& last = events.back();
  EXPECT_TRUE(last.at("choices").as_array().empty());
  EXPECT_EQ(last.at("usage").at("prompt_tokens"), 3);
  EXPECT_GT(last.at("usage").at("completion_tokens").to_number<int>(), 0);
  EXPECT_EQ(last.at("usage").at("prompt_tokens_details").at("cached_tokens"), 0);
  EXPECT_EQ(r.sse_data().back(), "[DONE]");
}

TEST_F(FakeProviderTest, SplitsIntoManyNonEmptyChunks) {
  const Response r = chat("k", chat_body("m+chunks=60", true));
  bool done = false;
  const auto events = parse_events(r, done);
  ASSERT_EQ(events.size(), 62u);
  for (std::size_t i = 1; i <= 60; ++i)
    EXPECT_FALSE(events[i].at("choices").at(0).at("delta").at("content").as_string().empty());
}

// ---- tool calls ----------------------------------------------------------------------------

TEST_F(FakeProviderTest, CallsTheFirstToolWithSampleArguments) {
  auto body = chat_body("gpt-4o-mini");
  body["tools"] = json::array{weather_tool(), named_tool("search")};
  const Response r = chat("sk-alpha", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  const auto& choice = answer.at("choices").at(0);
  EXPECT_EQ(choice.at("finish_reason"), "tool_calls");
  EXPECT_TRUE(choice.at("message").at("content").is_null());
  const auto& call = choice.at("message").at("tool_calls").at(0);
  EXPECT_EQ(call.at("id").as_string().subview().substr(0, 5), "call_");
  EXPECT_EQ(call.at("type"), "function");
  EXPECT_EQ(call.at("function").at("name"), "get_weather");
  const auto args = json::parse(call.at("function").at("arguments").as_string());
  EXPECT_EQ(args, (json::object{{"city", "sample"},
                                {"days", 1},
                                {"metric", true},
                                {"tags", json::array()},
                                {"extra", json::object()},
                                {"note", "sample"}}));
}

TEST_F(FakeProviderTest, ObeysToolChoice) {
  auto body = chat_body("gpt-4o-mini");
  body["tools"] = json::array{weather_tool(), named_tool("search")};
  body["tool_choice"] = json::object{{"type", "function"}, {"function", {{"name", "search"}}}};
  Response r = chat("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(
      r.json().at("choices").at(0).at("message").at("tool_calls").at(0).at("function").at("name"),
      "search");

  body["tool_choice"] = "none";
  r = chat("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("choices").at(0).at("finish_reason"), "stop");

  body["tool_choice"] = json::object{{"type", "function"}, {"function", {{"name", "nope"}}}};
  r = chat("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("param"), "tool_choice");
}

TEST_F(FakeProviderTest, StreamsAToolCallInFragments) {
  auto body = with_usage(chat_body("gpt-4o-mini", true));
  body["tools"] = json::array{weather_tool()};
  const Response r = chat("k", body);
  ASSERT_EQ(r.status, 200u);
  bool done = false;
  const auto events = parse_events(r, done);
  EXPECT_TRUE(done);
  ASSERT_GE(events.size(), 5u);  // opening, ≥2 fragments, finish, usage

  const auto& opening = events[0].at("choices").at(0).at("delta");
  EXPECT_EQ(opening.at("role"), "assistant");
  EXPECT_TRUE(opening.at("content").is_null());
  const auto& head = opening.at("tool_calls").at(0);
  EXPECT_EQ(head.at("index"), 0);
  EXPECT_EQ(head.at("id").as_string().subview().substr(0, 5), "call_");
  EXPECT_EQ(head.at("type"), "function");
  EXPECT_EQ(head.at("function").at("name"), "get_weather");
  EXPECT_EQ(head.at("function").at("arguments"), "");

  std::string args;
  std::size_t fragments = 0;
  for (std::size_t i = 1; i + 2 < events.size(); ++i) {
    const auto& call = events[i].at("choices").at(0).at("delta").at("tool_calls").at(0);
    EXPECT_FALSE(call.as_object().contains("id"));
    EXPECT_FALSE(call.at("function").as_object().contains("name"));
    args += call.at("function").at("arguments").as_string();
    ++fragments;
  }
  EXPECT_GE(fragments, 2u);
  EXPECT_EQ(json::parse(args).at("city"), "sample");
  EXPECT_EQ(events[events.size() - 2].at("choices").at(0).at("finish_reason"), "tool_calls");
  EXPECT_TRUE(events.back().at("choices").as_array().empty());
}

// ---- failure directives --------------------------------------------------------------------

TEST_F(FakeProviderTest, QuotaIs429InsufficientQuotaWithRateHeaders) {
  const Response r = chat("sk-alpha+quota", chat_body("gpt-4o-mini"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.json(), json::parse(R"({"error":{"message":"You exceeded your current quota, please )"
                                  R"(check your plan and billing details. For more information on )"
                                  R"(this error, read the docs: https://platform.openai.com/docs/)"
                                  R"(guides/error-codes/api-errors.","type":"insufficient_quota",)"
                                  R"("param":null,"code":"insufficient_quota"}})"));
  EXPECT_EQ(r.header("x-ratelimit-reset-requests"), "6ms");
  EXPECT_TRUE(r.has_header("x-ratelimit-limit-requests"));
  EXPECT_FALSE(r.has_header("retry-after"));
}

TEST_F(FakeProviderTest, RateLimitCarriesRetryAfter) {
  Response r = chat("sk-alpha", chat_body("gpt-4o-mini+ratelimit"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "20");
  EXPECT_EQ(r.header("retry-after-ms"), "20000");
  EXPECT_EQ(r.header("x-ratelimit-remaining-requests"), "0");
  EXPECT_EQ(r.header("x-ratelimit-reset-requests"), "20s");
  const auto e = error_of(r);
  EXPECT_EQ(e.at("type"), "requests");
  EXPECT_EQ(e.at("code"), "rate_limit_exceeded");
  EXPECT_TRUE(e.at("param").is_null());
  EXPECT_NE(e.at("message").as_string().find("Rate limit reached for gpt-4o-mini in organization "
                                             "org-fake on requests per min (RPM): Limit 3, Used 3, "
                                             "Requested 1. Please try again in 20s."),
            std::string::npos);

  r = chat("sk-alpha+ratelimit=7", chat_body("gpt-4o-mini"));
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "7");
  EXPECT_EQ(r.header("retry-after-ms"), "7000");
  EXPECT_EQ(r.header("x-ratelimit-reset-requests"), "7s");
}

TEST_F(FakeProviderTest, OverloadedIs503) {
  const Response r = chat("k", chat_body("gpt-4o-mini+overloaded"));
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(r.json(), json::parse(R"({"error":{"message":"The engine is currently overloaded, )"
                                  R"(please try again later.","type":"server_error","param":null,)"
                                  R"("code":"server_is_overloaded"}})"));
}

TEST_F(FakeProviderTest, ContextIs400ContextLengthExceeded) {
  const Response r = chat("k", chat_body("gpt-4o-mini+context"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("code"), "context_length_exceeded");
  EXPECT_EQ(error_of(r).at("type"), "invalid_request_error");
}

TEST_F(FakeProviderTest, ErrorCodeAnswersThatStatusInOpenAIShape) {
  Response r = chat("k", chat_body("m+error=500"));
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(error_of(r).at("message"),
            "The server had an error while processing your request. Sorry about that!");
  EXPECT_EQ(error_of(r).at("type"), "server_error");

  r = chat("sk-secretkey1234+error=401", chat_body("m"));
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(error_of(r).at("code"), "invalid_api_key");
  const std::string message(error_of(r).at("message").as_string());
  EXPECT_EQ(message.rfind("Incorrect API key provided: sk-", 0), 0u);
  EXPECT_EQ(message.find("secretkey"), std::string::npos) << "the key is masked";

  r = chat("k", chat_body("m+error=400"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("type"), "invalid_request_error");

  r = chat("k", chat_body("m+error=502"));
  EXPECT_EQ(r.status, 502u);
  EXPECT_EQ(error_of(r).at("type"), "server_error");
  for (const char* field : {"message", "type", "param", "code"})
    EXPECT_TRUE(error_of(r).contains(field)) << field;
}

TEST_F(FakeProviderTest, ModelDirectivesWinOverKeyDirectives) {
  EXPECT_EQ(chat("k+quota", chat_body("m+overloaded")).status, 503u);
  EXPECT_EQ(chat("k+quota", chat_body("m")).status, 429u);
}

TEST_F(FakeProviderTest, UnknownOrMalformedPiecesAreIgnored) {
  const Response r = chat("sk-a+bogus", chat_body("m+error=abc+error=200+chunks=-1+quota=3"));
  EXPECT_EQ(r.status, 200u) << r.body;
}

// ---- timing and transport directives -------------------------------------------------------

TEST_F(FakeProviderTest, StallHoldsTheAnswerUntilTheClientGivesUp) {
  test::RequestOptions options;
  options.timeout = 150ms;
  const Response r = chat("k", chat_body("m+stall"), options);
  EXPECT_EQ(r.status, 0u);
  EXPECT_EQ(r.error, beast::error::timeout);
  // The server is unharmed and still answers.
  EXPECT_EQ(chat("k", chat_body("m")).status, 200u);
}

TEST_F(FakeProviderTest, StallWithADurationThenAnswers) {
  const auto start = std::chrono::steady_clock::now();
  const Response r = chat("k", chat_body("m+stall=80"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_GE(r.headers_at - start, 70ms);
}

TEST_F(FakeProviderTest, DropCutsTheStreamWithoutDone) {
  const Response r = chat("k", chat_body("m+drop=2", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.error, http::error::partial_message);
  const auto data = r.sse_data();
  ASSERT_EQ(data.size(), 3u);  // role + 2 content chunks
  EXPECT_NE(data.back(), "[DONE]");
  EXPECT_EQ(r.body.find("finish_reason\":\"stop"), std::string::npos);
}

TEST_F(FakeProviderTest, DropSendsHalfANonStreamingBody) {
  const Response r = chat("k", chat_body("m+drop=1"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.error, http::error::partial_message);
  const auto length = std::stoul(r.header("content-length"));
  EXPECT_EQ(r.body.size(), length / 2);
}

TEST_F(FakeProviderTest, PaceSpreadsEventsOverTime) {
  constexpr auto kPace = 20ms;
  const Response r = chat("k", chat_body("m+pace=20+chunks=4", true));
  ASSERT_EQ(r.status, 200u);
  ASSERT_EQ(r.pieces.size(), 7u);  // role, 4 content, finish, [DONE]
  const auto spread = r.pieces.back().at - r.pieces.front().at;
  EXPECT_GE(spread, static_cast<int>(r.pieces.size() - 1) * kPace * 8 / 10);
  // The first event arrived while the response was still open.
  EXPECT_LE(r.pieces.front().at + 4 * kPace, r.pieces.back().at);
  EXPECT_LE(r.headers_at, r.pieces.front().at);
}

TEST_F(FakeProviderTest, MidstreamErrorEndsTheStreamCleanlyWithAnErrorEvent) {
  const Response r = chat("k", chat_body("m+midstream_error=2", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete) << "the chunked body is terminated properly";
  const auto data = r.sse_data();
  ASSERT_EQ(data.size(), 4u);  // role, 2 content, error
  EXPECT_EQ(json::parse(data.back()),
            json::parse(R"({"error":{"message":"Provider disconnected unexpectedly",)"
                        R"("type":"server_error","param":null,"code":"server_error"}})"));
}

// ---- connections, stats, housekeeping endpoints --------------------------------------------

TEST_F(FakeProviderTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  test::Connection c(fake_->port());
  const test::Headers auth{{"Authorization", "Bearer sk-alpha"}};
  const Response a =
      c.request("POST", "/v1/chat/completions", json::serialize(chat_body("m", true)), auth);
  const Response b =
      c.request("POST", "/v1/chat/completions", json::serialize(chat_body("m+quota")), auth);
  const Response s = c.request("GET", "/v1/models", {}, auth);
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(b.status, 429u);
  EXPECT_EQ(s.status, 200u);
  EXPECT_TRUE(c.is_open());
  EXPECT_EQ(c.connects(), 1u);
  EXPECT_EQ(fake_->stats().connections, 1u);
  EXPECT_EQ(fake_->stats().requests, 2u);
}

TEST_F(FakeProviderTest, CountsRequestsByKeyAndModelAndResets) {
  chat("sk-alpha+quota", chat_body("gpt-4o-mini"));
  chat("sk-alpha", chat_body("gpt-4o-mini+stall=1"));
  chat("sk-beta", chat_body("gpt-4o-mini"));
  Stats s = fake_->stats();
  EXPECT_EQ(s.requests, 3u);
  EXPECT_EQ(s.connections, 3u);
  EXPECT_EQ(s.by_key, (std::map<std::string, std::uint64_t>{{"sk-alpha", 2}, {"sk-beta", 1}}));
  EXPECT_EQ(s.by_model,
            (std::map<std::string, std::uint64_t>{{"gpt-4o-mini", 2}, {"gpt-4o-mini+stall=1", 1}}));

  const Response json_stats = test::request(fake_->port(), "GET", "/_fake/stats");
  EXPECT_EQ(json_stats.status, 200u);
  EXPECT_EQ(json_stats.json().at("requests"), 3);
  EXPECT_EQ(json_stats.json().at("by_key").at("sk-alpha"), 2);
  EXPECT_EQ(json_stats.json().at("by_model").at("gpt-4o-mini+stall=1"), 1);

  EXPECT_EQ(test::request(fake_->port(), "POST", "/_fake/reset").status, 200u);
  s = fake_->stats();
  EXPECT_EQ(s.requests, 0u);
  EXPECT_TRUE(s.by_key.empty());
  fake_->reset_stats();
  EXPECT_EQ(fake_->stats().connections, 0u);
}

TEST_F(FakeProviderTest, ListsModels) {
  const Response r =
      test::request(fake_->port(), "GET", "/v1/models", {}, {{"Authorization", "Bearer k"}});
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("object"), "list");
  const auto body = r.json();
  const auto& first = body.at("data").at(0);
  EXPECT_EQ(first.at("object"), "model");
  EXPECT_TRUE(first.as_object().contains("id"));
  EXPECT_TRUE(first.as_object().contains("owned_by"));
}

TEST_F(FakeProviderTest, RejectsBadRequestsInOpenAIShape) {
  Response r = test::request(fake_->port(), "POST", "/v1/nothing", "{}");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_of(r).at("type"), "invalid_request_error");

  r = test::request(fake_->port(), "POST", "/v1/chat/completions", "{not json",
                    {{"Authorization", "Bearer k"}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("type"), "invalid_request_error");

  r = test::request(fake_->port(), "POST", "/v1/chat/completions", json::serialize(chat_body("m")));
  EXPECT_EQ(r.status, 401u) << "no Authorization header";

  r = chat("k", json::object{{"model", "m"}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("param"), "messages");

  r = chat("k", json::object{{"messages", json::array()}});
  EXPECT_EQ(r.status, 400u);

  r = test::request(fake_->port(), "POST", "/v1/chat/completions",
                    std::string(9 * 1024 * 1024, 'x'), {{"Authorization", "Bearer k"}});
  EXPECT_EQ(r.status, 413u);
}

TEST(FakeProviderThreads, ServesConcurrentClientsOnSeveralThreads) {
  auto fake = FakeProvider::start("127.0.0.1", 0, 4);
  const std::string body = json::serialize(chat_body("m+chunks=3", true));
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      test::Connection c(fake->port());
      const test::Headers auth{{"Authorization", "Bearer key" + std::to_string(t % 2)}};
      for (int i = 0; i < 20; ++i)
        if (c.request("POST", "/v1/chat/completions", body, auth).complete) ++ok;
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 160);
  const Stats s = fake->stats();
  EXPECT_EQ(s.requests, 160u);
  EXPECT_EQ(s.connections, 8u);
  EXPECT_EQ(s.by_key.at("key0"), 80u);
}

TEST(FakeProviderStop, ReturnsPromptlyAndClosesBusyConnections) {
  auto fake = FakeProvider::start("127.0.0.1", 0, 2);
  const auto port = fake->port();
  const auto busy_client = [port](std::string_view model, bool stream) {
    return std::thread([port, model, stream] {
      test::RequestOptions options;
      options.timeout = 5s;
      const Response r = test::request(port, "POST", "/v1/chat/completions",
                                       json::serialize(chat_body(model, stream)),
                                       {{"Authorization", "Bearer k"}}, options);
      EXPECT_FALSE(r.complete);
      EXPECT_NE(r.error, beast::error::timeout) << "closed by stop(), not by the client's timeout";
    });
  };
  std::thread stalled = busy_client("m+stall", false);
  std::thread streaming = busy_client("m+pace=50+chunks=100", true);
  // Waits (bounded) for both requests to be in flight: a hang here would be a failure, not a
  // stuck test run.
  for (auto until = std::chrono::steady_clock::now() + 5s;
       fake->stats().requests < 2 && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_GE(fake->stats().requests, 2u);
  const auto start = std::chrono::steady_clock::now();
  fake->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  stalled.join();
  streaming.join();
  fake->stop();  // idempotent
  EXPECT_EQ(test::request(port, "GET", "/_fake/stats").status, 0u) << "no longer listening";
}

// ---- directive parsing ---------------------------------------------------------------------

TEST(FakeBehaviour, ParsesTheDirectiveTable) {
  EXPECT_EQ(parse_behaviour("sk-alpha", "gpt-4o-mini"), Behaviour{});
  const Behaviour b =
      parse_behaviour("k+stall+pace=15", "m+chunks=9+drop=3+midstream_error=4+ratelimit=5");
  EXPECT_EQ(b.stall, kStallForever);
  EXPECT_EQ(b.pace, 15ms);
  EXPECT_EQ(b.chunks, 9u);
  EXPECT_EQ(b.drop_after, 3u);
  EXPECT_EQ(b.midstream_error_after, 4u);
  EXPECT_EQ(b.failure, Failure::RateLimit);
  EXPECT_EQ(b.retry_after, 5s);
  EXPECT_EQ(parse_behaviour("k+stall=250", "m").stall, 250ms);
  EXPECT_EQ(parse_behaviour("k+error=503", "m").status, 503u);
  // Out of range, missing or stray values are not directives.
  EXPECT_EQ(parse_behaviour("k+error=200+error+pace+quota=1+chunks=x", "m"), Behaviour{});
  EXPECT_EQ(first_piece("sk-alpha+quota"), "sk-alpha");
  EXPECT_EQ(first_piece("plain"), "plain");
}

}  // namespace
}  // namespace sb::fake
