#include "providers/gemini_build.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>
#include <optional>

#include "core/ascii.h"
#include "providers/gemini_call_id.h"
#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxStopSequences = 5;  // generationConfig.stopSequences' documented limit
// Documented by Google for function calls another model made: Gemini skips validating it.
constexpr std::string_view kUnsignedCallSignature = "skip_thought_signature_validator";

// The image type a URL's extension names, or empty (fileData.mimeType is optional).
std::string_view image_type_of_url(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const std::size_t dot = url.rfind('.');
  if (dot == std::string_view::npos || url.find('/', dot) != std::string_view::npos) return {};
  const std::string_view ext = url.substr(dot + 1);
  if (ascii_iequals(ext, "png")) return "image/png";
  if (ascii_iequals(ext, "jpg") || ascii_iequals(ext, "jpeg")) return "image/jpeg";
  if (ascii_iequals(ext, "webp")) return "image/webp";
  if (ascii_iequals(ext, "gif")) return "image/gif";
  if (ascii_iequals(ext, "heic")) return "image/heic";
  if (ascii_iequals(ext, "heif")) return "image/heif";
  return {};
}

struct PartBuilder {
  json::array& out;
  std::map<std::string, std::string>& call_names;  // call id -> function name, calls so far
  std::optional<GatewayError>& error;

  void operator()(const TextPart& p) {
    if (!p.text.empty()) out.push_back(json::object{{"text", p.text}});
  }
  void operator()(const ImagePart& p) {
    if (p.is_inline()) {
      out.push_back(
          json::object{{"inlineData", json::object{{"mimeType", p.media_type}, {"data", p.data}}}});
      return;
    }
    json::object file{{"fileUri", p.url}};
    if (const std::string_view type = image_type_of_url(p.url); !type.empty()) {
      file["mimeType"] = type;
    }
    out.push_back(json::object{{"fileData", std::move(file)}});
  }
  void operator()(const ToolCallPart& p) {
    boost::system::error_code ec;
    json::value args =
        p.arguments.empty() ? json::value(json::object()) : json::parse(p.arguments, ec);
    if (ec || !args.is_object()) {
      error = invalid_request(
          fmt::format("the arguments of tool call `{}` are not a JSON object", p.id), "messages");
      return;
    }
    call_names[p.id] = p.name;
    const GeminiCallId from_id = split_gemini_call_id(p.id);
    json::object call{{"name", p.name}, {"args", std::move(args)}};
    if (!from_id.id.empty()) call["id"] = from_id.id;
    json::object part{{"functionCall", std::move(call)}};
    if (!from_id.signature.empty()) part["thoughtSignature"] = from_id.signature;
    out.push_back(std::move(part));
  }
  void operator()(const ToolResultPart& p) {
    const auto name = call_names.find(p.call_id);
    if (name == call_names.end()) {
      error = invalid_request(
          fmt::format("the result for tool call `{}` follows no call with that id, and "
                      "Gemini needs the called function's name",
                      p.call_id),
          "messages");
      return;
    }
    json::object response{{"name", name->second},
                          {"response", json::object{{p.is_error ? "error" : "output", p.text}}}};
    // Gemini pairs a result with its call by id once the call has one: both or neither.
    if (std::string id = split_gemini_call_id(p.call_id).id; !id.empty()) {
      response["id"] = std::move(id);
    }
    out.push_back(json::object{{"functionResponse", std::move(response)}});
  }
  void operator()(const ThinkingPart&) {
    spdlog::debug(
        "a thinking part has no Gemini equivalent (its signature is not Gemini's): "
        "dropped");
  }
};

// Gemini 3 refuses a step (a model content with calls) whose first call is unsigned.
void sign_first_call(json::object& content) {
  for (auto& v : content["parts"].as_array()) {
    json::object& part = v.as_object();
    if (!part.contains("functionCall")) continue;
    if (!part.contains("thoughtSignature")) part["thoughtSignature"] = kUnsignedCallSignature;
    return;
  }
}

