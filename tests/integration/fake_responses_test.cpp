// The fake provider's OpenAI Responses dialect over real loopback sockets: the `response` object
// and its named-event stream with sequence numbers (PROVIDERS.md §1), function_call items whole
// and streamed, reasoning items in the output and the count of those passed back in the input,
// every failure directive, and the shared stats. Failures are fed to the gateway's own
// classify(), so the fake and the classifier cannot drift apart. Each test starts its own
// FakeProvider on port 0; timing assertions use small paces and loose bounds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/net.h"
#include "fake_provider/fake_provider.h"
#include "support/classify_answer.h"
#include "support/http_client.h"
#include "support/sample_tools.h"

namespace sb::fake {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::Response;

json::object responses_body(std::string_view model, bool stream = false) {
  json::object body{{"model", model},
                    {"input", json::array{json::object{
                                  {"role", "user"},
                                  {"content", json::array{json::object{{"type", "input_text"},
                                                                       {"text", "Say hello"}}}}}}}};
  if (stream) body["stream"] = true;
  return body;
}

json::object weather_tool() {
  return {{"type", "function"},
          {"name", "get_weather"},
          {"description", "Weather for a city"},
          {"parameters", test::weather_schema()}};
}

json::object search_tool() {
  return {{"type", "function"}, {"name", "search"}, {"parameters", test::search_schema()}};
}

const json::object sample_weather_args = test::sample_weather_args();

// The stream's events (their data), after checking that each one is announced by an `event:`
// line naming its type and that sequence numbers count from 0 without a gap.
std::vector<json::value> events_of(const Response& r) {
  std::vector<json::value> events;
  for (const auto& data : r.sse_data()) {
    json::value e = json::parse(data);
    const std::string type(e.at("type").as_string());
    EXPECT_NE(r.body.find("event: " + type + "\ndata: " + data), std::string::npos) << type;
    EXPECT_EQ(e.at("sequence_number"), events.size()) << type;
    events.push_back(std::move(e));
  }
  return events;
}

std::vector<std::string> types_of(const std::vector<json::value>& events) {
  std::vector<std::string> types;
  for (const auto& e : events) types.emplace_back(e.at("type").as_string());
  return types;
}

json::object error_of(const Response& r) { return r.json().at("error").as_object(); }

FailureClass class_of(const Response& r) {
  return test::classify_answer(ProviderType::OpenAI, r).cls;
}

class FakeResponsesTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_ = FakeProvider::start(); }

  Response respond(std::string_view key, const json::object& body) {
    return test::request(fake_->port(), "POST", "/v1/responses", json::serialize(body),
                         {{"Authorization", "Bearer " + std::string(key)}});
  }

  std::string text_of(const Response& r) {
    const auto body = r.json();
    for (const auto& item : body.at("output").as_array()) {
      if (item.at("type") == "message")
        return std::string(item.at("content").at(0).at("text").as_string());
    }
    return {};
  }

  FakeProviderPtr fake_;
};

// ---- normal answers ------------------------------------------------------------------------

