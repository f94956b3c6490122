#include "providers/request_fields.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

Result<json::object> read_request(std::string_view text, Conversation& c) {
  auto body = parse_object(text);
  if (!body) return invalid_request("the request body must be a JSON object", "");
  const auto* model = string_at(*body, "model");
  if (!model) return invalid_request("`model` must be a string", "model");
  c.model = *model;
  return std::move(*body);
}

Result<void> read_sampling(const json::object& body, Conversation& c) {
  auto temperature = optional_number(body, "temperature");
  if (!temperature) return temperature.error();
  c.temperature = *temperature;
  auto top_p = optional_number(body, "top_p");
  if (!top_p) return top_p.error();
  c.top_p = *top_p;
  return {};
}

ToolSpec function_tool(std::string_view name, const json::object& declaration,
                       std::string_view schema_key) {
  ToolSpec spec;
  spec.name = name;
  if (const auto* d = string_at(declaration, "description")) spec.description = *d;
  const json::value* schema = declaration.if_contains(schema_key);
  spec.parameters =
      schema && schema->is_object()
          ? *schema
          : json::value(json::object{{"type", "object"}, {"properties", json::object{}}});
  return spec;
}

Result<void> read_flat_tools(const json::object& body, const FlatToolSpelling& spelling,
                             Conversation& c) {
  const auto* tools = body.if_contains("tools");
  if (!tools || tools->is_null()) return {};
  if (!tools->is_array()) return invalid_request("`tools` must be an array", "tools");
  const auto& list = tools->as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string param = fmt::format("tools[{}]", i);
    const json::object* t = list[i].if_object();
    if (!t) return invalid_request("each tool must be an object", param);
    const std::string_view type = type_of(*t);
    if (type.empty() && spelling.type_required) {
      return invalid_request("each tool needs a `type`", param + ".type");
    }
    if (!type.empty() && type != spelling.function_type) {
      return invalid_request(
          fmt::format("tools of type `{}` cannot be sent to this deployment", type),
          param + ".type");
    }
    const auto* name = string_at(*t, "name");
    if (!name) return invalid_request(std::string(spelling.missing_name), param + ".name");
    c.tools.push_back(function_tool(*name, *t, spelling.schema_key));
  }
  return {};
}

}  // namespace sb
