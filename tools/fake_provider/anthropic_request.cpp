// Reading a Messages body (see anthropic_request.h). The field checks run in the order Anthropic
// reports them (model, max_tokens, messages), so the one message a client sees for a body with
// several faults is the one the real API would send first.
#include "fake_provider/anthropic_request.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

GatewayError bad_request(std::string message) {
  return make_error(ErrorKind::InvalidRequest, std::move(message));
}

std::string_view string_at(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// The tool named by tool_choice {"type":"tool","name":…}, "" for the first tool (auto, any, or no
// tool_choice), nullopt for {"type":"none"}.
std::optional<std::string> wanted_tool(const json::value* choice) {
  const auto* obj = choice ? choice->if_object() : nullptr;
  if (!obj) return std::string();
  const auto type = string_at(*obj, "type");
  if (type == "none") return std::nullopt;
  if (type == "tool") return std::string(string_at(*obj, "name"));
  return std::string();
}

Result<std::optional<ToolCallPlan>> plan_tool_use(const json::object& body) {
  const auto* tools = body.if_contains("tools");
  if (!tools || !tools->is_array() || tools->get_array().empty())
    return std::optional<ToolCallPlan>();
  const auto wanted = wanted_tool(body.if_contains("tool_choice"));
  if (!wanted) return std::optional<ToolCallPlan>();

  const auto& list = tools->get_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto* tool = list[i].if_object();
    const auto name = tool ? string_at(*tool, "name") : std::string_view();
    if (name.empty()) return bad_request(fmt::format("tools.{}.name: Field required", i));
    if (!wanted->empty() && name != *wanted) continue;
    json::object none;
    const json::object* properties = &none;
    if (const auto* schema = tool->if_contains("input_schema"); schema && schema->is_object()) {
      if (const auto* props = schema->get_object().if_contains("properties");
          props && props->is_object())
        properties = &props->get_object();
    }
    return std::optional<ToolCallPlan>(
        ToolCallPlan{std::string(name), sample_arguments(*properties)});
  }
  return bad_request(
      fmt::format("tool_choice.name: Tool '{}' not found in provided tools", *wanted));
}

// `system` is a string or an array of text blocks, like a message's content.
std::size_t prompt_chars(const json::object& body, const json::array& messages) {
  std::size_t n = 0;
  if (const auto* system = body.if_contains("system")) n += text_chars(*system);
  for (const auto& m : messages) {
    if (const auto* obj = m.if_object())
      if (const auto* content = obj->if_contains("content")) n += text_chars(*content);
  }
  return n;
}

}  // namespace

Result<MessagesFacts> read_messages_request(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec) return bad_request("There was an error parsing the body of your request as JSON.");
  if (!parsed.is_object()) return bad_request("Input should be a valid dictionary");
  const auto& body = parsed.get_object();

  MessagesFacts facts;
  const auto* model = body.if_contains("model");
  if (!model) return bad_request("model: Field required");
  if (!model->is_string()) return bad_request("model: Input should be a valid string");
  facts.model = model->get_string();

  const auto* max_tokens = body.if_contains("max_tokens");
  if (!max_tokens) return bad_request("max_tokens: Field required");
  if (!max_tokens->is_int64() && !max_tokens->is_uint64())
    return bad_request("max_tokens: Input should be a valid integer");

  const auto* messages = body.if_contains("messages");
  if (!messages) return bad_request("messages: Field required");
  if (!messages->is_array()) return bad_request("messages: Input should be a valid list");
  facts.text_chars = prompt_chars(body, messages->get_array());

  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) facts.stream = s->get_bool();

  auto tool = plan_tool_use(body);
  if (!tool) return tool.error();
  facts.tool_use = std::move(*tool);
  return facts;
}

}  // namespace sb::fake
