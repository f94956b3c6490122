// Scanning a Chat Completions body and rewriting its model without touching anything else.
#include "providers/chat_request.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>

namespace sb {
namespace {

TEST(ChatRequestScan, FindsModelStreamToolsAndUsageOption) {
  auto facts = scan_chat_request(
      R"({"model":"coding","messages":[{"role":"user","content":"hi"}],"stream":true,)"
      R"("stream_options":{"include_usage":true},"tools":[{"type":"function"}]})");
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->model, "coding");
  EXPECT_TRUE(facts->stream);
  EXPECT_TRUE(facts->include_usage);
  EXPECT_TRUE(facts->has_tools);
  EXPECT_TRUE(facts->exact_span);
}

TEST(ChatRequestScan, NestedKeysNamedLikeTopLevelOnesAreIgnored) {
  auto facts = scan_chat_request(
      R"({"messages":[{"role":"user","content":"x","model":"inner","stream":"no"}],)"
      R"("metadata":{"include_usage":true,"tools":[1]},"model":"outer","tools":[]})");
  ASSERT_TRUE(facts) << facts.error().message;
  EXPECT_EQ(facts->model, "outer");
  EXPECT_FALSE(facts->stream);
  EXPECT_FALSE(facts->include_usage);
  EXPECT_FALSE(facts->has_tools);
}

TEST(ChatRequestScan, FindsImagePartsInMessagesOnly) {
  auto with_image = scan_chat_request(
      R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what?"},)"
      R"({"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]})");
  ASSERT_TRUE(with_image);
  EXPECT_TRUE(with_image->has_images);
  auto text_only =
      scan_chat_request(R"({"model":"m","messages":[{"role":"user","content":"image_url"}],)"
                        R"("metadata":{"image_url":"x"}})");
  ASSERT_TRUE(text_only);
  EXPECT_FALSE(text_only->has_images);  // a value, or a key outside messages, is no image
}

TEST(ChatRequestScan, MeasuresTheLongestToolCallIdOfEveryDialect) {
  auto chat = scan_chat_request(
      R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"call_12345",)"
      R"("type":"function","function":{"name":"f","arguments":"{}"}}]},)"
      R"({"role":"tool","tool_call_id":"call_1234567890","content":"ok"}],)"
      R"("metadata":{"id":"a-much-longer-value-outside-the-history"}})");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->longest_call_id, 15u);
  auto anthropic = scan_chat_request(
      R"({"model":"m","messages":[{"role":"user","content":[{"type":"tool_result",)"
      R"("tool_use_id":"toolu_01","content":"ok"}]}]})");
  ASSERT_TRUE(anthropic);
  EXPECT_EQ(anthropic->longest_call_id, 8u);
  auto none = scan_chat_request(R"({"model":"m","messages":[{"role":"user","content":"id"}]})");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->longest_call_id, 0u);
}

TEST(ChatRequestScan, ResponsesInputIsAStringOrAnArray) {
  auto text = scan_chat_request(R"({"model":"m","input":"hi"})", "input");
  ASSERT_TRUE(text) << text.error().message;
  auto items = scan_chat_request(
      R"({"model":"m","input":[{"type":"function_call_output","call_id":"call_abc","output":"x"}]})",
      "input");
  ASSERT_TRUE(items);
  EXPECT_EQ(items->longest_call_id, 8u);
  auto number = scan_chat_request(R"({"model":"m","input":3})", "input");
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().param, "input");
  auto missing = scan_chat_request(R"({"model":"m","messages":[]})", "input");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "`input` is required");
}

TEST(ChatRequestScan, RejectsMalformedJson) {
  auto facts = scan_chat_request(R"({"model":"a","messages":[)");
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().kind, ErrorKind::InvalidRequest);
  EXPECT_NE(facts.error().message.find("not valid JSON"), std::string::npos);
}

TEST(ChatRequestScan, RejectsTrailingGarbage) {
  EXPECT_FALSE(scan_chat_request(R"({"model":"a","messages":[]} x)"));
}

TEST(ChatRequestScan, RejectsANonObjectBody) {
  for (const char* body : {"[1,2]", "\"text\"", "42", "true", "null"}) {
    auto facts = scan_chat_request(body);
    ASSERT_FALSE(facts) << body;
    EXPECT_EQ(facts.error().kind, ErrorKind::InvalidRequest) << body;
  }
}

TEST(ChatRequestScan, NamesTheFieldOfAWrongType) {
  struct Case {
    const char* body;
    const char* param;
  } cases[] = {
      {R"({"model":5,"messages":[]})", "model"},
      {R"({"model":"a","messages":"hi"})", "messages"},
      {R"({"model":"a","messages":[],"stream":"yes"})", "stream"},
      {R"({"model":"a","messages":[],"tools":{}})", "tools"},
  };
  for (const auto& c : cases) {
    auto facts = scan_chat_request(c.body);
    ASSERT_FALSE(facts) << c.body;
    EXPECT_EQ(facts.error().kind, ErrorKind::InvalidRequest) << c.body;
    EXPECT_EQ(facts.error().param, c.param) << c.body;
  }
}

TEST(ChatRequestScan, MissingModelIsAModelError) {
  auto facts = scan_chat_request(R"({"messages":[]})");
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().kind, ErrorKind::ModelNotFound);
  EXPECT_EQ(facts.error().param, "model");
  EXPECT_FALSE(scan_chat_request(R"({"model":"","messages":[]})"));
}

