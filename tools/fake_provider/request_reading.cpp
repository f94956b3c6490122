// Request reading shared by every dialect (see request_reading.h).
#include "fake_provider/request_reading.h"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

// The schema's type; for a list (["string", "null"]) the first one that is not null.
std::string_view type_of(const json::value& schema) {
  const auto* obj = schema.if_object();
  const auto* t = obj ? obj->if_contains("type") : nullptr;
  if (!t) return {};
  if (t->is_string()) return t->get_string();
  if (const auto* ts = t->if_array()) {
    for (const auto& each : *ts) {
      if (each.is_string() && !boost::beast::iequals(each.get_string(), "null"))
        return each.get_string();
    }
  }
  return {};
}

json::value sample_of(const json::value& schema) {
  const std::string_view type = type_of(schema);
  const auto is = [&](std::string_view name) { return boost::beast::iequals(type, name); };
  if (is("string")) return "sample";
  if (is("number") || is("integer")) return 1;
  if (is("boolean")) return true;
  if (is("array")) return json::array();
  if (is("object")) return json::object();
  return nullptr;
}

std::string sample_arguments_of(const json::value* schema) {
  const auto* obj = schema ? schema->if_object() : nullptr;
  const auto* props = obj ? obj->if_contains("properties") : nullptr;
  if (props && props->is_object()) return sample_arguments(props->get_object());
  return "{}";
}

const ToolDeclaration* find_tool(const std::vector<ToolDeclaration>& tools,
                                 const ToolChoice& choice) {
  for (const auto& tool : tools) {
    if (choice.name.empty() || tool.name == choice.name) return &tool;
  }
  return nullptr;
}

}  // namespace

std::optional<ToolCallPlan> plan_tool_call(const std::vector<ToolDeclaration>& tools,
                                           const ToolChoice& choice) {
  if (choice.refused) return std::nullopt;
  const ToolDeclaration* tool = find_tool(tools, choice);
  if (!tool) return std::nullopt;
  return ToolCallPlan{tool->name, sample_arguments_of(tool->schema)};
}

bool names_unknown_tool(const std::vector<ToolDeclaration>& tools, const ToolChoice& choice) {
  return !choice.refused && !choice.name.empty() && !tools.empty() && !find_tool(tools, choice);
}

std::string sample_arguments(const json::object& properties) {
  json::object args;
  for (const auto& [name, schema] : properties) args[name] = sample_of(schema);
  return json::serialize(args);
}

std::size_t text_chars(const json::value& content) {
  if (const auto* s = content.if_string()) return s->size();
  std::size_t n = 0;
  if (const auto* parts = content.if_array()) {
    for (const auto& part : *parts) {
      if (const auto* obj = part.if_object()) n += string_at(*obj, "text").size();
    }
  }
  return n;
}

std::string_view string_at(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace sb::fake
