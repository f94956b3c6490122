// Recorded failures, one per file under tests/fixtures/<provider>/*.json, each asserting the class
// classify() gives it and the reset time (and, when given, the detail). Every `.json` file in the
// tree is a classification fixture and becomes one test named after its path
// (`openai/insufficient_quota.json` -> `openai_insufficient_quota`); other kinds of fixtures in
// the same tree must use another extension (`.sse`, `.ndjson`).
//
// Shape (strict: an unknown key, a missing key or a wrong type fails that test loudly, so a typo
// cannot turn a fixture into a silent pass):
//   {"note": "optional, why this case matters",
//    "provider_type": "openai" | "openai-compatible" | "anthropic" | "gemini",
//    "status": 429, "headers": {"retry-after": "20"}, "body": <JSON, or the raw body as a string>,
//    "in_stream": false, "transport": "none" | "connect_failed" | … | "protocol",
//    "now": "2026-11-23T12:00:00Z",
//    "expect": {"class": "quota_exhausted", "retry_at": "2026-11-23T13:00:00Z" | null,
//               "detail": "optional exact detail"}}
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "providers/failure_class.h"
#include "routing/reset_time.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Fixture {
  ProviderType type = ProviderType::OpenAI;
  UpstreamOutcome outcome;
  std::string body;  // outcome.body views it once the fixture is in its final place
  SysTime now;
  FailureClass cls = FailureClass::Unknown;
  std::optional<SysTime> retry_at;
  std::optional<std::string> detail;
};

// The fixture, or why its shape is wrong.
using Loaded = std::variant<Fixture, std::string>;

std::string check_keys(const json::object& o, std::initializer_list<std::string_view> required,
                       std::initializer_list<std::string_view> optional) {
  for (const auto& kv : o) {
    const auto known = [&](std::initializer_list<std::string_view> keys) {
      return std::find(keys.begin(), keys.end(), kv.key()) != keys.end();
    };
    if (!known(required) && !known(optional))
      return "unknown key \"" + std::string(kv.key()) + "\"";
  }
  for (auto key : required) {
    if (!o.contains(key)) return "missing key \"" + std::string(key) + "\"";
  }
  return {};
}

std::optional<SysTime> time_of(const json::value& v) {
  if (!v.is_string()) return std::nullopt;
  return parse_rfc3339(std::string(v.as_string()));
}

Loaded parse_fixture(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return "not JSON: " + ec.message();
  if (!root.is_object()) return std::string("not a JSON object");
  const auto& o = root.as_object();
  if (auto why = check_keys(
          o,
          {"provider_type", "status", "headers", "body", "in_stream", "transport", "now", "expect"},
          {"note"});
      !why.empty()) {
    return why;
  }
  Fixture f;
  const auto& type = o.at("provider_type");
  const auto parsed_type =
      type.is_string() ? parse_provider_type(std::string(type.as_string())) : std::nullopt;
  if (!parsed_type) return std::string("provider_type is not a provider type");
  f.type = *parsed_type;

  const auto& status = o.at("status");
  if (!status.is_int64() || status.as_int64() < 0 || status.as_int64() > 999) {
    return std::string("status is not an HTTP status (0 for none)");
  }
  f.outcome.status = static_cast<unsigned>(status.as_int64());

  if (!o.at("headers").is_object()) return std::string("headers is not an object");
  for (const auto& kv : o.at("headers").as_object()) {
    if (!kv.value().is_string()) return "header " + std::string(kv.key()) + " is not a string";
    f.outcome.headers.emplace_back(std::string(kv.key()), std::string(kv.value().as_string()));
  }

  const auto& body = o.at("body");
  f.body = body.is_string() ? std::string(body.as_string()) : json::serialize(body);

  if (!o.at("in_stream").is_bool()) return std::string("in_stream is not a boolean");
  f.outcome.in_stream = o.at("in_stream").as_bool();

  const auto& transport = o.at("transport");
  const auto parsed_transport = transport.is_string()
                                    ? parse_transport_failure(std::string(transport.as_string()))
                                    : std::nullopt;
  if (!parsed_transport) return std::string("transport is not a transport failure name");
  f.outcome.transport = *parsed_transport;

  const auto now = time_of(o.at("now"));
  if (!now) return std::string("now is not an RFC 3339 time");
  f.now = *now;

  if (!o.at("expect").is_object()) return std::string("expect is not an object");
  const auto& e = o.at("expect").as_object();
  if (auto why = check_keys(e, {"class", "retry_at"}, {"detail"}); !why.empty()) {
    return "expect: " + why;
  }
  const auto cls = e.at("class").is_string()
                       ? parse_failure_class(std::string(e.at("class").as_string()))
                       : std::nullopt;
  if (!cls) return std::string("expect.class is not a failure class");
  f.cls = *cls;
  if (!e.at("retry_at").is_null()) {
    f.retry_at = time_of(e.at("retry_at"));
    if (!f.retry_at) return std::string("expect.retry_at is neither null nor an RFC 3339 time");
  }
  if (const auto* detail = e.if_contains("detail")) {
    if (!detail->is_string()) return std::string("expect.detail is not a string");
    f.detail = std::string(detail->as_string());
  }
  return f;
}

