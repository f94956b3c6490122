// Golden tests for OpenAI Chat -> Conversation -> Anthropic Messages requests
// (providers/openai_chat_parse.h, providers/anthropic_build.h). One case per file under
// tests/fixtures/translate/openai_chat_to_anthropic/*.golden, each becoming a test named after it:
//   {"note": "why", "in": <OpenAI Chat body>,
//    "out": <the Anthropic body expected, compared as JSON values>   -- or --
//    "error": {"status": 400, "param": "the field named"}}
// The deployment's model is claude-sonnet-4-5 and its default max_tokens 4096.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/anthropic_build.h"
#include "providers/openai_chat_parse.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate" / "openai_chat_to_anthropic";

std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(kRoot)) {
    if (entry.path().extension() == ".golden") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> translate(const json::value& in) {
  auto conversation = parse_openai_chat(json::serialize(in));
  if (!conversation) return conversation.error();
  return build_anthropic_messages(*conversation, {"claude-sonnet-4-5", 4096});
}

class OpenAiToAnthropic : public ::testing::TestWithParam<std::string> {};

TEST_P(OpenAiToAnthropic, Golden) {
  std::ifstream file(kRoot / (GetParam() + ".golden"));
  std::stringstream text;
  text << file.rdbuf();
  const json::value golden = json::parse(text.str());
  const json::object& g = golden.as_object();
  ASSERT_TRUE(g.contains("in"));
  ASSERT_NE(g.contains("out"), g.contains("error")) << "a case has `out` or `error`";

  const auto result = translate(g.at("in"));
  if (g.contains("error")) {
    ASSERT_FALSE(result) << "expected an error, got " << result.value();
    EXPECT_EQ(http_status(result.error().kind), g.at("error").at("status").to_number<unsigned>());
    EXPECT_EQ(result.error().param, g.at("error").at("param").as_string())
        << result.error().message;
    return;
  }
  ASSERT_TRUE(result) << result.error().message;
  const json::value actual = json::parse(*result);
  EXPECT_EQ(actual, g.at("out")) << "got:      " << *result
                                 << "\nexpected: " << json::serialize(g.at("out"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OpenAiToAnthropic, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param; });

TEST(OpenAiToAnthropicRoundTrip, ToolArgumentsKeepTheirExactValues) {
  // Numbers, unicode and nesting survive the parse into an object.
  const std::string args = R"({"n":1.5,"s":"caf\u00e9","deep":{"list":[1,null,true]}})";
  json::object in{{"model", "m"},
                  {"messages", json::array{json::object{
                                   {"role", "assistant"},
                                   {"tool_calls", json::array{json::object{
                                                      {"id", "c"},
                                                      {"type", "function"},
                                                      {"function", json::object{{"name", "f"},
                                                                                {"arguments", args}}}}}}}}}};
  const auto out = translate(in);
  ASSERT_TRUE(out) << out.error().message;
  const auto input = json::parse(*out).at("messages").at(0).at("content").at(0).at("input");
  EXPECT_EQ(input, json::parse(args));
}

}  // namespace
}  // namespace sb
