// Tool-call ids fitted to an upstream's rule (providers/call_ids.h), and the OpenAI adapter
// choosing the rule by host.
#include "providers/call_ids.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>

#include "providers/openai.h"

namespace sb {
namespace {

namespace json = boost::json;

bool alphanumeric(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

RC_GTEST_PROP(FittedCallId, MeetsTheRuleIsStableAndKeepsWhatFits, (const std::string& id)) {
  const std::string openai = fitted_call_id(id, CallIdRule::AtMost40);
  RC_ASSERT(openai.size() <= 40u);
  if (id.size() <= 40) RC_ASSERT(openai == id);
  const std::string mistral = fitted_call_id(id, CallIdRule::NineAlphanum);
  RC_ASSERT(mistral.size() == 9u);
  RC_ASSERT(alphanumeric(mistral));
  // A call and its result are fitted apart, in different messages of a body: both must get the
  // same id, and a fitted id fits already.
  const std::string quoted = json::serialize(json::string(id));
  const std::string body = R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":)" +
                           quoted +
                           R"(,"type":"function","function":{"name":"f","arguments":"{}"}}]},)"
                           R"({"role":"tool","tool_call_id":)" +
                           quoted + R"(,"content":"ok"}]})";
  boost::system::error_code not_utf8;  // a body that is not JSON is left alone, by design
  json::parse(body, not_utf8);
  if (!not_utf8) {
    const json::value fitted = json::parse(fit_chat_call_ids(body, CallIdRule::NineAlphanum));
    const auto& messages = fitted.at("messages").as_array();
    RC_ASSERT(messages.at(0).at("tool_calls").at(0).at("id").as_string() == mistral);
    RC_ASSERT(messages.at(1).at("tool_call_id").as_string() == mistral);
  }
  RC_ASSERT(fitted_call_id(mistral, CallIdRule::NineAlphanum) == mistral);
  RC_ASSERT(fitted_call_id(openai, CallIdRule::AtMost40) == openai);
  RC_ASSERT(fitted_call_id(id, CallIdRule::Any) == id);
}

TEST(FittedCallId, DifferentIdsStayApart) {
  EXPECT_NE(fitted_call_id("call_aaaaaaaaaaaaaaaaaaaaaaaa", CallIdRule::NineAlphanum),
            fitted_call_id("call_aaaaaaaaaaaaaaaaaaaaaaab", CallIdRule::NineAlphanum));
  EXPECT_EQ(fitted_call_id("abc123XYZ", CallIdRule::NineAlphanum), "abc123XYZ");
}

TEST(FitChatCallIds, RewritesCallsAndResultsAlike) {
  const std::string long_id(60, 'x');
  const std::string body = R"({"model":"m","messages":[{"role":"assistant","content":null,)"
                           R"("tool_calls":[{"id":")" +
                           long_id +
                           R"(","type":"function","function":{"name":"f","arguments":"{}"}}]},)"
                           R"({"role":"tool","tool_call_id":")" +
                           long_id + R"(","content":"ok"}]})";
  const json::value out = json::parse(fit_chat_call_ids(body, CallIdRule::AtMost40));
  const auto& call_id = out.at("messages").at(0).at("tool_calls").at(0).at("id").as_string();
  EXPECT_LE(call_id.size(), 40u);
  EXPECT_EQ(out.at("messages").at(1).at("tool_call_id").as_string(), call_id);
  EXPECT_EQ(fit_chat_call_ids("not json", CallIdRule::AtMost40), "not json");
}

AccountConfig account_of(ProviderType type) {
  AccountConfig a;
  a.type = type;
  return a;
}

TEST(OpenAiAdapter, FitsIdsOnlyForHostsThatNeedIt) {
  const std::string body =
      R"({"model":"m","messages":[{"role":"tool","tool_call_id":"call_0123456789","content":"ok"}]})";
  auto mistral_url = parse_base_url("https://api.mistral.ai/v1");
  auto local_url = parse_base_url("http://127.0.0.1:11434/v1");
  ASSERT_TRUE(mistral_url && local_url);
  const auto compatible = account_of(ProviderType::OpenAICompatible);
  const auto mistral = build_openai_chat_request(compatible, *mistral_url, body, false, 15);
  EXPECT_EQ(json::parse(mistral.body()).at("messages").at(0).at("tool_call_id").as_string().size(),
            9u);
  const auto local = build_openai_chat_request(compatible, *local_url, body, false, 15);
  EXPECT_EQ(local.body(), body);
  // OpenAI's own API: ids of 40 characters or fewer pass untouched, the body byte for byte.
  const auto openai =
      build_openai_chat_request(account_of(ProviderType::OpenAI), *local_url, body, false, 15);
  EXPECT_EQ(openai.body(), body);
}

// The gateway asks every Chat stream for usage; Mistral refuses the key (422 extra_forbidden) and
// reports usage unasked, so it never gets it. Others get the body byte for byte.
TEST(OpenAiAdapter, MistralStreamsGoWithoutStreamOptions) {
  const std::string body =
      R"({"model":"m","stream":true,"messages":[],"stream_options":{"include_usage":true}})";
  auto mistral_url = parse_base_url("https://api.mistral.ai/v1");
  auto local_url = parse_base_url("http://127.0.0.1:11434/v1");
  ASSERT_TRUE(mistral_url && local_url);
  const auto compatible = account_of(ProviderType::OpenAICompatible);
  const auto mistral = build_openai_chat_request(compatible, *mistral_url, body, true, 0);
  const auto sent = json::parse(mistral.body()).as_object();
  EXPECT_FALSE(sent.contains("stream_options"));
  EXPECT_TRUE(sent.at("stream").as_bool());
  EXPECT_EQ(build_openai_chat_request(compatible, *local_url, body, true, 0).body(), body);
}

}  // namespace
}  // namespace sb
