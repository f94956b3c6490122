// The fake provider's Gemini dialect over real loopback sockets: the wire shapes of PROVIDERS.md
// §3 (GenerateContentResponse bodies, SSE chunks without a terminator, the JSON-array stream,
// google.rpc.Status errors with their details), Google's auth and body checks, whole function
// calls with thought signatures and the `signatures` check, every failure directive, and the
// shared stats. Each failure is also fed to the gateway's own classify(), so the fake and the
// classifier cannot drift apart. Each test starts its own FakeProvider on port 0; timing
// assertions use small paces and loose bounds.
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

constexpr std::string_view kModel = "gemini-2.5-flash";

json::object user_turn(std::string_view text) {
  return {{"role", "user"}, {"parts", json::array{json::object{{"text", text}}}}};
}

json::object generate_body() { return {{"contents", json::array{user_turn("Say hello")}}}; }

json::object weather_function() {
  return {{"name", "get_weather"},
          {"description", "Weather for a city"},
          {"parameters",
           {{"type", "OBJECT"},
            {"properties",
             {{"city", {{"type", "STRING"}}},
              {"days", {{"type", "INTEGER"}}},
              {"metric", {{"type", "BOOLEAN"}}}}},
            {"required", json::array{"city"}}}}};
}

json::object search_function() {
  return {{"name", "search"}, {"parametersJsonSchema", test::search_schema()}};
}

json::object with_functions(json::object body, json::array functions) {
  body["tools"] = json::array{json::object{{"functionDeclarations", std::move(functions)}}};
  return body;
}

const json::object sample_weather_args = test::sample_weather_args();

// The parts of the first candidate.
json::array parts_of(const json::value& response) {
  return response.at("candidates").at(0).at("content").at("parts").as_array();
}

json::object error_of(const Response& r) { return r.json().at("error").as_object(); }

// The detail of `type` (e.g. "QuotaFailure") in a google.rpc.Status body; null when absent.
json::value detail_of(const Response& r, std::string_view type) {
  const std::string wanted = "type.googleapis.com/google.rpc." + std::string(type);
  const json::object error = error_of(r);
  for (const auto& d : error.at("details").as_array()) {
    if (d.at("@type").as_string() == wanted) return d;
  }
  return nullptr;
}

std::vector<json::value> chunks_of(const Response& r) {
  std::vector<json::value> chunks;
  for (const auto& data : r.sse_data()) chunks.push_back(json::parse(data));
  return chunks;
}

Failure failure_of(const Response& r, bool in_stream = false) {
  return test::classify_answer(ProviderType::Gemini, r, in_stream);
}

FailureClass class_of(const Response& r) { return failure_of(r).cls; }

class FakeGeminiTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_ = FakeProvider::start(); }

  // POST /v1beta/models/{model}:{method}{query} with the key in x-goog-api-key.
  Response call(std::string_view key, std::string_view model, std::string_view method,
                const json::object& body, std::string_view query = "",
                const test::RequestOptions& options = {}) {
    const std::string target =
        "/v1beta/models/" + std::string(model) + ":" + std::string(method) + std::string(query);
    test::Headers headers;
    if (!key.empty()) headers.emplace_back("x-goog-api-key", std::string(key));
    return test::request(fake_->port(), "POST", target, json::serialize(body), headers, options);
  }

  Response generate(std::string_view key, std::string_view model, const json::object& body) {
    return call(key, model, "generateContent", body);
  }

  Response stream(std::string_view key, std::string_view model, const json::object& body) {
    return call(key, model, "streamGenerateContent", body, "?alt=sse");
  }

  FakeProviderPtr fake_;
};

// ---- normal answers ------------------------------------------------------------------------

