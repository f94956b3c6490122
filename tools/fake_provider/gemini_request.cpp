// Reading a generateContent body (see gemini_request.h). Google reports field faults as
// `* GenerateContentRequest.<snake_case path>: <reason>\n`; the messages here keep that form.
#include "fake_provider/gemini_request.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <utility>

namespace sb::fake {
namespace {

namespace json = boost::json;

GatewayError invalid_argument(std::string message) {
  return make_error(ErrorKind::InvalidRequest, std::move(message));
}

const json::array* array_at(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v ? v->if_array() : nullptr;
}

const json::object* object_at(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v ? v->if_object() : nullptr;
}

std::size_t parts_text(const json::object* content) {
  const auto* parts = content ? content->if_contains("parts") : nullptr;
  return parts ? text_chars(*parts) : 0;
}

// Every functionCall part of `contents`, with its position and signature.
std::vector<HistoryCall> history_calls(const json::array& contents) {
  std::vector<HistoryCall> calls;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const auto* content = contents[i].if_object();
    const auto* parts = content ? array_at(*content, "parts") : nullptr;
    if (!parts) continue;
    bool first = true;
    for (const auto& part : *parts) {
      const auto* obj = part.if_object();
      const auto* call = obj ? object_at(*obj, "functionCall") : nullptr;
      if (!call) continue;
      HistoryCall h;
      h.position = i + 1;
      h.name = string_at(*call, "name");
      if (const auto* sig = obj->if_contains("thoughtSignature"); sig && sig->is_string())
        h.signature = std::string(sig->get_string());
      h.leads_content = std::exchange(first, false);
      calls.push_back(std::move(h));
    }
  }
  return calls;
}

Result<std::vector<ToolDeclaration>> declared_functions(const json::object& body) {
  std::vector<ToolDeclaration> declared;
  const auto* tools = array_at(body, "tools");
  if (!tools) return declared;
  for (std::size_t t = 0; t < tools->size(); ++t) {
    const auto* tool = (*tools)[t].if_object();
    const auto* functions = tool ? array_at(*tool, "functionDeclarations") : nullptr;
    if (!functions) continue;
    for (std::size_t f = 0; f < functions->size(); ++f) {
      const auto* fn = (*functions)[f].if_object();
      const auto name = fn ? string_at(*fn, "name") : std::string_view();
      if (name.empty()) {
        return invalid_argument(fmt::format(
            "* GenerateContentRequest.tools[{}].function_declarations[{}].name: Name cannot be "
            "empty.\n",
            t, f));
      }
      const json::value* schema = fn->if_contains("parameters");
      if (!schema) schema = fn->if_contains("parametersJsonSchema");
      declared.push_back({std::string(name), schema});
    }
  }
  return declared;
}

ToolChoice function_choice(const json::object& body) {
  const auto* config = object_at(body, "toolConfig");
  const auto* calling = config ? object_at(*config, "functionCallingConfig") : nullptr;
  if (!calling) return {};
  const auto mode = string_at(*calling, "mode");
  if (mode == "NONE") return ToolChoice{true, ""};
  const auto* allowed = array_at(*calling, "allowedFunctionNames");
  if (mode == "ANY" && allowed && !allowed->empty() && (*allowed)[0].is_string())
    return ToolChoice{false, std::string((*allowed)[0].get_string())};
  return {};
}

}  // namespace

Result<GeminiFacts> read_gemini_request(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec) return invalid_argument("Invalid JSON payload received. Unexpected token.");
  if (!parsed.is_object())
    return invalid_argument(
        "Invalid JSON payload received. Unknown name \"\": Root element must be a message.");
  const auto& body = parsed.get_object();

  const auto* contents = body.if_contains("contents");
  if (contents && !contents->is_array()) {
    return invalid_argument(fmt::format(
        "Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta."
        "Content), {}",
        json::serialize(*contents)));
  }
  if (!contents || contents->get_array().empty())
    return invalid_argument("* GenerateContentRequest.contents: contents is not specified\n");

  GeminiFacts facts;
  facts.text_chars = parts_text(object_at(body, "systemInstruction"));
  for (const auto& content : contents->get_array())
    facts.text_chars += parts_text(content.if_object());
  facts.history_calls = history_calls(contents->get_array());

  auto declared = declared_functions(body);
  if (!declared) return declared.error();
  const ToolChoice choice = function_choice(body);
  if (names_unknown_tool(*declared, choice)) {
    return invalid_argument(fmt::format(
        "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "
        "function `{}` is not declared in tools.\n",
        choice.name));
  }
  facts.function_call = plan_tool_call(*declared, choice);
  return facts;
}

}  // namespace sb::fake
