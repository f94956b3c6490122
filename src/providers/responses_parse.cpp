#include "providers/responses_parse.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/json.hpp>

#include "providers/json_fields.h"
#include "providers/openai_chat_parse.h"

namespace sb {

namespace json = boost::json;

namespace {

GatewayError bad(std::string message, std::string param) {
  return make_error(ErrorKind::InvalidRequest, std::move(message), std::move(param));
}

// The string at `key`, or null when it is absent or not a string.
const json::string* string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

std::string_view type_of(const json::object& o) {
  const auto* type = string_at(o, "type");
  return type ? std::string_view(*type) : std::string_view();
}

// Appends `parts` to the last turn when it is of `role` and `joins` says so, else opens a turn.
void add_parts(Conversation& c, Role role, std::vector<Part> parts, bool joins) {
  if (joins && !c.turns.empty() && c.turns.back().role == role) {
    auto& into = c.turns.back().parts;
    into.insert(into.end(), std::make_move_iterator(parts.begin()),
                std::make_move_iterator(parts.end()));
    return;
  }
  c.turns.push_back(Turn{role, std::move(parts)});
}

bool last_turn_is_tool_results(const Conversation& c) {
  return !c.turns.empty() && c.turns.back().role == Role::User && !c.turns.back().parts.empty() &&
         std::holds_alternative<ToolResultPart>(c.turns.back().parts.back());
}

Result<ImagePart> parse_image(const json::object& part, const std::string& param) {
  // A file_id names an upload only OpenAI holds.
  if (part.contains("file_id") && !part.at("file_id").is_null()) {
    return bad("images given by `file_id` cannot be sent to this deployment", param + ".file_id");
  }
  const auto* url = string_at(part, "image_url");
  if (!url || url->empty()) return bad("an input_image part needs `image_url`", param);
  return image_from_url(*url);
}

// The text of a system or developer message: a string, or input_text parts joined.
Result<std::string> instruction_text(const json::value& content, const std::string& param) {
  if (content.is_string()) return std::string(content.as_string());
  if (!content.is_array()) return bad("`content` must be a string or an array of parts", param);
  std::string out;
  const auto& parts = content.as_array();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const json::object* part = parts[i].if_object();
    const json::string* text = part ? string_at(*part, "text") : nullptr;
    if (!part || type_of(*part) != "input_text" || !text) {
      return bad("system and developer messages can hold only input_text parts",
                 fmt::format("{}[{}]", param, i));
    }
    out += *text;
  }
  return out;
}

Result<std::vector<Part>> user_parts(const json::value& content, const std::string& param) {
  std::vector<Part> parts;
  if (content.is_string()) {
    parts.push_back(TextPart{std::string(content.as_string())});
    return parts;
  }
  if (!content.is_array()) return bad("`content` must be a string or an array of parts", param);
  const auto& list = content.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = fmt::format("{}[{}]", param, i);
    const json::object* part = list[i].if_object();
    const std::string_view type = part ? type_of(*part) : std::string_view();
    if (type == "input_text") {
      const auto* text = string_at(*part, "text");
      if (!text) return bad("an input_text part needs `text`", at);
      parts.push_back(TextPart{std::string(*text)});
    } else if (type == "input_image") {
      auto image = parse_image(*part, at);
      if (!image) return image.error();
      parts.push_back(std::move(*image));
    } else if (type.empty()) {
      return bad("each content part needs a `type`", at);
    } else {
      // input_file (PDFs and other documents), input_audio: the model would not see them.
      return bad(fmt::format("content parts of type `{}` cannot be sent to this deployment", type),
                 at);
    }
  }
  return parts;
}

// An assistant message's text: a string, or output_text / input_text / refusal parts, each a
// TextPart (a refusal is what the model said). Empty text is left out: it says nothing and
// Anthropic refuses empty text blocks.
Result<std::vector<Part>> assistant_parts(const json::value& content, const std::string& param) {
  std::vector<Part> parts;
  if (content.is_string()) {
    if (!content.as_string().empty()) parts.push_back(TextPart{std::string(content.as_string())});
    return parts;
  }
  if (!content.is_array()) return bad("`content` must be a string or an array of parts", param);
  const auto& list = content.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = fmt::format("{}[{}]", param, i);
    const json::object* part = list[i].if_object();
    const std::string_view type = part ? type_of(*part) : std::string_view();
    const std::string_view key = type == "refusal" ? "refusal" : "text";
    const json::string* text = part ? string_at(*part, key) : nullptr;
    if ((type != "output_text" && type != "input_text" && type != "refusal") || !text) {
      return bad("assistant messages can hold only output_text and refusal parts", at);
    }
    if (!text->empty()) parts.push_back(TextPart{std::string(*text)});
  }
  return parts;
}