TEST_F(FakeGeminiTest, AnswersWithAGenerateContentResponse) {
  const Response r = generate("AIza-alpha", kModel, generate_body());
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=UTF-8");
  EXPECT_FALSE(r.has_header("x-request-id"));
  EXPECT_FALSE(r.has_header("openai-processing-ms"));
  EXPECT_FALSE(r.has_header("x-ratelimit-limit-requests"));
  EXPECT_FALSE(r.has_header("retry-after"));

  const auto body = r.json();
  const auto& candidate = body.at("candidates").at(0);
  EXPECT_EQ(candidate.at("content"),
            (json::object{
                {"parts", json::array{json::object{{"text",
                                                    "Hello from fake model gemini-2.5-flash (key "
                                                    "AIza-alpha)"}}}},
                {"role", "model"}}));
  EXPECT_EQ(candidate.at("finishReason"), "STOP");
  EXPECT_EQ(candidate.at("index"), 0);
  const auto& usage = body.at("usageMetadata");
  EXPECT_EQ(usage.at("promptTokenCount"), 3);  // ceil(len("Say hello") / 4)
  EXPECT_GT(usage.at("candidatesTokenCount").to_number<int>(), 0);
  EXPECT_EQ(usage.at("totalTokenCount").to_number<int>(),
            usage.at("promptTokenCount").to_number<int>() +
                usage.at("candidatesTokenCount").to_number<int>());
  EXPECT_EQ(body.at("modelVersion").as_string(), kModel);
  EXPECT_FALSE(body.at("responseId").as_string().empty());
}

TEST_F(FakeGeminiTest, CountsTheSystemInstructionAsInput) {
  auto body = generate_body();
  body["systemInstruction"] =
      json::object{{"parts", json::array{json::object{{"text", "Be brief, always."}}}}};
  body["generationConfig"] = json::object{{"temperature", 0.2}, {"maxOutputTokens", 64}};
  const Response r = generate("k", kModel, body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.json().at("usageMetadata").at("promptTokenCount"), 7);  // ceil((17 + 9) / 4)
}

TEST_F(FakeGeminiTest, TakesTheKeyFromTheHeaderTheQueryOrBearer) {
  const std::string body = json::serialize(generate_body());
  const auto text_of = [](const Response& r) {
    return std::string(parts_of(r.json()).at(0).at("text").as_string());
  };
  Response r =
      test::request(fake_->port(), "POST",
                    "/v1beta/models/gemini-2.5-flash:generateContent?key=AIza-query", body);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(text_of(r), "Hello from fake model gemini-2.5-flash (key AIza-query)");

  r = test::request(fake_->port(), "POST",
                    "/v1beta/models/gemini-2.5-flash:generateContent?key=AIza-query", body,
                    {{"x-goog-api-key", "AIza-header"}});
  EXPECT_EQ(text_of(r), "Hello from fake model gemini-2.5-flash (key AIza-header)");

  r = test::request(fake_->port(), "POST", "/v1beta/models/gemini-2.5-flash:generateContent", body,
                    {{"Authorization", "Bearer ya29.token"}});
  EXPECT_EQ(text_of(r), "Hello from fake model gemini-2.5-flash (key ya29.token)");
}

TEST_F(FakeGeminiTest, RejectsAMissingKeyWith403PermissionDenied) {
  const Response r = generate("", kModel, generate_body());
  EXPECT_EQ(r.status, 403u);
  const auto error = error_of(r);
  EXPECT_EQ(error.at("code"), 403);
  EXPECT_EQ(error.at("status"), "PERMISSION_DENIED");
  EXPECT_EQ(
      error.at("message").as_string().subview().rfind(
          "Method doesn't allow unregistered callers (callers without established identity).", 0),
      0u);
  EXPECT_EQ(class_of(r), FailureClass::AuthFailed);
}

TEST_F(FakeGeminiTest, ValidatesTheBodyAsGoogleDoes) {
  const auto expect_invalid = [&](const Response& r, std::string_view message) {
    EXPECT_EQ(r.status, 400u) << message;
    const auto error = error_of(r);
    EXPECT_EQ(error.at("code"), 400);
    EXPECT_EQ(error.at("status"), "INVALID_ARGUMENT");
    EXPECT_NE(error.at("message").as_string().subview().find(message), std::string_view::npos)
        << error.at("message");
    EXPECT_EQ(class_of(r), FailureClass::BadRequest);
  };
  expect_invalid(generate("k", kModel, json::object{}),
                 "* GenerateContentRequest.contents: contents is not specified");
  expect_invalid(generate("k", kModel, json::object{{"contents", json::array()}}),
                 "contents is not specified");
  expect_invalid(generate("k", kModel, json::object{{"contents", "hello"}}),
                 "Invalid value at 'contents'");
  expect_invalid(
      test::request(fake_->port(), "POST", "/v1beta/models/gemini-2.5-flash:generateContent",
                    "{not json", {{"x-goog-api-key", "k"}}),
      "Invalid JSON payload received.");
  expect_invalid(generate("k", kModel, with_functions(generate_body(), {json::object{}})),
                 "function_declarations[0].name: Name cannot be empty");
}

