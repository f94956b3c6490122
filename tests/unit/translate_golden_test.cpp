// Golden tests for translations through the neutral model (core/conversation.h), one direction
// per folder under tests/fixtures/translate/, one case per `.golden` file, each a test named
// DIRECTION/CASE:
//   {"note": "why", "in": <body in>,
//    "out": <body expected, compared as JSON values>   -- or --
//    "error": {"status": 400, "param": "the field named"}}
// Directions, through the dialects' spokes (providers/dialect_spokes.h) as the gateway uses them:
//   CLIENT_to_UPSTREAM        a request: the client spoke parses, the upstream spoke builds for
//                             the model below, which the built-in catalog knows (its max output
//                             bounds max_tokens)
//   UPSTREAM_reply_to_CLIENT  an answer: the upstream spoke reads, the client spoke writes
//                             (created 1700000000)
// Dialect names and models: openai_chat (gpt-4o-mini), anthropic (claude-sonnet-4-5), responses,
// gemini (gemini-2.5-flash; its model goes in the URL, not the body).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "catalog/catalog.h"
#include "providers/dialect_spokes.h"
#include "providers/translation.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

using Translate = std::function<Result<std::string>(const std::string&)>;

struct DialectName {
  Dialect dialect;
  const char* model;
  const char* catalog_provider;
};

const std::map<std::string, DialectName>& dialect_names() {
  static const std::map<std::string, DialectName> kNames = {
      {"openai_chat", {Dialect::OpenAIChat, "gpt-4o-mini", "openai"}},
      {"anthropic", {Dialect::AnthropicMessages, "claude-sonnet-4-5", "anthropic"}},
      {"responses", {Dialect::OpenAIResponses, "gpt-4o-mini", "openai"}},
      {"gemini", {Dialect::Gemini, "gemini-2.5-flash", "google"}},
  };
  return kNames;
}

// The translation a folder names; null when it names none (the test then fails, loudly).
std::optional<Translate> direction(const std::string& folder) {
  const bool reply = folder.find("_reply_to_") != std::string::npos;
  const std::string separator = reply ? "_reply_to_" : "_to_";
  const auto cut = folder.find(separator);
  if (cut == std::string::npos) return std::nullopt;
  const auto from = dialect_names().find(folder.substr(0, cut));
  const auto to = dialect_names().find(folder.substr(cut + separator.size()));
  if (from == dialect_names().end() || to == dialect_names().end()) return std::nullopt;
  if (reply) {
    const UpstreamSpoke* upstream = upstream_spoke(from->second.dialect);
    const ClientSpoke* client = client_spoke(to->second.dialect);
    if (!upstream || !client) return std::nullopt;
    return [upstream, client](const std::string& in) -> Result<std::string> {
      auto parsed = upstream->parse_reply(in);
      if (!parsed) return parsed.error();
      return client->reply(*parsed, 1700000000);
    };
  }
  const ClientSpoke* client = client_spoke(from->second.dialect);
  const UpstreamSpoke* upstream = upstream_spoke(to->second.dialect);
  if (!upstream || !client) return std::nullopt;
  const std::string model = to->second.model;
  const ModelInfo* facts = Catalog::builtin().find(to->second.catalog_provider, model);
  if (!facts) return std::nullopt;
  return [upstream, client, model, facts](const std::string& in) -> Result<std::string> {
    auto conversation = client->parse(in);
    if (!conversation) return conversation.error();
    return build_upstream_request(Translation{client, upstream}, *conversation, model, facts);
  };
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
  const std::string folder = GetParam().substr(0, GetParam().find('/'));
  const auto translate = direction(folder);
  ASSERT_TRUE(translate) << "no translation named " << folder;

  std::ifstream file(kRoot / (GetParam() + ".golden"));
  std::stringstream text;
  text << file.rdbuf();
  const json::value golden = json::parse(text.str());
  const json::object& g = golden.as_object();
  ASSERT_TRUE(g.contains("in"));
  ASSERT_NE(g.contains("out"), g.contains("error")) << "a case has `out` or `error`";

  const auto result = (*translate)(json::serialize(g.at("in")));
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
  const json::object in{{"model", "m"},
                        {"messages", json::array{json::object{{"role", "assistant"},
                                                              {"tool_calls", json::array{call}}}}}};
  const auto out = (*direction("openai_chat_to_anthropic"))(json::serialize(in));
  ASSERT_TRUE(out) << out.error().message;
  const auto input = json::parse(*out).at("messages").at(0).at("content").at(0).at("input");
  EXPECT_EQ(input, json::parse(args));
}

}  // namespace
}  // namespace sb
