// Reading a Chat Completions body (see chat_request.h). Error wording follows what OpenAI sends
// for the same faults, so a gateway test can classify the fake's 400s like the real ones.
#include "fake_provider/chat_request.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

GatewayError bad_request(std::string message, std::string param, std::string code) {
  return make_error(ErrorKind::InvalidRequest, std::move(message), std::move(param),
                    std::move(code));
}

std::string_view string_at(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// The tool named by `tool_choice`, "" for the first one, or nullopt when tools are refused.
std::optional<std::string> wanted_tool(const json::value* choice) {
  if (!choice) return std::string();
  if (const auto* s = choice->if_string()) {
    if (*s == "none") return std::nullopt;
    return std::string();  // auto, required
  }
  if (const auto* obj = choice->if_object()) {
    if (const auto* fn = obj->if_contains("function"); fn && fn->is_object())
      return std::string(string_at(fn->get_object(), "name"));
  }
  return std::string();
}

Result<std::optional<ToolCallPlan>> plan_tool_call(const json::object& body) {
  const auto* tools = body.if_contains("tools");
  if (!tools || !tools->is_array() || tools->get_array().empty())
    return std::optional<ToolCallPlan>();
  const auto wanted = wanted_tool(body.if_contains("tool_choice"));
  if (!wanted) return std::optional<ToolCallPlan>();

  const auto& list = tools->get_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto* tool = list[i].if_object();
    const auto* fn = tool ? tool->if_contains("function") : nullptr;
    if (!fn || !fn->is_object() || string_at(fn->get_object(), "name").empty()) {
      return bad_request(fmt::format("Missing required parameter: 'tools[{}].function.name'.", i),
                         fmt::format("tools[{}].function.name", i), "missing_required_parameter");
    }
    const auto& function = fn->get_object();
    const auto name = string_at(function, "name");
    if (!wanted->empty() && name != *wanted) continue;
    json::object none;
    const json::object* properties = &none;
    if (const auto* params = function.if_contains("parameters"); params && params->is_object()) {
      if (const auto* props = params->get_object().if_contains("properties");
          props && props->is_object())
        properties = &props->get_object();
    }
    return std::optional<ToolCallPlan>(
        ToolCallPlan{std::string(name), sample_arguments(*properties)});
  }
  return bad_request(
      fmt::format("Invalid value for 'tool_choice': function '{}' is not among the provided tools.",
                  *wanted),
      "tool_choice", "invalid_value");
}

json::value sample_of(const json::value& schema) {
  std::string_view type;
  if (const auto* obj = schema.if_object()) {
    if (const auto* t = obj->if_contains("type")) {
      if (t->is_string()) type = t->get_string();
      // ["string", "null"]: the first type that is not null.
      if (const auto* ts = t->if_array()) {
        for (const auto& each : *ts) {
          if (each.is_string() && each.get_string() != "null") {
            type = each.get_string();
            break;
          }
        }
      }
    }
  }
  if (type == "string") return "sample";
  if (type == "number" || type == "integer") return 1;
  if (type == "boolean") return true;
  if (type == "array") return json::array();
  if (type == "object") return json::object();
  return nullptr;
}

}  // namespace

std::size_t text_chars(const json::value& content) {
  if (const auto* s = content.if_string()) return s->size();
  std::size_t n = 0;
  if (const auto* parts = content.if_array()) {
    for (const auto& part : *parts) {
      const auto* obj = part.if_object();
      if (!obj) continue;
      if (const auto* text = obj->if_contains("text"); text && text->is_string())
        n += text->get_string().size();
    }
  }
  return n;
}

std::string sample_arguments(const json::object& properties) {
  json::object args;
  for (const auto& [name, schema] : properties) args[name] = sample_of(schema);
  return json::serialize(args);
}

Result<ChatFacts> read_chat_request(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return bad_request(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
        "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
        "sent was not valid JSON. If you have trouble figuring out how to fix this, please contact "
        "us through our help center at help.openai.com.)",
        "", "");
  }
  const auto& body = parsed.get_object();

  ChatFacts facts;
  facts.model = string_at(body, "model");
  if (facts.model.empty()) return bad_request("you must provide a model parameter", "", "");

  const auto* messages = body.if_contains("messages");
  if (!messages || !messages->is_array())
    return bad_request("Missing required parameter: 'messages'.", "messages",
                       "missing_required_parameter");
  if (messages->get_array().empty())
    return bad_request(
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

  auto tool = plan_tool_call(body);
  if (!tool) return tool.error();
  facts.tool_call = std::move(*tool);
  return facts;
}

}  // namespace sb::fake