TEST_F(FakeGeminiTest, AnswersUnknownMethodsWith404) {
  const Response r = call("k", kModel, "countTokens", generate_body());
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_of(r).at("status"), "NOT_FOUND");
  EXPECT_EQ(class_of(r), FailureClass::BadRequest);
}

TEST_F(FakeGeminiTest, ReadsDirectivesFromTheModelPathDecoded) {
  Response r = generate("k", "gemini-2.5-flash%2Boverloaded", generate_body());
  EXPECT_EQ(r.status, 503u);
  r = generate("k", "gemini-2.5-flash+overloaded", generate_body());
  EXPECT_EQ(r.status, 503u);
  r = generate("k+overloaded", "gemini%2D2.5-flash", generate_body());
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(fake_->stats().by_model.count("gemini-2.5-flash"), 1u) << "counted decoded";
}

TEST_F(FakeGeminiTest, ListsModelsInGooglesShape) {
  Response r = test::request(fake_->port(), "GET", "/v1beta/models?key=k");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto models = r.json();
  const auto& first = models.at("models").at(0);
  EXPECT_EQ(first.at("name").as_string().subview().substr(0, 7), "models/");
  EXPECT_FALSE(first.at("supportedGenerationMethods").as_array().empty());

  r = test::request(fake_->port(), "GET", "/v1beta/models");
  EXPECT_EQ(r.status, 403u);
}

// ---- streams -------------------------------------------------------------------------------

TEST_F(FakeGeminiTest, StreamsSseChunksThatSimplyEnd) {
  const Response r = stream("AIza-alpha", "gemini-2.5-flash+chunks=3", generate_body());
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  EXPECT_FALSE(r.has_header("x-request-id"));
  EXPECT_EQ(r.body.find("[DONE]"), std::string::npos);
  EXPECT_EQ(r.body.find("event:"), std::string::npos);
  EXPECT_EQ(r.body.substr(r.body.size() - 4), "\r\n\r\n") << "Google separates events by CRLF";

  const auto chunks = chunks_of(r);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(r.pieces.size(), chunks.size()) << "each chunk is its own HTTP chunk";
  std::string text;
  std::int64_t candidates_tokens = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto& c = chunks[i];
    text += parts_of(c).at(0).at("text").as_string();
    const auto& candidate = c.at("candidates").at(0).as_object();
    EXPECT_EQ(candidate.contains("finishReason"), i + 1 == chunks.size()) << i;
    const auto tokens = c.at("usageMetadata").at("candidatesTokenCount").to_number<std::int64_t>();
    EXPECT_GE(tokens, candidates_tokens) << "usage grows";
    candidates_tokens = tokens;
    EXPECT_EQ(c.at("usageMetadata").at("promptTokenCount"), 3);
    EXPECT_EQ(c.at("modelVersion"), "gemini-2.5-flash+chunks=3");
    EXPECT_EQ(c.at("responseId"), chunks[0].at("responseId"));
  }
  EXPECT_EQ(text, "Hello from fake model gemini-2.5-flash (key AIza-alpha)");
  EXPECT_EQ(chunks.back().at("candidates").at(0).at("finishReason"), "STOP");
  EXPECT_EQ(candidates_tokens, static_cast<std::int64_t>((text.size() + 3) / 4));
}