TEST_F(FakeResponsesTest, AnswersWithAResponseObject) {
  const Response r = respond("sk-alpha", responses_body("gpt-5-mini"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-ratelimit-remaining-requests"), "9999");
  EXPECT_EQ(r.header("x-request-id").rfind("req_", 0), 0u);

  const auto body = r.json().as_object();
  EXPECT_EQ(body.at("id").as_string().subview().substr(0, 5), "resp_");
  EXPECT_EQ(body.at("object"), "response");
  EXPECT_GT(body.at("created_at").to_number<std::int64_t>(), 1'700'000'000);
  EXPECT_EQ(body.at("status"), "completed");
  EXPECT_TRUE(body.at("error").is_null());
  EXPECT_TRUE(body.at("incomplete_details").is_null());
  EXPECT_EQ(body.at("model"), "gpt-5-mini");
  EXPECT_EQ(body.at("tool_choice"), "auto");
  EXPECT_EQ(body.at("tools"), json::array());
  EXPECT_TRUE(body.at("reasoning").at("effort").is_null());

  const auto& output = body.at("output").as_array();
  ASSERT_EQ(output.size(), 1u);
  const auto& message = output[0];
  EXPECT_EQ(message.at("type"), "message");
  EXPECT_EQ(message.at("id").as_string().subview().substr(0, 4), "msg_");
  EXPECT_EQ(message.at("status"), "completed");
  EXPECT_EQ(message.at("role"), "assistant");
  const auto& part = message.at("content").at(0);
  EXPECT_EQ(part.at("type"), "output_text");
  EXPECT_EQ(part.at("text"), "Hello from fake model gpt-5-mini (key sk-alpha)");
  EXPECT_EQ(part.at("annotations"), json::array());

  const auto& usage = body.at("usage");
  EXPECT_EQ(usage.at("input_tokens"), 3);  // ceil(len("Say hello") / 4)
  EXPECT_GT(usage.at("output_tokens").to_number<int>(), 0);
  EXPECT_EQ(usage.at("input_tokens_details").at("cached_tokens"), 0);
  EXPECT_EQ(usage.at("output_tokens_details").at("reasoning_tokens"), 0);
  EXPECT_EQ(usage.at("total_tokens").to_number<int>(),
            usage.at("input_tokens").to_number<int>() + usage.at("output_tokens").to_number<int>());
}

TEST_F(FakeResponsesTest, ReadsInstructionsAndStringInputAndEchoesSettings) {
  json::object body{{"model", "gpt-5"},
                    {"input", "Say hello"},
                    {"instructions", "Be brief, always."},
                    {"max_output_tokens", 256},
                    {"store", false}};
  const Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer.at("usage").at("input_tokens"), 7);  // ceil((17 + 9) / 4)
  EXPECT_EQ(answer.at("instructions"), "Be brief, always.");
  EXPECT_EQ(answer.at("max_output_tokens"), 256);
  EXPECT_EQ(answer.at("store"), false);
}

TEST_F(FakeResponsesTest, ValidatesLikeOpenAI) {
  const auto expect_invalid = [&](const Response& r, std::string_view message,
                                  std::string_view param) {
    EXPECT_EQ(r.status, 400u) << message;
    const auto error = error_of(r);
    EXPECT_EQ(error.at("type"), "invalid_request_error");
    EXPECT_EQ(error.at("message").as_string(), message);
    if (param.empty()) {
      EXPECT_TRUE(error.at("param").is_null());
    } else {
      EXPECT_EQ(error.at("param").as_string(), param);
    }
    EXPECT_EQ(class_of(r), FailureClass::BadRequest);
  };
  json::object body = responses_body("m");
  body.erase("model");
  expect_invalid(respond("k", body), "Missing required parameter: 'model'.", "model");
  body = responses_body("m");
  body.erase("input");
  expect_invalid(respond("k", body), "Missing required parameter: 'input'.", "input");
  body = responses_body("m");
  body["input"] = json::object{{"role", "user"}};
  expect_invalid(respond("k", body),
                 "Invalid type for 'input': expected one of a string or array of input items, but "
                 "got an object instead.",
                 "input");
  body = responses_body("m");
  body["tools"] = json::array{json::object{{"type", "function"}}};
  expect_invalid(respond("k", body), "Missing required parameter: 'tools[0].name'.",
                 "tools[0].name");

  const Response r = test::request(fake_->port(), "POST", "/v1/responses", "{not json",
                                   {{"Authorization", "Bearer k"}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("type"), "invalid_request_error");

  const Response no_key =
      test::request(fake_->port(), "POST", "/v1/responses", json::serialize(responses_body("m")));
  EXPECT_EQ(no_key.status, 401u);
  EXPECT_EQ(class_of(no_key), FailureClass::AuthFailed);
}

// ---- streams -------------------------------------------------------------------------------

TEST_F(FakeResponsesTest, StreamsTheRealEventSequence) {
  const Response r = respond("sk-alpha", responses_body("gpt-5-mini+chunks=3", true));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(r.body.find("[DONE]"), std::string::npos);

  const auto events = events_of(r);
  ASSERT_EQ(
      types_of(events),
      (std::vector<std::string>{
          "response.created", "response.in_progress", "response.output_item.added",
          "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
          "response.output_text.delta", "response.output_text.done", "response.content_part.done",
          "response.output_item.done", "response.completed"}));
  EXPECT_EQ(r.pieces.size(), events.size()) << "each event is its own HTTP chunk";

  const auto& created = events[0].at("response");
  EXPECT_EQ(created.at("status"), "in_progress");
  EXPECT_EQ(created.at("output"), json::array());
  EXPECT_TRUE(created.at("usage").is_null());
  const auto& added = events[2];
  EXPECT_EQ(added.at("output_index"), 0);
  EXPECT_EQ(added.at("item").at("type"), "message");
  EXPECT_EQ(added.at("item").at("status"), "in_progress");
  const auto& item_id = added.at("item").at("id");

  std::string text;
  for (std::size_t i = 4; i < 7; ++i) {
    EXPECT_EQ(events[i].at("item_id"), item_id);
    EXPECT_EQ(events[i].at("output_index"), 0);
    EXPECT_EQ(events[i].at("content_index"), 0);
    const auto& piece = events[i].at("delta").as_string();
    EXPECT_FALSE(piece.empty());
    text += piece;
  }
  EXPECT_EQ(text, "Hello from fake model gpt-5-mini (key sk-alpha)");
  EXPECT_EQ(events[7].at("text").as_string(), text);
  EXPECT_EQ(events[8].at("part").at("text").as_string(), text);
  EXPECT_EQ(events[9].at("item").at("status"), "completed");

  const auto& completed = events.back().at("response");
  EXPECT_EQ(completed.at("status"), "completed");
  EXPECT_EQ(completed.at("id"), created.at("id"));
  EXPECT_EQ(completed.at("output").at(0).at("content").at(0).at("text").as_string(), text);
  EXPECT_EQ(completed.at("usage").at("output_tokens").to_number<std::uint64_t>(),
            (text.size() + 3) / 4);
}

TEST_F(FakeResponsesTest, MidstreamErrorEndsWithResponseFailed) {
  const Response r = respond("k", responses_body("gpt-5+midstream_error=2", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete) << "the chunked body ends properly after the failure";
  const auto events = events_of(r);
  EXPECT_EQ(types_of(events),
            (std::vector<std::string>{"response.created", "response.in_progress",
                                      "response.output_item.added", "response.content_part.added",
                                      "response.output_text.delta", "response.output_text.delta",
                                      "response.failed"}));
  const auto& failed = events.back().at("response");
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_EQ(failed.at("error").at("code"), "server_error");
  EXPECT_FALSE(failed.at("error").at("message").as_string().empty());
  EXPECT_EQ(test::classify_answer(ProviderType::OpenAI, r, true).cls, FailureClass::ServerError);
}

TEST_F(FakeResponsesTest, DropCutsTheStreamAfterNDeltas) {
  const Response r = respond("k", responses_body("gpt-5+drop=1", true));
  EXPECT_EQ(r.status, 200u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.error, http::error::partial_message);
  EXPECT_EQ(types_of(events_of(r)).back(), "response.output_text.delta");
  EXPECT_EQ(events_of(r).size(), 5u);
}

// stall and the failure directives run through the checks the Chat endpoint shares
// (openai_checks.h), tested there; what is the Responses' own is how many events a pace spreads.
TEST_F(FakeResponsesTest, PaceSpreadsEvents) {
  const Response r = respond("k", responses_body("gpt-5+pace=15+chunks=2", true));
  ASSERT_EQ(r.pieces.size(), 10u);  // 4 opening events, 2 deltas, 4 closing events
  EXPECT_GE(r.pieces.back().at - r.pieces.front().at, 9 * 15ms * 8 / 10);
}

// ---- tools ---------------------------------------------------------------------------------

TEST_F(FakeResponsesTest, CallsTheFirstFunctionWithSampleArguments) {
  auto body = responses_body("gpt-5");
  body["tools"] = json::array{json::object{{"type", "web_search"}}, weather_tool(), search_tool()};
  const Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer.at("status"), "completed");
  ASSERT_EQ(answer.at("output").as_array().size(), 1u);
  const auto& call = answer.at("output").at(0);
  EXPECT_EQ(call.at("type"), "function_call");
  EXPECT_EQ(call.at("id").as_string().subview().substr(0, 3), "fc_");
  EXPECT_EQ(call.at("call_id").as_string().subview().substr(0, 5), "call_");
  EXPECT_EQ(call.at("name"), "get_weather");
  EXPECT_EQ(call.at("status"), "completed");
  EXPECT_EQ(json::parse(call.at("arguments").as_string()), sample_weather_args);
  EXPECT_EQ(answer.at("tools").as_array().size(), 3u) << "tools echoed as sent";
}

TEST_F(FakeResponsesTest, ObeysToolChoice) {
  auto body = responses_body("gpt-5");
  body["tools"] = json::array{weather_tool(), search_tool()};
  body["tool_choice"] = json::object{{"type", "function"}, {"name", "search"}};
  Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("output").at(0).at("name"), "search");

  body["tool_choice"] = "required";
  r = respond("k", body);
  EXPECT_EQ(r.json().at("output").at(0).at("name"), "get_weather");

  body["tool_choice"] = "none";
  r = respond("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("output").at(0).at("type"), "message");

  body["tool_choice"] = json::object{{"type", "function"}, {"name", "nope"}};
  r = respond("k", body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("param"), "tool_choice");
}

TEST_F(FakeResponsesTest, StreamsAFunctionCallAsArgumentDeltas) {
  auto body = responses_body("gpt-5", true);
  body["tools"] = json::array{weather_tool()};
  const Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);
  const auto events = events_of(r);
  ASSERT_GE(events.size(),
            8u);  // created, in_progress, added, ≥2 deltas, done, item done, completed
  EXPECT_EQ(events[2].at("type"), "response.output_item.added");
  const auto& item = events[2].at("item");
  EXPECT_EQ(item.at("type"), "function_call");
  EXPECT_EQ(item.at("name"), "get_weather");
  EXPECT_EQ(item.at("arguments"), "");
  EXPECT_EQ(item.at("status"), "in_progress");

  std::string arguments;
  std::size_t fragments = 0;
  for (std::size_t i = 3; i + 3 < events.size(); ++i) {
    EXPECT_EQ(events[i].at("type"), "response.function_call_arguments.delta");
    EXPECT_EQ(events[i].at("item_id"), item.at("id"));
    EXPECT_EQ(events[i].at("output_index"), 0);
    arguments += events[i].at("delta").as_string();
    ++fragments;
  }
  EXPECT_GE(fragments, 2u);
  EXPECT_EQ(json::parse(arguments), sample_weather_args);
  const auto& done = events[events.size() - 3];
  EXPECT_EQ(done.at("type"), "response.function_call_arguments.done");
  EXPECT_EQ(done.at("arguments").as_string(), arguments);
  EXPECT_EQ(events[events.size() - 2].at("item").at("arguments").as_string(), arguments);
  EXPECT_EQ(events.back().at("type"), "response.completed");
  EXPECT_EQ(events.back().at("response").at("output").at(0).at("call_id"), item.at("call_id"));
}

// ---- reasoning -----------------------------------------------------------------------------

TEST_F(FakeResponsesTest, AnswersAReasoningRequestWithAReasoningItemFirst) {
  auto body = responses_body("o4-mini");
  body["reasoning"] = json::object{{"effort", "low"}};
  const Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  const auto& output = answer.at("output").as_array();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].at("type"), "reasoning");
  EXPECT_EQ(output[0].at("id").as_string().subview().substr(0, 3), "rs_");
  EXPECT_EQ(output[0].at("summary"), json::array());
  EXPECT_FALSE(output[0].at("encrypted_content").as_string().empty());
  EXPECT_EQ(output[1].at("type"), "message");
  EXPECT_EQ(answer.at("reasoning").at("effort"), "low");
  const auto& usage = answer.at("usage");
  const auto reasoning_tokens =
      usage.at("output_tokens_details").at("reasoning_tokens").to_number<int>();
  EXPECT_GT(reasoning_tokens, 0);
  EXPECT_GT(usage.at("output_tokens").to_number<int>(), reasoning_tokens);

  body["stream"] = true;
  const auto events = events_of(respond("k", body));
  ASSERT_GE(events.size(), 6u);
  EXPECT_EQ(events[2].at("type"), "response.output_item.added");
  EXPECT_EQ(events[2].at("item").at("type"), "reasoning");
  EXPECT_EQ(events[3].at("type"), "response.output_item.done");
  EXPECT_EQ(events[3].at("output_index"), 0);
  EXPECT_EQ(events[4].at("item").at("type"), "message");
  EXPECT_EQ(events[4].at("output_index"), 1);
  EXPECT_EQ(events.back().at("response").at("output").as_array().size(), 2u);
}

