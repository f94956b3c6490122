// Golden tests for translations through the neutral model (core/conversation.h), one direction
// per folder under tests/fixtures/translate/, one case per `.golden` file, each a test named
// DIRECTION/CASE:
//   {"note": "why", "in": <body in>,
//    "out": <body expected, compared as JSON values>   -- or --
//    "error": {"status": 400, "param": "the field named"}}
// Directions, and the deployment they assume:
//   openai_chat_to_anthropic        request; model claude-sonnet-4-5, default max_tokens 4096
//   anthropic_to_openai_chat        request; model gpt-4o-mini, usage asked for when streaming
//   anthropic_reply_to_openai_chat  answer; created 1700000000
//   openai_chat_reply_to_anthropic  answer
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "providers/anthropic_build.h"
#include "providers/anthropic_encode.h"
#include "providers/anthropic_parse.h"
#include "providers/anthropic_reply.h"
#include "providers/openai_chat_build.h"
#include "providers/openai_chat_decode.h"
#include "providers/openai_chat_parse.h"
#include "providers/openai_chat_reply.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

using Translate = std::function<Result<std::string>(const std::string&)>;

const std::map<std::string, Translate>& directions() {
  static const std::map<std::string, Translate> kDirections = {
      {"openai_chat_to_anthropic",
       [](const std::string& in) -> Result<std::string> {
         auto conversation = parse_openai_chat(in);
         if (!conversation) return conversation.error();
         return build_anthropic_messages(*conversation, {"claude-sonnet-4-5", 4096});
       }},
      {"anthropic_to_openai_chat",
       [](const std::string& in) -> Result<std::string> {
         auto conversation = parse_anthropic_messages(in);
         if (!conversation) return conversation.error();
         return build_openai_chat(*conversation, {"gpt-4o-mini", true});
       }},
      {"anthropic_reply_to_openai_chat",
       [](const std::string& in) -> Result<std::string> {
         auto reply = parse_anthropic_reply(in);
         if (!reply) return reply.error();
         return build_openai_chat_completion(*reply, 1700000000);
       }},
      {"openai_chat_reply_to_anthropic",
       [](const std::string& in) -> Result<std::string> {
         auto reply = parse_openai_chat_reply(in);
         if (!reply) return reply.error();
         return build_anthropic_message(*reply);
       }},
  };
  return kDirections;
}

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate";

// DIRECTION/CASE for every fixture; a folder without a direction fails below, loudly.
std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& dir : fs::directory_iterator(kRoot)) {
    for (const auto& file : fs::directory_iterator(dir.path())) {
      if (file.path().extension() == ".golden") {
        out.push_back(dir.path().filename().string() + "/" + file.path().stem().string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class TranslateGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(TranslateGolden, Matches) {
  const std::string direction = GetParam().substr(0, GetParam().find('/'));
  const auto it = directions().find(direction);
  ASSERT_NE(it, directions().end()) << "no translation named " << direction;

  std::ifstream file(kRoot / (GetParam() + ".golden"));
  std::stringstream text;
  text << file.rdbuf();
  const json::value golden = json::parse(text.str());
  const json::object& g = golden.as_object();
  ASSERT_TRUE(g.contains("in"));
  ASSERT_NE(g.contains("out"), g.contains("error")) << "a case has `out` or `error`";

  const auto result = it->second(json::serialize(g.at("in")));
  if (g.contains("error")) {
    ASSERT_FALSE(result) << "expected an error, got " << result.value();
    EXPECT_EQ(http_status(result.error().kind), g.at("error").at("status").to_number<unsigned>());
    EXPECT_EQ(result.error().param, g.at("error").at("param").as_string())
        << result.error().message;
    return;
  }
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(json::parse(*result), g.at("out"))
      << "got:      " << *result << "\nexpected: " << json::serialize(g.at("out"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TranslateGolden, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

TEST(TranslateOpenAiToAnthropic, ToolArgumentsKeepTheirExactValues) {
  // Numbers, unicode and nesting survive the parse into an object.
  const std::string args = R"({"n":1.5,"s":"caf\u00e9","deep":{"list":[1,null,true]}})";
  const json::object call{{"id", "c"},
                          {"type", "function"},
                          {"function", json::object{{"name", "f"}, {"arguments", args}}}};
  const json::object in{
      {"model", "m"},
      {"messages", json::array{json::object{{"role", "assistant"},
                                            {"tool_calls", json::array{call}}}}}};
  const auto out = directions().at("openai_chat_to_anthropic")(json::serialize(in));
  ASSERT_TRUE(out) << out.error().message;
  const auto input = json::parse(*out).at("messages").at(0).at("content").at(0).at("input");
  EXPECT_EQ(input, json::parse(args));
}

}  // namespace
}  // namespace sb