TEST_F(FakeGeminiTest, StreamsAJsonArrayWithoutAltSse) {
  const Response r =
      call("k", "gemini-2.5-flash+chunks=2", "streamGenerateContent", generate_body());
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=UTF-8");
  const auto body = r.json();
  ASSERT_TRUE(body.is_array()) << r.body;
  ASSERT_EQ(body.as_array().size(), 2u);
  std::string text;
  for (const auto& c : body.as_array()) text += parts_of(c).at(0).at("text").as_string();
  EXPECT_EQ(text, "Hello from fake model gemini-2.5-flash (key k)");
  EXPECT_EQ(body.at(1).at("candidates").at(0).at("finishReason"), "STOP");

  const Response failed = call("k", "gemini-2.5-flash+chunks=2+midstream_error=1",
                               "streamGenerateContent", generate_body());
  const auto elements = failed.json();
  ASSERT_TRUE(elements.is_array()) << failed.body;
  ASSERT_EQ(elements.as_array().size(), 2u);
  EXPECT_EQ(elements.at(1).at("error").at("status"), "UNAVAILABLE");
}

TEST_F(FakeGeminiTest, MidstreamErrorSendsAnErrorObjectAndEnds) {
  const Response r = stream("k", "gemini-2.5-flash+midstream_error=2", generate_body());
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete) << "the chunked body ends properly after the error";
  const auto chunks = chunks_of(r);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_TRUE(chunks[0].as_object().contains("candidates"));
  EXPECT_EQ(chunks.back(), json::parse(R"({"error":{"code":503,"message":"The model is )"
                                       R"(overloaded. Please try again later.",)"
                                       R"("status":"UNAVAILABLE"}})"));
  EXPECT_EQ(failure_of(r, true).cls, FailureClass::Overloaded);
}

TEST_F(FakeGeminiTest, DropCutsTheStreamAfterNChunks) {
  const Response r = stream("k", "gemini-2.5-flash+drop=1", generate_body());
  EXPECT_EQ(r.status, 200u);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.error, http::error::partial_message);
  EXPECT_EQ(chunks_of(r).size(), 1u);
}

TEST_F(FakeGeminiTest, PaceSpreadsChunksAndStallDelaysTheAnswer) {
  const auto start = std::chrono::steady_clock::now();
  Response r = generate("k+stall=60", kModel, generate_body());
  EXPECT_EQ(r.status, 200u);
  EXPECT_GE(r.headers_at - start, 50ms);

  r = stream("k", "gemini-2.5-flash+pace=15+chunks=4", generate_body());
  ASSERT_EQ(r.pieces.size(), 4u);
  EXPECT_GE(r.pieces.back().at - r.pieces.front().at, 3 * 15ms * 8 / 10);
}

// ---- function calls and thought signatures -------------------------------------------------

TEST_F(FakeGeminiTest, CallsTheFirstFunctionWholeWithASignature) {
  const auto body = with_functions(generate_body(), {weather_function(), search_function()});
  const Response r = generate("k", kModel, body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer.at("candidates").at(0).at("finishReason"), "STOP");
  const auto parts = parts_of(answer);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].at("functionCall"),
            (json::object{{"name", "get_weather"}, {"args", sample_weather_args}}));
  const auto& signature = parts[0].at("thoughtSignature").as_string();
  EXPECT_GT(signature.size(), 16u);
  EXPECT_EQ(signature.size() % 4, 0u) << "base64";

  const Response again = generate("k", kModel, body);
  EXPECT_NE(parts_of(again.json()).at(0).at("thoughtSignature"), signature) << "one per call";
}

