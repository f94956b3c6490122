// Gemini's words for why a model stopped, what it used and what went wrong, in neutral terms
// (providers/gemini_decode.h), and the request builder's options (providers/gemini_build.h).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/gemini_build.h"
#include "providers/gemini_call_id.h"
#include "providers/gemini_decode.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

TEST(GeminiStopReason, FollowsTheStopReasonTable) {
  EXPECT_EQ(gemini_stop_reason("STOP", false), StopReason::Done);
  EXPECT_EQ(gemini_stop_reason("STOP", true), StopReason::ToolUse);
  EXPECT_EQ(gemini_stop_reason("MAX_TOKENS", true), StopReason::Length);
  for (const char* filtered :
       {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE"}) {
    EXPECT_EQ(gemini_stop_reason(filtered, false), StopReason::Filtered) << filtered;
  }
  for (const char* error : {"MALFORMED_FUNCTION_CALL", "OTHER", "UNEXPECTED_TOOL_CALL",
                            "FINISH_REASON_UNSPECIFIED", "NO_IMAGE", "SOMETHING_NEW"}) {
    EXPECT_EQ(gemini_stop_reason(error, true), StopReason::Error) << error;
  }
}

TEST(GeminiUsage, CachedTokensLeaveInputAndThoughtsJoinOutput) {
  const Usage u = gemini_usage(json::parse(R"({"promptTokenCount": 120,
      "cachedContentTokenCount": 100, "candidatesTokenCount": 7, "thoughtsTokenCount": 30,
      "totalTokenCount": 157})")
                                   .as_object());
  EXPECT_EQ(u.input, 20);
  EXPECT_EQ(u.cache_read, 100);
  EXPECT_EQ(u.cache_write, 0);
  EXPECT_EQ(u.output, 37);
  EXPECT_EQ(u.reasoning, 30);
  EXPECT_EQ(u.prompt_total(), 120);
}

TEST(GeminiUsage, AbsentCountsAreZeroAndInputNeverNegative) {
  const Usage none = gemini_usage(json::object{});
  EXPECT_EQ(none.input + none.cache_read + none.output + none.reasoning, 0);
  const Usage odd = gemini_usage(
      json::parse(R"({"promptTokenCount": 5, "cachedContentTokenCount": 9})").as_object());
  EXPECT_EQ(odd.input, 0);
  EXPECT_EQ(odd.cache_read, 9);
}

TEST(GeminiErrorWords, TypeByStatus) {
  const auto type_of = [](std::string_view status) {
    return gemini_error_words(R"({"error":{"code":400,"message":"m","status":")" +
                              std::string(status) + R"("}})")
        .type;
  };
  EXPECT_EQ(type_of("INVALID_ARGUMENT"), "invalid_request_error");
  EXPECT_EQ(type_of("FAILED_PRECONDITION"), "invalid_request_error");
  EXPECT_EQ(type_of("OUT_OF_RANGE"), "invalid_request_error");
  EXPECT_EQ(type_of("UNAUTHENTICATED"), "authentication_error");
  EXPECT_EQ(type_of("PERMISSION_DENIED"), "permission_error");
  EXPECT_EQ(type_of("NOT_FOUND"), "not_found_error");
  EXPECT_EQ(type_of("RESOURCE_EXHAUSTED"), "rate_limit_error");
  EXPECT_EQ(type_of("UNAVAILABLE"), "overloaded_error");
  EXPECT_EQ(type_of("INTERNAL"), "api_error");
  EXPECT_EQ(type_of("DEADLINE_EXCEEDED"), "api_error");
}

TEST(GeminiErrorWords, KeepsGeminisMessage) {
  const ErrorWords words = gemini_error_words(
      R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.",)"
      R"("status":"UNAVAILABLE"}})");
  EXPECT_EQ(words.type, "overloaded_error");
  EXPECT_EQ(words.message, "The model is overloaded. Please try again later.");
}

TEST(GeminiErrorWords, ABadKeyIsAnAuthenticationErrorThoughGeminiSaysInvalidArgument) {
  const ErrorWords words = gemini_error_words(
      R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",)"
      R"("status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.)"
      R"(ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}})");
  EXPECT_EQ(words.type, "authentication_error");
  EXPECT_EQ(words.message, "API key not valid. Please pass a valid API key.");
}

