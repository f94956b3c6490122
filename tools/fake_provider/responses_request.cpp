// Reading a Responses body (see responses_request.h). Error wording follows what OpenAI sends for
// the same faults, as chat_request.cpp does for Chat Completions.
#include "fake_provider/responses_request.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "fake_provider/chat_request.h"

namespace sb::fake {
namespace {

namespace json = boost::json;

std::string_view json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: return "an object";
    case json::kind::bool_: return "a boolean";
    case json::kind::null: return "null";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    default: return "a number";
  }
}

// Input text, and how many reasoning items the input passes back.
void read_input(const json::value& input, ResponsesFacts& facts) {
  const auto* items = input.if_array();
  if (!items) {
    facts.text_chars += text_chars(input);
    return;
  }
  for (const auto& item : *items) {
    const auto* obj = item.if_object();
    if (!obj) continue;
    if (string_at(*obj, "type") == "reasoning") ++facts.reasoning_items;
    if (const auto* content = obj->if_contains("content")) facts.text_chars += text_chars(*content);
    facts.text_chars += string_at(*obj, "arguments").size() + string_at(*obj, "output").size();
  }
}

ToolChoice tool_choice_of(const json::value* choice) {
  if (!choice) return {};
  if (const auto* s = choice->if_string()) return ToolChoice{*s == "none", ""};
  if (const auto* obj = choice->if_object(); obj && string_at(*obj, "type") == "function")
    return ToolChoice{false, std::string(string_at(*obj, "name"))};
  return {};
}

// A Responses tool, flat: {"type":"function","name","parameters"}; other types are skipped.
Result<std::optional<ToolDeclaration>> declare_function(std::size_t i, const json::value& tool) {
  const auto* obj = tool.if_object();
  if (!obj || string_at(*obj, "type") != "function") return std::optional<ToolDeclaration>();
  const auto name = string_at(*obj, "name");
  if (name.empty()) {
    return openai_bad_request(fmt::format("Missing required parameter: 'tools[{}].name'.", i),
                              fmt::format("tools[{}].name", i), "missing_required_parameter");
  }
  return ToolDeclaration{std::string(name), obj->if_contains("parameters")};
}

json::value setting(const json::object& body, std::string_view key, json::value fallback) {
  const auto* v = body.if_contains(key);
  return v && !v->is_null() ? *v : fallback;
}

json::object echoed_settings(const json::object& body) {
  json::object reasoning{{"effort", nullptr}, {"summary", nullptr}};
  if (const auto* r = body.if_contains("reasoning"); r && r->is_object()) {
    reasoning["effort"] = setting(r->get_object(), "effort", "medium");
    reasoning["summary"] = setting(r->get_object(), "summary", nullptr);
  }
  return {{"instructions", setting(body, "instructions", nullptr)},
          {"max_output_tokens", setting(body, "max_output_tokens", nullptr)},
          {"metadata", setting(body, "metadata", json::object())},
          {"parallel_tool_calls", setting(body, "parallel_tool_calls", true)},
          {"previous_response_id", setting(body, "previous_response_id", nullptr)},
          {"reasoning", std::move(reasoning)},
          {"store", setting(body, "store", true)},
          {"temperature", setting(body, "temperature", 1.0)},
          {"tool_choice", setting(body, "tool_choice", "auto")},
          {"tools", setting(body, "tools", json::array())},
          {"top_p", setting(body, "top_p", 1.0)}};
}

}  // namespace

Result<ResponsesFacts> read_responses_request(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return openai_invalid_json();
  const auto& body = parsed.get_object();

  ResponsesFacts facts;
  facts.model = string_at(body, "model");
  if (facts.model.empty())
    return openai_bad_request("Missing required parameter: 'model'.", "model",
                              "missing_required_parameter");
  const auto* input = body.if_contains("input");
  if (!input)
    return openai_bad_request("Missing required parameter: 'input'.", "input",
                              "missing_required_parameter");
  if (!input->is_string() && !input->is_array()) {
    return openai_bad_request(
        fmt::format("Invalid type for 'input': expected one of a string or array of input items, "
                    "but got {} instead.",
                    json_kind(*input)),
        "input", "invalid_type");
  }
  read_input(*input, facts);
  if (const auto* instructions = body.if_contains("instructions"))
    facts.text_chars += text_chars(*instructions);

  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) facts.stream = s->get_bool();
  const auto* reasoning = body.if_contains("reasoning");
  facts.reasoning = reasoning && reasoning->is_object();

  auto tool = plan_from_tool_list(body.if_contains("tools"),
                                  tool_choice_of(body.if_contains("tool_choice")), declare_function,
                                  openai_unknown_tool);
  if (!tool) return tool.error();
  facts.tool_call = std::move(*tool);
  facts.echoed = echoed_settings(body);
  return facts;
}

}  // namespace sb::fake