// Every classification fixture, as paths relative to the fixture root, sorted.
std::vector<std::string> fixture_paths() {
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path root(SB_FIXTURES_DIR);
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") {
      out.push_back(it->path().lexically_relative(root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - std::string_view(".json").size());
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string show(std::optional<SysTime> t) { return t ? format_rfc3339(*t) : "null"; }

class ClassifyFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ClassifyFixture, MatchesItsExpectation) {
  std::ifstream in(fs::path(SB_FIXTURES_DIR) / GetParam(), std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << GetParam();
  std::stringstream text;
  text << in.rdbuf();
  Loaded loaded = parse_fixture(text.str());
  if (const auto* why = std::get_if<std::string>(&loaded)) {
    FAIL() << GetParam() << ": bad fixture shape: " << *why;
  }
  Fixture& f = std::get<Fixture>(loaded);
  f.outcome.body = f.body;
  const Failure got = classify(f.type, f.outcome, f.now);
  EXPECT_EQ(to_string(got.cls), to_string(f.cls)) << "detail: " << got.detail;
  EXPECT_EQ(show(got.retry_at), show(f.retry_at));
  if (f.detail) {
    EXPECT_EQ(got.detail, *f.detail);
  }
}

INSTANTIATE_TEST_SUITE_P(Recorded, ClassifyFixture, ::testing::ValuesIn(fixture_paths()),
                         test_name);

TEST(ClassifyFixtures, CoverEveryProviderDirectory) {
  const auto paths = fixture_paths();
  EXPECT_GE(paths.size(), 40u);
  for (std::string_view dir : {"openai/", "anthropic/", "gemini/", "openrouter/", "deepseek/",
                               "groq/", "ollama/", "transport/"}) {
    EXPECT_TRUE(std::any_of(paths.begin(), paths.end(),
                            [&](const std::string& p) { return p.rfind(dir, 0) == 0; }))
        << "no fixture under " << dir;
  }
}

TEST(ClassifyFixtures, BadShapesAreRefusedWithAReason) {
  const std::string good =
      R"({"provider_type":"openai","status":429,"headers":{},"body":"","in_stream":false,)"
      R"("transport":"none","now":"2026-11-23T12:00:00Z",)"
      R"("expect":{"class":"rate_limited","retry_at":null}})";
  ASSERT_TRUE(std::holds_alternative<Fixture>(parse_fixture(good)));
  const auto refused = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return std::holds_alternative<std::string>(parse_fixture(text));
  };
  EXPECT_TRUE(refused(R"("status":429)", R"("statuss":429)"));            // typo'd key
  EXPECT_TRUE(refused(R"("openai")", R"("azure")"));                      // unknown provider
  EXPECT_TRUE(refused(R"("rate_limited")", R"("rate_limit")"));           // unknown class
  EXPECT_TRUE(refused(R"("retry_at":null)", R"("retry_at":"soon")"));     // bad time
  EXPECT_TRUE(refused(R"("transport":"none")", R"("transport":"eof")"));  // unknown transport
  EXPECT_TRUE(refused(R"("in_stream":false)", R"("in_stream":0)"));       // wrong type
  EXPECT_TRUE(refused(R"(,"retry_at":null)", ""));                        // missing key
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_fixture("{")));
}

}  // namespace
}  // namespace sb
