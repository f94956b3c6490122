// Reading a Chat Completions body (see chat_request.h). Error wording follows what OpenAI sends
// for the same faults, so a gateway test can classify the fake's 400s like the real ones.
#include "fake_provider/chat_request.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

// tool_choice: "none" refuses tools; {"type":"function","function":{"name"}} names one; "auto",
// "required" or nothing lets the fake pick the first.
ToolChoice tool_choice_of(const json::value* choice) {
  if (!choice) return {};
  if (const auto* s = choice->if_string()) return ToolChoice{*s == "none", ""};
  if (const auto* obj = choice->if_object()) {
    if (const auto* fn = obj->if_contains("function"); fn && fn->is_object())
      return ToolChoice{false, std::string(string_at(fn->get_object(), "name"))};
  }
  return {};
}

// A Chat tool: {"type":"function","function":{"name","parameters"}}.
Result<std::optional<ToolDeclaration>> declare_chat_tool(std::size_t i, const json::value& tool) {
  const auto* obj = tool.if_object();
  const auto* fn = obj ? obj->if_contains("function") : nullptr;
  if (!fn || !fn->is_object() || string_at(fn->get_object(), "name").empty()) {
    return openai_bad_request(
        fmt::format("Missing required parameter: 'tools[{}].function.name'.", i),
        fmt::format("tools[{}].function.name", i), "missing_required_parameter");
  }
  const auto& function = fn->get_object();
  return ToolDeclaration{std::string(string_at(function, "name")),
                         function.if_contains("parameters")};
}

}  // namespace

GatewayError openai_bad_request(std::string message, std::string param, std::string code) {
  return make_error(ErrorKind::InvalidRequest, std::move(message), std::move(param),
                    std::move(code));
}

GatewayError openai_invalid_json() {
  return openai_bad_request(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
      "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
      "sent was not valid JSON. If you have trouble figuring out how to fix this, please contact "
      "us through our help center at help.openai.com.)",
      "", "");
}

GatewayError openai_unknown_tool(std::string_view name) {
  return openai_bad_request(
      fmt::format("Invalid value for 'tool_choice': function '{}' is not among the provided tools.",
                  name),
      "tool_choice", "invalid_value");
}

Result<ChatFacts> read_chat_request(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return openai_invalid_json();
  const auto& body = parsed.get_object();

  ChatFacts facts;
  facts.model = string_at(body, "model");
  if (facts.model.empty()) return openai_bad_request("you must provide a model parameter", "", "");

  const auto* messages = body.if_contains("messages");
  if (!messages || !messages->is_array())
    return openai_bad_request("Missing required parameter: 'messages'.", "messages",
                              "missing_required_parameter");
  if (messages->get_array().empty())
    return openai_bad_request(
        "Invalid 'messages': empty array. Expected an array with minimum length 1, "
        "but got an empty array instead.",
        "messages", "empty_array");
  for (const auto& m : messages->get_array()) {
    if (const auto* obj = m.if_object())
      if (const auto* content = obj->if_contains("content"))
        facts.text_chars += text_chars(*content);
  }

  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) facts.stream = s->get_bool();
  if (const auto* opts = body.if_contains("stream_options"); opts && opts->is_object()) {
    if (const auto* u = opts->get_object().if_contains("include_usage"); u && u->is_bool())
      facts.include_usage = u->get_bool();
  }

  auto tool = plan_from_tool_list(body.if_contains("tools"),
                                  tool_choice_of(body.if_contains("tool_choice")),
                                  declare_chat_tool, openai_unknown_tool);
  if (!tool) return tool.error();
  facts.tool_call = std::move(*tool);
  return facts;
}

}  // namespace sb::fake