Result<json::array> contents_of(const std::vector<Turn>& turns) {
  json::array contents;
  std::map<std::string, std::string> call_names;
  std::optional<GatewayError> error;
  std::optional<Role> last_role;
  for (const auto& turn : turns) {
    json::array parts;
    PartBuilder builder{parts, call_names, error};
    for (const auto& part : turn.parts) {
      std::visit(builder, part);
      if (error) return *error;
    }
    if (parts.empty()) continue;
    if (last_role == turn.role) {  // one content per step: its calls, then all their results
      auto& into = contents.back().as_object()["parts"].as_array();
      for (auto& p : parts) into.push_back(std::move(p));
      continue;
    }
    contents.push_back(json::object{{"role", turn.role == Role::User ? "user" : "model"},
                                    {"parts", std::move(parts)}});
    last_role = turn.role;
  }
  for (auto& content : contents) {
    if (content.as_object()["role"] == "model") sign_first_call(content.as_object());
  }
  return contents;
}

json::object function_calling_config(const ToolChoice& choice) {
  switch (choice.kind) {
    case ToolChoice::Kind::Auto: return {{"mode", "AUTO"}};
    case ToolChoice::Kind::None: return {{"mode", "NONE"}};
    case ToolChoice::Kind::Required: return {{"mode", "ANY"}};
    case ToolChoice::Kind::Named:
      return {{"mode", "ANY"}, {"allowedFunctionNames", json::array{json::value(choice.name)}}};
  }
  return {{"mode", "AUTO"}};
}

json::array tools_of(const std::vector<ToolSpec>& tools) {
  json::array declarations;
  for (const auto& t : tools) {
    json::object declaration{{"name", t.name}};
    if (!t.description.empty()) declaration["description"] = t.description;
    // parametersJsonSchema takes JSON Schema as clients write it; `parameters` would need it cut
    // down to Gemini's OpenAPI subset.
    if (t.parameters.is_object()) declaration["parametersJsonSchema"] = t.parameters;
    declarations.push_back(std::move(declaration));
  }
  return json::array{json::object{{"functionDeclarations", std::move(declarations)}}};
}

}  // namespace

Result<std::string> build_gemini_request(const Conversation& c, const GeminiBuildOptions& options) {
  if (c.stop.size() > kMaxStopSequences) {
    return invalid_request(fmt::format("Gemini takes at most {} stop sequences, the request has {}",
                                       kMaxStopSequences, c.stop.size()),
                           "stop");
  }
  json::object body;

  json::array system;
  for (const auto& text : c.system) {
    if (!text.empty()) system.push_back(json::object{{"text", text}});
  }
  if (!system.empty()) body["systemInstruction"] = json::object{{"parts", std::move(system)}};

  auto contents = contents_of(c.turns);
  if (!contents) return contents.error();
  body["contents"] = std::move(*contents);

  if (!c.tools.empty()) {
    body["tools"] = tools_of(c.tools);
    if (c.tool_choice) {
      body["toolConfig"] =
          json::object{{"functionCallingConfig", function_calling_config(*c.tool_choice)}};
    }
    if (!c.parallel_tool_calls) {
      spdlog::debug("parallel_tool_calls false has no Gemini equivalent: dropped");
    }
  }

  json::object generation;
  if (options.max_tokens) generation["maxOutputTokens"] = *options.max_tokens;
  if (c.temperature) generation["temperature"] = *c.temperature;
  if (c.top_p) generation["topP"] = *c.top_p;
  if (!c.stop.empty()) {
    json::array stop;
    for (const auto& s : c.stop) stop.emplace_back(s);
    generation["stopSequences"] = std::move(stop);
  }
  if (!generation.empty()) body["generationConfig"] = std::move(generation);
  return json::serialize(body);
}

}  // namespace sb