Result<void> parse_message(const json::object& item, const std::string& param, Conversation& c) {
  const auto* role = string_at(item, "role");
  const json::value* content = item.if_contains("content");
  if (!role) return bad("a message needs a `role`", param + ".role");
  if (!content) return bad("a message needs `content`", param + ".content");
  if (*role == "system" || *role == "developer") {
    auto text = instruction_text(*content, param + ".content");
    if (!text) return text.error();
    c.system.push_back(std::move(*text));
  } else if (*role == "user") {
    auto parts = user_parts(*content, param + ".content");
    if (!parts) return parts.error();
    add_parts(c, Role::User, std::move(*parts), false);
  } else if (*role == "assistant") {
    auto parts = assistant_parts(*content, param + ".content");
    if (!parts) return parts.error();
    if (!parts->empty()) add_parts(c, Role::Assistant, std::move(*parts), true);
  } else {
    return bad(fmt::format("messages with role `{}` cannot be sent to this deployment",
                           std::string_view(*role)),
               param + ".role");
  }
  return {};
}

Result<void> parse_function_call(const json::object& item, const std::string& param,
                                 Conversation& c) {
  const auto* call_id = string_at(item, "call_id");
  const auto* name = string_at(item, "name");
  if (!call_id || !name) return bad("a function_call needs `call_id` and `name`", param);
  const auto* arguments = string_at(item, "arguments");
  std::vector<Part> parts;
  parts.push_back(ToolCallPart{std::string(*call_id), std::string(*name),
                               arguments && !arguments->empty() ? std::string(*arguments) : "{}"});
  add_parts(c, Role::Assistant, std::move(parts), true);
  return {};
}

// A function's output: a string, or input_text parts. They are separate items (several results
// of one call), so they are joined with newlines rather than run together.
Result<std::string> function_output_text(const json::value* output, const std::string& param) {
  if (!output) return bad("a function_call_output needs `output`", param);
  if (output->is_string()) return std::string(output->as_string());
  if (!output->is_array()) return bad("`output` must be a string or an array of parts", param);
  std::string out;
  const auto& parts = output->as_array();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const json::object* part = parts[i].if_object();
    const json::string* text = part ? string_at(*part, "text") : nullptr;
    if (!part || type_of(*part) != "input_text" || !text) {
      // An image or file result would reach the model as nothing: refused rather than lost.
      return bad("only text can be sent back as a function output to this deployment",
                 fmt::format("{}[{}]", param, i));
    }
    if (i > 0) out += '\n';
    out += *text;
  }
  return out;
}

Result<void> parse_function_output(const json::object& item, const std::string& param,
                                   Conversation& c) {
  const auto* call_id = string_at(item, "call_id");
  if (!call_id) return bad("a function_call_output needs `call_id`", param + ".call_id");
  auto text = function_output_text(item.if_contains("output"), param + ".output");
  if (!text) return text.error();
  std::vector<Part> parts;
  parts.push_back(ToolResultPart{std::string(*call_id), std::move(*text), false});
  add_parts(c, Role::User, std::move(parts), last_turn_is_tool_results(c));
  return {};
}

Result<void> parse_input(const json::value& input, Conversation& c) {
  if (input.is_string()) {
    c.turns.push_back(Turn{Role::User, {TextPart{std::string(input.as_string())}}});
    return {};
  }
  if (!input.is_array()) return bad("`input` must be a string or an array of items", "input");
  const auto& items = input.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string param = fmt::format("input[{}]", i);
    const json::object* item = items[i].if_object();
    if (!item) return bad("each input item must be an object", param);
    const std::string_view type = type_of(*item);
    Result<void> r;
    if (type == "message" || (type.empty() && item->contains("role"))) {
      r = parse_message(*item, param, c);
    } else if (type == "function_call") {
      r = parse_function_call(*item, param, c);
    } else if (type == "function_call_output") {
      r = parse_function_output(*item, param, c);
    } else if (type == "reasoning") {
      // Encrypted or summarised reasoning only OpenAI can use; another model answers as well
      // without it.
      spdlog::debug("responses request: reasoning item dropped");
    } else {
      // item_reference (or an item with only an `id`), hosted tool calls and their outputs:
      // they refer to state at OpenAI or to tools no other provider runs.
      return bad(fmt::format("input items of type `{}` cannot be sent to this deployment",
                             type.empty() ? std::string_view("item_reference") : type),
                 param);
    }
    if (!r) return r.error();
  }
  return {};
}