TEST(ChatRequestScan, MissingMessagesIsRejected) {
  auto facts = scan_chat_request(R"({"model":"a"})");
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().param, "messages");
}

TEST(ChatRequestScan, DuplicateModelKeyIsRejected) {
  EXPECT_FALSE(scan_chat_request(R"({"model":"a","messages":[],"model":"b"})"));
}

TEST(ChatRequestRewrite, ReplacesOnlyTheModelToken) {
  std::string body =
      R"({"temperature":0.70,"model" : "coding","messages":[],"x_unknown":{"a":[1e2]}})";
  auto facts = scan_chat_request(body);
  ASSERT_TRUE(facts);
  EXPECT_EQ(rewrite_model(body, *facts, "gpt-5"),
            R"({"temperature":0.70,"model" : "gpt-5","messages":[],"x_unknown":{"a":[1e2]}})");
}

TEST(ChatRequestRewrite, EscapedModelFallsBackToReserialising) {
  std::string body = R"({"model":"co\u0064ing","messages":[],"n":1})";
  auto facts = scan_chat_request(body);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->model, "coding");
  auto rewritten = boost::json::parse(rewrite_model(body, *facts, "m/\"x\""));
  EXPECT_EQ(rewritten.at("model").as_string(), "m/\"x\"");
  EXPECT_EQ(rewritten.at("n").as_int64(), 1);
}

TEST(ChatRequestRewrite, NewModelIsEscapedAsJson) {
  std::string body = R"({"model":"a","messages":[]})";
  auto facts = scan_chat_request(body);
  ASSERT_TRUE(facts);
  auto out = rewrite_model(body, *facts, "we\"ird\\");
  EXPECT_EQ(boost::json::parse(out).at("model").as_string(), "we\"ird\\");
}

TEST(ChatRequestRewrite, AsksForStreamUsageBySpliceOrByDocument) {
  // No stream_options: spliced in before the closing brace, the rest byte for byte.
  std::string body = R"({"model":"a","stream":true,"messages":[]} )";
  auto facts = scan_chat_request(body);
  ASSERT_TRUE(facts);
  EXPECT_FALSE(facts->has_stream_options);
  EXPECT_EQ(rewrite_model(body, *facts, "b", true),
            R"({"model":"b","stream":true,"messages":[],"stream_options":{"include_usage":true}} )");

  // stream_options present (false, or other members, or null): set inside it, the rest kept.
  for (const std::string options : {R"({"include_usage":false})", R"({"x":1})", "null"}) {
    body = R"({"model":"a","stream":true,"stream_options":)" + options + R"(,"messages":[]})";
    facts = scan_chat_request(body);
    ASSERT_TRUE(facts);
    EXPECT_TRUE(facts->has_stream_options);
    auto out = boost::json::parse(rewrite_model(body, *facts, "b", true)).as_object();
    EXPECT_EQ(out.at("model").as_string(), "b");
    EXPECT_TRUE(out.at("stream_options").at("include_usage").as_bool()) << options;
    if (options == R"({"x":1})") EXPECT_EQ(out.at("stream_options").at("x").as_int64(), 1);
  }
}

// For any model names and any surrounding fields, the rewrite changes the model and nothing
// else: parsing before and after differs only in `model` (and the stream_options it was asked to
// add).
// Model names are valid UTF-8 (the parser rejects anything else), with the characters that need
// escaping in JSON well represented.
rc::Gen<std::string> model_name() {
  return rc::gen::map(
      rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
          rc::gen::element<std::string>("a", "Z", "0", "-", ".", ":", "/", "\"", "\\", "\n", "\t",
                                        " ", "\u00e9", "\u4e2d", "+"))),
      [](const std::vector<std::string>& parts) {
        std::string s;
        for (const auto& p : parts) s += p;
        return s;
      });
}

RC_GTEST_PROP(ChatRequestRewriteProperty, ChangesTheModelAndNothingElse, ()) {
  auto old_model = *model_name();
  auto new_model = *model_name();
  auto extra_key = *rc::gen::element<std::string>("temperature", "user", "n", "x");
  auto extra_value =
      *rc::gen::element<std::string>("0.7", "\"s\"", "[1,{\"model\":\"in\"}]", "null", "1e-3");
  std::string body = "{\"" + extra_key + "\":" + extra_value +
                     ",\"model\":" + boost::json::serialize(boost::json::string(old_model)) +
                     ",\"messages\":[]}";
  auto facts = scan_chat_request(body);
  RC_ASSERT(bool(facts));
  RC_ASSERT(facts->model == old_model);
  auto before = boost::json::parse(body).as_object();
  const bool ask_usage = *rc::gen::arbitrary<bool>();
  auto after =
      boost::json::parse(rewrite_model(body, *facts, new_model, ask_usage)).as_object();
  RC_ASSERT(after.at("model").as_string() == boost::json::string(new_model));
  after["model"] = before["model"];
  if (ask_usage) {
    RC_ASSERT(after.at("stream_options") == boost::json::parse(R"({"include_usage":true})"));
    after.erase("stream_options");
  }
  RC_ASSERT(after == before);
}

}  // namespace
}  // namespace sb
