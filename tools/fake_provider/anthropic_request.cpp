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

// tool_choice {"type":"tool","name"} names a tool, {"type":"none"} refuses them; auto, any or no
// tool_choice lets the fake pick the first.
ToolChoice tool_choice_of(const json::value* choice) {
  const auto* obj = choice ? choice->if_object() : nullptr;
  if (!obj) return {};
  const auto type = string_at(*obj, "type");
  if (type == "none") return ToolChoice{true, ""};
  if (type == "tool") return ToolChoice{false, std::string(string_at(*obj, "name"))};
  return {};
}

// A Messages tool: {"name","input_schema"}.
Result<std::optional<ToolDeclaration>> declare_messages_tool(std::size_t i,
                                                             const json::value& tool) {
  const auto* obj = tool.if_object();
  const auto name = obj ? string_at(*obj, "name") : std::string_view();
  if (name.empty()) return bad_request(fmt::format("tools.{}.name: Field required", i));
  return ToolDeclaration{std::string(name), obj->if_contains("input_schema")};
}

GatewayError unknown_tool(std::string_view name) {
  return bad_request(fmt::format("tool_choice.name: Tool '{}' not found in provided tools", name));
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

  auto tool = plan_from_tool_list(body.if_contains("tools"),
                                  tool_choice_of(body.if_contains("tool_choice")),
                                  declare_messages_tool, unknown_tool);
  if (!tool) return tool.error();
  facts.tool_use = std::move(*tool);
  return facts;
}

}  // namespace sb::fake
