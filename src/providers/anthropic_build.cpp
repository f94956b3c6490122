#include "providers/anthropic_build.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

namespace {

struct PartBuilder {
  json::array& out;
  std::optional<GatewayError>& error;

  void operator()(const TextPart& p) {
    if (!p.text.empty()) out.push_back(json::object{{"type", "text"}, {"text", p.text}});
  }
  void operator()(const ImagePart& p) {
    json::object source;
    if (p.is_inline()) {
      source = {{"type", "base64"}, {"media_type", p.media_type}, {"data", p.data}};
    } else {
      source = {{"type", "url"}, {"url", p.url}};
    }
    out.push_back(json::object{{"type", "image"}, {"source", std::move(source)}});
  }
  void operator()(const ToolCallPart& p) {
    boost::system::error_code ec;
    json::value input = json::parse(p.arguments, ec);
    if (ec || !input.is_object()) {
      error = make_error(ErrorKind::InvalidRequest,
                         fmt::format("the arguments of tool call `{}` are not a JSON object", p.id),
                         "messages");
      return;
    }
    out.push_back(json::object{
        {"type", "tool_use"}, {"id", p.id}, {"name", p.name}, {"input", std::move(input)}});
  }
  void operator()(const ToolResultPart& p) {
    json::object block{{"type", "tool_result"}, {"tool_use_id", p.call_id}, {"content", p.text}};
    if (p.is_error) block["is_error"] = true;
    out.push_back(std::move(block));
  }
  void operator()(const ThinkingPart& p) {
    if (p.signature.empty()) return;  // unsigned thinking cannot be replayed
    out.push_back(
        json::object{{"type", "thinking"}, {"thinking", p.text}, {"signature", p.signature}});
  }
};

json::object tool_choice(const Conversation& c) {
  json::object choice;
  const auto kind = c.tool_choice ? c.tool_choice->kind : ToolChoice::Kind::Auto;
  switch (kind) {
    case ToolChoice::Kind::Auto: choice["type"] = "auto"; break;
    case ToolChoice::Kind::None: choice["type"] = "none"; break;
    case ToolChoice::Kind::Required: choice["type"] = "any"; break;
    case ToolChoice::Kind::Named:
      choice["type"] = "tool";
      choice["name"] = c.tool_choice->name;
      break;
  }
  if (!c.parallel_tool_calls && kind != ToolChoice::Kind::None) {
    choice["disable_parallel_tool_use"] = true;
  }
  return choice;
}

}  // namespace

Result<std::string> build_anthropic_messages(const Conversation& c,
                                             const AnthropicBuildOptions& options) {
  json::object body;
  body["model"] = options.model;
  body["max_tokens"] = options.max_tokens;

  if (!c.system.empty()) {
    json::array system;
    for (const auto& text : c.system) {
      if (!text.empty()) system.push_back(json::object{{"type", "text"}, {"text", text}});
    }
    if (!system.empty()) body["system"] = std::move(system);
  }

  json::array messages;
  std::optional<Role> last_role;
  std::optional<GatewayError> error;
  for (const auto& turn : c.turns) {
    json::array content;
    PartBuilder builder{content, error};
    for (const auto& part : turn.parts) {
      std::visit(builder, part);
      if (error) return *error;
    }
    if (content.empty()) continue;
    if (last_role == turn.role) {  // the API wants turns to alternate
      auto& into = messages.back().as_object()["content"].as_array();
      for (auto& block : content) into.push_back(std::move(block));
      continue;
    }
    messages.push_back(json::object{{"role", turn.role == Role::User ? "user" : "assistant"},
                                    {"content", std::move(content)}});
    last_role = turn.role;
  }
  body["messages"] = std::move(messages);

  if (!c.tools.empty()) {
    json::array tools;
    for (const auto& t : c.tools) {
      json::object tool{{"name", t.name}, {"input_schema", t.parameters}};
      if (!t.description.empty()) tool["description"] = t.description;
      tools.push_back(std::move(tool));
    }
    body["tools"] = std::move(tools);
    body["tool_choice"] = tool_choice(c);
  }
  if (c.temperature) body["temperature"] = std::clamp(*c.temperature, 0.0, 1.0);
  if (c.top_p) body["top_p"] = *c.top_p;
  if (!c.stop.empty()) {
    json::array stop;
    for (const auto& s : c.stop) stop.emplace_back(s);
    body["stop_sequences"] = std::move(stop);
  }
  if (c.stream) body["stream"] = true;
  return json::serialize(body);
}

}  // namespace sb