TEST_F(FakeGeminiTest, ObeysTheFunctionCallingConfig) {
  auto body = with_functions(generate_body(), {weather_function(), search_function()});
  body["toolConfig"] =
      json::object{{"functionCallingConfig",
                    {{"mode", "ANY"}, {"allowedFunctionNames", json::array{"search"}}}}};
  Response r = generate("k", kModel, body);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(parts_of(r.json()).at(0).at("functionCall"),
            (json::object{{"name", "search"}, {"args", {{"q", "sample"}}}}))
      << "parametersJsonSchema is read too";

  body["toolConfig"] = json::object{{"functionCallingConfig", {{"mode", "NONE"}}}};
  r = generate("k", kModel, body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(parts_of(r.json()).at(0).as_object().contains("text"));

  body["toolConfig"] = json::object{
      {"functionCallingConfig", {{"mode", "ANY"}, {"allowedFunctionNames", json::array{"nope"}}}}};
  r = generate("k", kModel, body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("status"), "INVALID_ARGUMENT");
}

TEST_F(FakeGeminiTest, StreamsAFunctionCallWholeInOneChunk) {
  const auto body = with_functions(generate_body(), {weather_function()});
  const Response r = stream("k", "gemini-2.5-flash+chunks=8", body);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);
  const auto chunks = chunks_of(r);
  ASSERT_EQ(chunks.size(), 1u);
  const auto part = parts_of(chunks[0]).at(0);
  EXPECT_EQ(part.at("functionCall").at("args"), sample_weather_args);
  EXPECT_FALSE(part.at("thoughtSignature").as_string().empty());
  EXPECT_EQ(chunks[0].at("candidates").at(0).at("finishReason"), "STOP");
}

class FakeGeminiSignatureTest : public FakeGeminiTest {
 protected:
  // The part the fake answers with when asked to call get_weather.
  json::object issued_call() {
    const Response r = generate("k", kModel, with_functions(generate_body(), {weather_function()}));
    return parts_of(r.json()).at(0).as_object();
  }

  // A follow-up turn: the user's question, the model's call (`call_parts`), the function's answer.
  Response follow_up(std::string_view model, json::array call_parts) {
    json::object body{
        {"contents",
         json::array{user_turn("Weather in Paris?"),
                     json::object{{"role", "model"}, {"parts", std::move(call_parts)}},
                     json::object{
                         {"role", "user"},
                         {"parts", json::array{json::object{{"functionResponse",
                                                             {{"name", "get_weather"},
                                                              {"response", {{"temp", 21}}}}}}}}}}}};
    return generate("k", model, with_functions(std::move(body), {weather_function()}));
  }
};

TEST_F(FakeGeminiSignatureTest, AcceptsAHistoryThatCarriesTheIssuedSignature) {
  const Response r = follow_up("gemini-3-pro+signatures", {issued_call()});
  EXPECT_EQ(r.status, 200u) << r.body;
}

TEST_F(FakeGeminiSignatureTest, RefusesAFunctionCallWithoutItsSignature) {
  json::object call = issued_call();
  call.erase("thoughtSignature");
  const Response r = follow_up("gemini-3-pro+signatures", {call});
  EXPECT_EQ(r.status, 400u);
  const auto error = error_of(r);
  EXPECT_EQ(error.at("status"), "INVALID_ARGUMENT");
  const std::string message(error.at("message").as_string());
  EXPECT_EQ(message.rfind("Function call is missing a thought_signature in functionCall parts.", 0),
            0u)
      << message;
  EXPECT_NE(message.find("function call `default_api:get_weather` , position 2."),
            std::string::npos)
      << message;
  EXPECT_EQ(class_of(r), FailureClass::BadRequest);

  EXPECT_EQ(follow_up(kModel, {call}).status, 200u) << "only checked when asked to";
}

TEST_F(FakeGeminiSignatureTest, RefusesASignatureItDidNotIssue) {
  json::object call = issued_call();
  std::string signature(call.at("thoughtSignature").as_string());
  signature[4] = signature[4] == 'A' ? 'B' : 'A';
  call["thoughtSignature"] = signature;
  Response r = follow_up("gemini-3-pro+signatures", {call});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("message"), "Corrupted thought signature.");

  call["thoughtSignature"] = "bm90LW91cnM=";
  r = follow_up("gemini-3-pro+signatures", {call});
  EXPECT_EQ(r.status, 400u);
}