Result<void> parse_tools(const json::object& body, Conversation& c) {
  if (const auto* tools = body.if_contains("tools"); tools && !tools->is_null()) {
    if (!tools->is_array()) return bad("`tools` must be an array", "tools");
    const auto& list = tools->as_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string param = fmt::format("tools[{}]", i);
      const json::object* t = list[i].if_object();
      if (!t) return bad("each tool must be an object", param);
      // Hosted tools (web_search, file_search, code_interpreter, mcp, ...) run at OpenAI: a
      // model without them would answer differently.
      const std::string_view type = type_of(*t);
      if (type.empty()) return bad("each tool needs a `type`", param + ".type");
      if (type != "function") {
        return bad(fmt::format("tools of type `{}` cannot be sent to this deployment", type),
                   param + ".type");
      }
      const auto* name = string_at(*t, "name");
      if (!name) return bad("each function tool needs a `name`", param + ".name");
      ToolSpec spec;
      spec.name = *name;
      if (const auto* d = string_at(*t, "description")) spec.description = *d;
      const json::value* params = t->if_contains("parameters");
      spec.parameters =
          params && params->is_object()
              ? *params
              : json::value(json::object{{"type", "object"}, {"properties", json::object{}}});
      c.tools.push_back(std::move(spec));
    }
  }
  if (const auto* choice = body.if_contains("tool_choice"); choice && !choice->is_null()) {
    ToolChoice tc;
    const json::object* o = choice->if_object();
    const std::string_view word =
        choice->is_string() ? std::string_view(choice->as_string()) : std::string_view();
    if (word == "auto") {
      tc.kind = ToolChoice::Kind::Auto;
    } else if (word == "none") {
      tc.kind = ToolChoice::Kind::None;
    } else if (word == "required") {
      tc.kind = ToolChoice::Kind::Required;
    } else if (o && type_of(*o) == "function" && string_at(*o, "name")) {
      tc.kind = ToolChoice::Kind::Named;
      tc.name = *string_at(*o, "name");
    } else {
      return bad("`tool_choice` must be auto, none, required or {type: function, name}",
                 "tool_choice");
    }
    c.tool_choice = tc;
  }
  if (const auto* p = body.if_contains("parallel_tool_calls"); p && p->is_bool()) {
    c.parallel_tool_calls = p->as_bool();
  }
  return {};
}

// Fields whose loss would change the answer or the conversation the client gets.
Result<void> refuse_untranslatable(const json::object& body) {
  for (const std::string_view key : {"previous_response_id", "conversation", "prompt"}) {
    if (const auto* v = body.if_contains(key); v && !v->is_null()) {
      return bad(fmt::format("`{}` refers to state stored at OpenAI, which this deployment "
                             "cannot continue: send the whole conversation in `input`",
                             key),
                 std::string(key));
    }
  }
  if (const auto* b = body.if_contains("background"); b && b->is_bool() && b->as_bool()) {
    return bad("`background` responses cannot be served by this deployment", "background");
  }
  if (const auto* l = body.if_contains("top_logprobs");
      l && l->is_number() && l->to_number<double>() > 0) {
    return bad("`top_logprobs` cannot be served by this deployment", "top_logprobs");
  }
  if (const auto* text = body.if_contains("text"); text && text->is_object()) {
    if (const auto* format = text->as_object().if_contains("format");
        format && !format->is_null() &&
        (!format->is_object() || type_of(format->as_object()) != "text")) {
      return bad("`text.format` cannot be served by this deployment", "text.format");
    }
  }
  return {};
}

// The fields this translation reads or refuses; any other is dropped, and said so at debug level.
constexpr std::array<std::string_view, 16> kUnderstood = {"model",
                                                          "input",
                                                          "instructions",
                                                          "tools",
                                                          "tool_choice",
                                                          "parallel_tool_calls",
                                                          "max_output_tokens",
                                                          "temperature",
                                                          "top_p",
                                                          "stream",
                                                          "previous_response_id",
                                                          "conversation",
                                                          "prompt",
                                                          "background",
                                                          "top_logprobs",
                                                          "text"};

}  // namespace

Result<Conversation> parse_responses_request(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return bad("the request body must be a JSON object", "");
  const json::object& body = doc.as_object();
  Conversation c;

  const auto* model = string_at(body, "model");
  if (!model) return bad("`model` must be a string", "model");
  c.model = *model;
  if (auto r = refuse_untranslatable(body); !r) return r.error();
  const auto* input = body.if_contains("input");
  if (!input || input->is_null())
    return bad("`input` must be a string or an array of items", "input");

  log_dropped_fields(body, kUnderstood, "responses");
  if (const auto* instructions = body.if_contains("instructions");
      instructions && !instructions->is_null()) {
    if (!instructions->is_string()) return bad("`instructions` must be a string", "instructions");
    if (!instructions->as_string().empty()) c.system.emplace_back(instructions->as_string());
  }
  if (auto r = parse_input(*input, c); !r) return r.error();
  if (auto r = parse_tools(body, c); !r) return r.error();

  if (const auto* v = body.if_contains("max_output_tokens"); v && !v->is_null()) {
    if (!v->is_int64() && !v->is_uint64()) {
      return bad("`max_output_tokens` must be a whole number", "max_output_tokens");
    }
    c.max_tokens = v->to_number<std::int64_t>();
  }
  auto temperature = optional_number(body, "temperature");
  if (!temperature) return temperature.error();
  c.temperature = *temperature;
  auto top_p = optional_number(body, "top_p");
  if (!top_p) return top_p.error();
  c.top_p = *top_p;
  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) c.stream = s->as_bool();
  c.include_usage = c.stream;  // a Responses stream always ends with its usage
  return c;
}

}  // namespace sb