TEST(GeminiErrorWords, AnArrayWrappedErrorReadsTheSame) {
  const ErrorWords words = gemini_error_words(
      R"([{"error":{"code":429,"message":"slow","status":"RESOURCE_EXHAUSTED"}}])");
  EXPECT_EQ(words.type, "rate_limit_error");
  EXPECT_EQ(words.message, "slow");
}

TEST(GeminiErrorWords, ABodyThatIsNotAnErrorIsTheMessage) {
  EXPECT_EQ(gemini_error_words("<html>502 Bad Gateway</html>").type, "api_error");
  EXPECT_EQ(gemini_error_words("<html>502 Bad Gateway</html>").message,
            "<html>502 Bad Gateway</html>");
  EXPECT_EQ(gemini_error_words(R"({"candidates":[]})").message, R"({"candidates":[]})");
  EXPECT_EQ(gemini_error_words("").type, "api_error");
}

TEST(GeminiErrorWords, EveryRecordedGeminiErrorHasAMessage) {
  // The classification fixtures are real Gemini error bodies.
  const fs::path dir = fs::path(SB_FIXTURES_DIR) / "gemini";
  int read = 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    const json::value fixture = json::parse(text.str());
    const json::value& body = fixture.at("body");
    const json::value* error = body.is_object() ? body.as_object().if_contains("error") : nullptr;
    if (!error || !error->is_object()) continue;
    ++read;
    const ErrorWords words = gemini_error_words(json::serialize(body));
    EXPECT_EQ(words.message, error->at("message").as_string()) << file.path().filename();
    EXPECT_FALSE(words.type.empty());
  }
  EXPECT_GT(read, 10);
}

// ---- Builder options and rules no golden shows on its own -------------------------------------

Conversation hello() {
  Conversation c;
  c.turns.push_back(Turn{Role::User, {TextPart{"Hi"}}});
  return c;
}

TEST(BuildGeminiRequest, WithoutMaxTokensOrAFallbackGeminisOwnLimitApplies) {
  const auto body = build_gemini_request(hello(), {});
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(json::parse(*body),
            json::parse(R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]}]})"));
}

TEST(BuildGeminiRequest, TheDecidedLimitIsSentAsMaxOutputTokens) {
  const auto body = build_gemini_request(hello(), {.max_tokens = 8192});
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(json::parse(*body).at("generationConfig").at("maxOutputTokens"), 8192);
}

TEST(BuildGeminiRequest, ThinkingFromAnotherProviderIsDropped) {
  Conversation c = hello();
  c.turns.push_back(
      Turn{Role::Assistant, {ThinkingPart{"hmm", "anthropic-sig"}, TextPart{"Hello"}}});
  const auto body = build_gemini_request(c, {});
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(json::parse(*body).at("contents").at(1),
            json::parse(R"({"role":"model","parts":[{"text":"Hello"}]})"));
}

TEST(BuildGeminiRequest, OnlyThinkingLeavesNoEmptyContent) {
  Conversation c = hello();
  c.turns.push_back(Turn{Role::Assistant, {ThinkingPart{"hmm", "sig"}}});
  c.turns.push_back(Turn{Role::User, {TextPart{"More"}}});
  const auto body = build_gemini_request(c, {});
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(json::parse(*body).at("contents"),
            json::parse(R"([{"role":"user","parts":[{"text":"Hi"},{"text":"More"}]}])"));
}

TEST(BuildGeminiRequest, EveryStepsFirstCallIsSigned) {
  // Two steps of one turn, each with a call another model made: Gemini 3 checks both.
  Conversation c = hello();
  c.turns.push_back(Turn{Role::Assistant, {ToolCallPart{"a", "f", "{}"}}});
  c.turns.push_back(Turn{Role::User, {ToolResultPart{"a", "1", false}}});
  c.turns.push_back(
      Turn{Role::Assistant,
           {ToolCallPart{gemini_call_id("b", "QUJD"), "f", "{}"}, ToolCallPart{"c", "f", "{}"}}});
  const auto body = build_gemini_request(c, {});
  ASSERT_TRUE(body) << body.error().message;
  const json::value contents = json::parse(*body).at("contents");
  EXPECT_EQ(contents.at(1).at("parts").at(0).at("thoughtSignature"),
            "skip_thought_signature_validator");
  EXPECT_EQ(contents.at(3).at("parts").at(0).at("thoughtSignature"), "QUJD");
  EXPECT_FALSE(contents.at(3).at("parts").at(1).as_object().contains("thoughtSignature"));
}

}  // namespace
}  // namespace sb