TEST_F(FakeGeminiSignatureTest, AcceptsTheDocumentedSkipValueAndUnsignedParallelCalls) {
  json::object call = issued_call();
  call["thoughtSignature"] = "skip_thought_signature_validator";
  EXPECT_EQ(follow_up("gemini-3-pro+signatures", {call}).status, 200u);

  // Parallel calls: only the first functionCall part of a turn carries the signature.
  json::object second{{"functionCall", {{"name", "get_weather"}, {"args", {{"city", "Rome"}}}}}};
  EXPECT_EQ(follow_up("gemini-3-pro+signatures", {issued_call(), second}).status, 200u);
  EXPECT_EQ(follow_up("gemini-3-pro+signatures", {second, issued_call()}).status, 400u);
}

TEST_F(FakeGeminiSignatureTest, OwnSignaturesRefusesTheSkipValuesToo) {
  json::object call = issued_call();
  EXPECT_EQ(follow_up("gemini-3-pro+own_signatures", {call}).status, 200u);
  call["thoughtSignature"] = "skip_thought_signature_validator";
  const Response r = follow_up("gemini-3-pro+own_signatures", {call});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("message"), "Corrupted thought signature.");
}

// ---- failure directives --------------------------------------------------------------------

TEST_F(FakeGeminiTest, QuotaIsADailyResourceExhausted) {
  for (const char* directive : {"quota", "spendlimit"}) {
    const Response r = generate(std::string("AIza+") + directive, kModel, generate_body());
    EXPECT_EQ(r.status, 429u) << directive;
    EXPECT_FALSE(r.has_header("retry-after"));
    const auto error = error_of(r);
    EXPECT_EQ(error.at("code"), 429);
    EXPECT_EQ(error.at("status"), "RESOURCE_EXHAUSTED");
    EXPECT_NE(error.at("message").as_string().subview().find("model: gemini-2.5-flash"),
              std::string_view::npos);
    const auto quota = detail_of(r, "QuotaFailure");
    ASSERT_FALSE(quota.is_null()) << r.body;
    EXPECT_EQ(quota.at("violations").at(0).at("quotaId"),
              "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
    EXPECT_EQ(detail_of(r, "RetryInfo").at("retryDelay"), "33s");
    const Failure f = failure_of(r);
    EXPECT_EQ(f.cls, FailureClass::QuotaExhausted) << directive;
    EXPECT_NE(f.detail.find("per-day"), std::string::npos)
        << f.detail << ": a daily quota, so the 33s delay is not its reset";
  }
}

TEST_F(FakeGeminiTest, RateLimitIsAPerMinuteResourceExhaustedWithItsDelay) {
  Response r = generate("k", "gemini-2.5-flash+ratelimit", generate_body());
  EXPECT_EQ(r.status, 429u);
  EXPECT_FALSE(r.has_header("retry-after"));
  EXPECT_EQ(error_of(r).at("status"), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(detail_of(r, "QuotaFailure").at("violations").at(0).at("quotaId"),
            "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
  EXPECT_EQ(detail_of(r, "RetryInfo").at("retryDelay"), "20s");
  EXPECT_NE(error_of(r).at("message").as_string().subview().find("Please retry in 20s."),
            std::string_view::npos);
  const auto before = std::chrono::system_clock::now();
  const Failure f = failure_of(r);
  EXPECT_EQ(f.cls, FailureClass::RateLimited);
  ASSERT_TRUE(f.retry_at);
  EXPECT_GE(*f.retry_at, before + 19s);
  EXPECT_LE(*f.retry_at, before + 25s);

  r = generate("k+ratelimit=7", kModel, generate_body());
  EXPECT_EQ(detail_of(r, "RetryInfo").at("retryDelay"), "7s");
}

TEST_F(FakeGeminiTest, OverloadedIs503Unavailable) {
  const Response r = generate("k", "gemini-2.5-flash+overloaded", generate_body());
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(r.json(), json::parse(R"({"error":{"code":503,"message":"The model is overloaded. )"
                                  R"(Please try again later.","status":"UNAVAILABLE"}})"));
  EXPECT_EQ(class_of(r), FailureClass::Overloaded);
}

TEST_F(FakeGeminiTest, ContextIs400InputTokenCount) {
  const Response r = generate("k", "gemini-2.5-flash+context", generate_body());
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("status"), "INVALID_ARGUMENT");
  EXPECT_EQ(error_of(r).at("message"),
            "The input token count (1196265) exceeds the maximum number of tokens allowed "
            "(1048576).");
  EXPECT_EQ(class_of(r), FailureClass::ContextTooLong);
}

