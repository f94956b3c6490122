// Round trips through the neutral model (core/conversation.h) between OpenAI Chat and Anthropic
// Messages requests: what one side can say survives the other side and comes back unchanged.
//   - Representative OpenAI Chat bodies go OpenAI -> neutral -> Anthropic -> neutral -> OpenAI
//     and come back equal as JSON values. They are written in the shape the builders produce
//     (tool_choice given whenever tools are, max_completion_tokens set, temperature within
//     Anthropic's 1, compact tool arguments), since that shape is the fixed point.
//   - A property over random conversations in that shape: the Anthropic leg
//     (build_anthropic_messages then parse_anthropic_messages) and the OpenAI leg
//     (build_openai_chat then parse_openai_chat) each leave the OpenAI Chat body unchanged.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "providers/anthropic_build.h"
#include "providers/anthropic_parse.h"
#include "providers/openai_chat_build.h"
#include "providers/openai_chat_parse.h"

namespace sb {
namespace {

namespace json = boost::json;

// The limit the request itself sets, as upstream_max_tokens decides for a model it knows nothing
// of.
OpenAiChatBuildOptions openai_options(const Conversation& c) {
  return {"gpt-4o-mini", true, c.max_tokens};
}
AnthropicBuildOptions anthropic_options(const Conversation& c) {
  return {"claude-sonnet-4-5", c.max_tokens.value_or(4096)};
}

// A Conversation through Anthropic Messages and back.
Result<Conversation> via_anthropic(const Conversation& c) {
  auto body = build_anthropic_messages(c, anthropic_options(c));
  if (!body) return body.error();
  return parse_anthropic_messages(*body);
}

// OpenAI Chat -> neutral -> Anthropic -> neutral -> OpenAI Chat, as a JSON value.
json::value round_trip(const json::value& openai_body) {
  auto conversation = parse_openai_chat(json::serialize(openai_body));
  EXPECT_TRUE(conversation) << conversation.error().message;
  if (!conversation) return nullptr;
  auto back = via_anthropic(*conversation);
  EXPECT_TRUE(back) << back.error().message;
  if (!back) return nullptr;
  auto out = build_openai_chat(*back, openai_options(*back));
  EXPECT_TRUE(out) << out.error().message;
  return out ? json::parse(*out) : json::value(nullptr);
}

TEST(TranslateRoundTrip, SystemTextAndSampling) {
  const json::value body = json::parse(R"({
    "model": "gpt-4o-mini",
    "messages": [
      {"role": "system", "content": "You are terse."},
      {"role": "system", "content": "Answer in French."},
      {"role": "user", "content": "Hello"},
      {"role": "assistant", "content": "Bonjour."},
      {"role": "user", "content": "Again, \"quoted\" and caf\u00e9."}],
    "max_completion_tokens": 300, "temperature": 0.5, "top_p": 0.9, "stop": ["END"],
    "stream": true, "stream_options": {"include_usage": true}})");
  EXPECT_EQ(round_trip(body), body);
}

TEST(TranslateRoundTrip, ToolCallsAndResults) {
  const json::value body = json::parse(R"({
    "model": "gpt-4o-mini",
    "messages": [
      {"role": "user", "content": "Weather in Paris and Rome?"},
      {"role": "assistant", "content": "Checking.", "tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "get_weather",
                      "arguments": "{\"city\":\"Paris\",\"n\":[1,true,null]}"}},
        {"id": "call_2", "type": "function",
         "function": {"name": "get_weather", "arguments": "{}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
      {"role": "tool", "tool_call_id": "call_2", "content": "21C"},
      {"role": "user", "content": "Which is warmer?"},
      {"role": "assistant", "content": null, "tool_calls": [
        {"id": "call_3", "type": "function", "function": {"name": "now", "arguments": "{}"}}]},
      {"role": "tool", "tool_call_id": "call_3", "content": "12:00"}],
    "tools": [
      {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}},
      {"type": "function", "function": {"name": "now",
        "parameters": {"type": "object", "properties": {}}}}],
    "tool_choice": "required", "parallel_tool_calls": false,
    "max_completion_tokens": 1024})");
  EXPECT_EQ(round_trip(body), body);
}

TEST(TranslateRoundTrip, ImagesAndNamedToolChoice) {
  const json::value body = json::parse(R"({
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": [
      {"type": "text", "text": "Compare"},
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
      {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}]}],
    "tools": [{"type": "function", "function": {"name": "describe",
      "parameters": {"type": "object", "properties": {"what": {"type": "string"}}}}}],
    "tool_choice": {"type": "function", "function": {"name": "describe"}},
    "max_completion_tokens": 64})");
  EXPECT_EQ(round_trip(body), body);
}

TEST(TranslateRoundTrip, ArgumentsComeBackEqualAsValues) {
  // Anthropic carries arguments as an object, so their text comes back re-serialised (compact);
  // the value is what must survive.
  const std::string args = R"({ "city" : "Paris",  "deep": {"list": [1, true]} })";
  json::value body = json::parse(R"({"model": "gpt-4o-mini", "messages": [
    {"role": "assistant", "content": null, "tool_calls": [
      {"id": "c", "type": "function", "function": {"name": "f", "arguments": ""}}]}],
    "max_completion_tokens": 8})");
  body.at("messages").at(0).at("tool_calls").at(0).at("function").as_object()["arguments"] = args;
  const json::value out = round_trip(body);
  ASSERT_FALSE(out.is_null());
  const auto& back = out.at("messages").at(0).at("tool_calls").at(0).at("function").at("arguments");
  EXPECT_EQ(json::parse(back.as_string()), json::parse(args));
}

// ---- Property: random conversations in the builders' shape -----------------------------------