TEST_F(FakeResponsesTest, ReportsHowManyReasoningItemsTheInputPassedBack) {
  auto body = responses_body("o4-mini");
  auto& input = body["input"].as_array();
  const json::object reasoning{{"type", "reasoning"},
                               {"id", "rs_1"},
                               {"summary", json::array()},
                               {"encrypted_content", "x"}};
  input.push_back(reasoning);
  input.push_back(json::object{{"type", "function_call"},
                               {"call_id", "call_1"},
                               {"name", "get_weather"},
                               {"arguments", "{}"}});
  input.push_back(
      json::object{{"type", "function_call_output"}, {"call_id", "call_1"}, {"output", "21C"}});
  input.push_back(reasoning);
  Response r = respond("k", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(text_of(r), "Hello from fake model o4-mini (key k) [reasoning items: 2]");

  r = respond("k", responses_body("o4-mini"));
  EXPECT_EQ(text_of(r), "Hello from fake model o4-mini (key k)");
}

// ---- failure directives --------------------------------------------------------------------

TEST_F(FakeResponsesTest, FailureDirectivesAnswerAsTheChatEndpointDoes) {
  struct Case {
    std::string_view directive;
    unsigned status;
    std::string_view code;
    FailureClass cls;
  };
  const Case cases[] = {
      {"quota", 429, "insufficient_quota", FailureClass::QuotaExhausted},
      {"spendlimit", 429, "insufficient_quota", FailureClass::QuotaExhausted},
      {"ratelimit", 429, "rate_limit_exceeded", FailureClass::RateLimited},
      {"overloaded", 503, "server_is_overloaded", FailureClass::Overloaded},
      {"context", 400, "context_length_exceeded", FailureClass::ContextTooLong},
      {"badkey", 401, "invalid_api_key", FailureClass::AuthFailed},
      {"error=404", 404, "model_not_found", FailureClass::BadRequest},
  };
  for (const Case& c : cases) {
    const Response r = respond("sk-alpha", responses_body("gpt-5+" + std::string(c.directive)));
    EXPECT_EQ(r.status, c.status) << c.directive;
    EXPECT_EQ(error_of(r).at("code").as_string(), c.code) << c.directive;
    EXPECT_EQ(class_of(r), c.cls) << c.directive;
  }
  const Response r = respond("k+ratelimit=7", responses_body("gpt-5"));
  EXPECT_EQ(r.header("retry-after"), "7");

  const Response server = respond("k", responses_body("gpt-5+error=500"));
  EXPECT_EQ(server.status, 500u);
  EXPECT_EQ(error_of(server).at("type"), "server_error");
  EXPECT_EQ(class_of(server), FailureClass::ServerError);
}

TEST_F(FakeResponsesTest, BlockedIsAnIncompleteResponse) {
  Response r = respond("k", responses_body("gpt-5+blocked"));
  ASSERT_EQ(r.status, 200u);
  const auto body = r.json();
  EXPECT_EQ(body.at("status"), "incomplete");
  EXPECT_EQ(body.at("incomplete_details").at("reason"), "content_filter");
  EXPECT_EQ(body.at("output"), json::array());

  r = respond("k", responses_body("gpt-5+blocked", true));
  EXPECT_EQ(types_of(events_of(r)),
            (std::vector<std::string>{"response.created", "response.in_progress",
                                      "response.incomplete"}));
}

// ---- stats ---------------------------------------------------------------------------------

TEST_F(FakeResponsesTest, CountsResponsesInTheSharedStats) {
  respond("sk-alpha+quota", responses_body("gpt-5"));
  respond("sk-alpha", responses_body("gpt-5+chunks=2", true));
  respond("sk-beta", responses_body("gpt-5"));
  test::request(fake_->port(), "POST", "/v1/responses",
                json::serialize(responses_body("gpt-5")));  // no key: counted, unnamed
  const Stats s = fake_->stats();
  EXPECT_EQ(s.requests, 4u);
  EXPECT_EQ(s.by_key, (std::map<std::string, std::uint64_t>{{"sk-alpha", 2}, {"sk-beta", 1}}));
  EXPECT_EQ(s.by_model,
            (std::map<std::string, std::uint64_t>{{"gpt-5", 3}, {"gpt-5+chunks=2", 1}}));
}

}  // namespace
}  // namespace sb::fake