TEST_F(FakeGeminiTest, BadKeyIs400ApiKeyInvalid) {
  const Response r = generate("AIza-wrong+badkey", kModel, generate_body());
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_of(r).at("status"), "INVALID_ARGUMENT");
  EXPECT_EQ(error_of(r).at("message"), "API key not valid. Please pass a valid API key.");
  EXPECT_EQ(detail_of(r, "ErrorInfo").at("reason"), "API_KEY_INVALID");
  EXPECT_EQ(class_of(r), FailureClass::AuthFailed);
}

TEST_F(FakeGeminiTest, ErrorCodeAnswersWithItsGoogleRpcStatus) {
  struct Case {
    unsigned status;
    std::string_view name;
    FailureClass cls;
  };
  const Case cases[] = {
      {400, "INVALID_ARGUMENT", FailureClass::BadRequest},
      {401, "UNAUTHENTICATED", FailureClass::AuthFailed},
      {403, "PERMISSION_DENIED", FailureClass::AuthFailed},
      {404, "NOT_FOUND", FailureClass::BadRequest},
      {429, "RESOURCE_EXHAUSTED", FailureClass::RateLimited},
      {500, "INTERNAL", FailureClass::ServerError},
      {502, "INTERNAL", FailureClass::ServerError},
      {503, "UNAVAILABLE", FailureClass::Overloaded},
      {504, "DEADLINE_EXCEEDED", FailureClass::ServerError},
  };
  for (const Case& c : cases) {
    const Response r =
        generate("k", "gemini-2.5-flash+error=" + std::to_string(c.status), generate_body());
    EXPECT_EQ(r.status, c.status);
    const auto error = error_of(r);
    EXPECT_EQ(error.at("code"), c.status);
    EXPECT_EQ(error.at("status").as_string(), c.name) << c.status;
    EXPECT_FALSE(error.at("message").as_string().empty()) << c.status;
    EXPECT_EQ(class_of(r), c.cls) << c.status;
  }
  EXPECT_EQ(error_of(generate("k", "gemini-2.5-flash+error=404", generate_body())).at("message"),
            "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for "
            "generateContent. Call ListModels to see the list of available models and their "
            "supported methods.");
}

TEST_F(FakeGeminiTest, BlockedPromptIs200WithoutCandidates) {
  Response r = generate("k", "gemini-2.5-flash+blocked", generate_body());
  ASSERT_EQ(r.status, 200u);
  const auto body = r.json().as_object();
  EXPECT_FALSE(body.contains("candidates"));
  EXPECT_EQ(body.at("promptFeedback").at("blockReason"), "SAFETY");
  EXPECT_EQ(body.at("usageMetadata").at("promptTokenCount"), 3);
  EXPECT_EQ(class_of(r), FailureClass::ContentFiltered);

  r = stream("k", "gemini-2.5-flash+blocked", generate_body());
  ASSERT_EQ(r.status, 200u);
  const auto chunks = chunks_of(r);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].at("promptFeedback").at("blockReason"), "SAFETY");
}

// ---- stats ---------------------------------------------------------------------------------

TEST_F(FakeGeminiTest, CountsGeminiRequestsInTheSharedStats) {
  generate("AIza-alpha+quota", kModel, generate_body());
  stream("AIza-alpha", "gemini-2.5-flash+chunks=2", generate_body());
  generate("AIza-beta", kModel, generate_body());
  generate("", kModel, generate_body());  // no key: counted, unnamed
  const Stats s = fake_->stats();
  EXPECT_EQ(s.requests, 4u);
  EXPECT_EQ(s.by_key, (std::map<std::string, std::uint64_t>{{"AIza-alpha", 2}, {"AIza-beta", 1}}));
  EXPECT_EQ(s.by_model, (std::map<std::string, std::uint64_t>{{"gemini-2.5-flash", 3},
                                                              {"gemini-2.5-flash+chunks=2", 1}}));
}

}  // namespace
}  // namespace sb::fake