// Printable ASCII, quotes and backslashes included, so escaping is exercised; never empty (the
// Anthropic builder leaves empty text out, rightly).
std::string gen_text() {
  constexpr char kLast = '~' + 1;  // inRange's upper bound is exclusive
  const auto chars = *rc::gen::container<std::string>(rc::gen::inRange<char>(' ', kLast));
  return "t" + chars;
}

std::string gen_word() { return *rc::gen::element<std::string>("a", "b", "city", "x_1", "n"); }

ImagePart gen_image() {
  ImagePart image;
  if (*rc::gen::arbitrary<bool>()) {
    image.media_type = *rc::gen::element<std::string>("image/png", "image/jpeg");
    image.data = "iVBOR" + gen_word();
  } else {
    image.url = "https://example.com/" + gen_word() + ".png";
  }
  return image;
}

// Arguments as the builders write them: a compact JSON object, each key once.
std::string gen_arguments() {
  std::map<std::string, json::value> fields;
  const int n = *rc::gen::inRange(0, 4);
  for (int i = 0; i < n; ++i) {
    fields[gen_word()] = *rc::gen::arbitrary<bool>() ? json::value(gen_text())
                                                     : json::value(*rc::gen::inRange(-5, 500));
  }
  json::object args;
  for (auto& [key, value] : fields) args[key] = std::move(value);
  return json::serialize(args);
}

// Alternating turns; a user turn's tool results come first; every turn says something that
// both dialects carry (thinking alone would vanish from Chat).
Conversation gen_conversation() {
  Conversation c;
  c.model = "m";
  const int system = *rc::gen::inRange(0, 3);
  for (int i = 0; i < system; ++i) c.system.push_back(gen_text());
  const int turns = *rc::gen::inRange(1, 7);
  int call_id = 0;
  std::vector<std::string> open_calls;  // called in the previous assistant turn
  for (int t = 0; t < turns; ++t) {
    Turn turn;
    turn.role = t % 2 == 0 ? Role::User : Role::Assistant;
    if (turn.role == Role::User) {
      for (const auto& id : open_calls) {
        turn.parts.push_back(ToolResultPart{id, *rc::gen::arbitrary<bool>() ? gen_text() : "",
                                            *rc::gen::arbitrary<bool>()});
      }
      open_calls.clear();
      const int extra = *rc::gen::inRange(turn.parts.empty() ? 1 : 0, 4);
      for (int i = 0; i < extra; ++i) {
        if (*rc::gen::inRange(0, 3) == 0)
          turn.parts.push_back(gen_image());
        else
          turn.parts.push_back(TextPart{gen_text()});
      }
    } else {
      if (*rc::gen::arbitrary<bool>()) turn.parts.push_back(ThinkingPart{gen_text(), "sig"});
      const bool text = *rc::gen::arbitrary<bool>();
      if (text) turn.parts.push_back(TextPart{gen_text()});
      const int calls = *rc::gen::inRange(text ? 0 : 1, 3);
      for (int i = 0; i < calls; ++i) {
        const std::string id = "call_" + std::to_string(call_id++);
        turn.parts.push_back(ToolCallPart{id, gen_word(), gen_arguments()});
        open_calls.push_back(id);
      }
    }
    c.turns.push_back(std::move(turn));
  }
  const int tools = *rc::gen::inRange(0, 3);
  for (int i = 0; i < tools; ++i) {
    c.tools.push_back(ToolSpec{"tool_" + std::to_string(i),
                               *rc::gen::arbitrary<bool>() ? gen_text() : "",
                               json::object{{"type", "object"}, {"properties", json::object{}}}});
  }
  if (!c.tools.empty()) {  // Anthropic's builder always states a choice when tools exist
    ToolChoice choice;
    choice.kind = *rc::gen::element(ToolChoice::Kind::Auto, ToolChoice::Kind::None,
                                    ToolChoice::Kind::Required, ToolChoice::Kind::Named);
    if (choice.kind == ToolChoice::Kind::Named) choice.name = c.tools.front().name;
    c.tool_choice = choice;
    // Anthropic cannot say "no parallel calls" alongside "no calls at all".
    c.parallel_tool_calls = choice.kind == ToolChoice::Kind::None || *rc::gen::arbitrary<bool>();
  }
  c.max_tokens = *rc::gen::inRange<std::int64_t>(1, 100'000);
  if (*rc::gen::arbitrary<bool>()) c.temperature = *rc::gen::element(0.0, 0.5, 1.0);
  if (*rc::gen::arbitrary<bool>()) c.top_p = *rc::gen::element(0.1, 0.9);
  const int stops = *rc::gen::inRange(0, 3);
  for (int i = 0; i < stops; ++i) c.stop.push_back(gen_text());
  c.stream = *rc::gen::arbitrary<bool>();
  return c;
}

json::value openai_body(const Conversation& c) {
  auto out = build_openai_chat(c, openai_options(c));
  RC_ASSERT(bool(out));
  return json::parse(*out);
}

RC_GTEST_PROP(TranslateRoundTrip, AnthropicLegKeepsTheOpenAiBody, ()) {
  const Conversation c = gen_conversation();
  const auto back = via_anthropic(c);
  RC_ASSERT(bool(back));
  RC_ASSERT(openai_body(*back) == openai_body(c));
}

RC_GTEST_PROP(TranslateRoundTrip, OpenAiLegKeepsTheOpenAiBody, ()) {
  const Conversation c = gen_conversation();
  const json::value body = openai_body(c);
  const auto back = parse_openai_chat(json::serialize(body));
  RC_ASSERT(bool(back));
  RC_ASSERT(openai_body(*back) == body);
}

}  // namespace
}  // namespace sb
