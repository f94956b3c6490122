#include "providers/responses_parse.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/json.hpp>

#include "providers/json_fields.h"
#include "providers/openai_chat_parse.h"
#include "providers/request_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

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
    return invalid_request("images given by `file_id` cannot be sent to this deployment",
                           param + ".file_id");
  }
  const auto* url = string_at(part, "image_url");
  if (!url || url->empty()) return invalid_request("an input_image part needs `image_url`", param);
  return image_from_url(*url);
}

// The text of a system or developer message: a string, or input_text parts joined.
Result<std::string> instruction_text(const json::value& content, const std::string& param) {
  if (content.is_string()) return std::string(content.as_string());
  if (!content.is_array()) {
    return invalid_request("`content` must be a string or an array of parts", param);
  }
  return joined_text(content.as_array(), "input_text", "",
                     "system and developer messages can hold only input_text parts", param);
}

// One element of a message's content array, as both roles' readers look at it.
struct ContentPart {
  const json::object* part;  // null when the element is not an object
  std::string_view type;     // empty when it has none
  std::string at;            // its path, for a 400
};

// The elements of a `content` that is not a string: it must be an array of parts.
Result<std::vector<ContentPart>> content_parts(const json::value& content,
                                               const std::string& param) {
  if (!content.is_array()) {
    return invalid_request("`content` must be a string or an array of parts", param);
  }
  std::vector<ContentPart> out;
  const auto& list = content.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::object* part = list[i].if_object();
    out.push_back(ContentPart{part, part ? type_of(*part) : std::string_view(),
                              fmt::format("{}[{}]", param, i)});
  }
  return out;
}

Result<std::vector<Part>> user_parts(const json::value& content, const std::string& param) {
  std::vector<Part> parts;
  if (content.is_string()) {
    parts.push_back(TextPart{std::string(content.as_string())});
    return parts;
  }
  auto list = content_parts(content, param);
  if (!list) return list.error();
  for (const ContentPart& p : *list) {
    if (p.type == "input_text") {
      const auto* text = string_at(*p.part, "text");
      if (!text) return invalid_request("an input_text part needs `text`", p.at);
      parts.push_back(TextPart{std::string(*text)});
    } else if (p.type == "input_image") {
      auto image = parse_image(*p.part, p.at);
      if (!image) return image.error();
      parts.push_back(std::move(*image));
    } else if (p.type.empty()) {
      return invalid_request("each content part needs a `type`", p.at);
    } else {
      // input_file (PDFs and other documents), input_audio: the model would not see them.
      return invalid_request(
          fmt::format("content parts of type `{}` cannot be sent to this deployment", p.type),
          p.at);
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
  auto list = content_parts(content, param);
  if (!list) return list.error();
  for (const ContentPart& p : *list) {
    const std::string_view key = p.type == "refusal" ? "refusal" : "text";
    const json::string* text = p.part ? string_at(*p.part, key) : nullptr;
    if ((p.type != "output_text" && p.type != "input_text" && p.type != "refusal") || !text) {
      return invalid_request("assistant messages can hold only output_text and refusal parts",
                             p.at);
    }
    if (!text->empty()) parts.push_back(TextPart{std::string(*text)});
  }
  return parts;
}

Result<void> parse_message(const json::object& item, const std::string& param, Conversation& c) {
  const auto* role = string_at(item, "role");
  const json::value* content = item.if_contains("content");
  if (!role) return invalid_request("a message needs a `role`", param + ".role");
  if (!content) return invalid_request("a message needs `content`", param + ".content");
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
    return invalid_request(fmt::format("messages with role `{}` cannot be sent to this deployment",
                                       std::string_view(*role)),
                           param + ".role");
  }
  return {};
}

Result<void> parse_function_call(const json::object& item, const std::string& param,
                                 Conversation& c) {
  const auto* call_id = string_at(item, "call_id");
  const auto* name = string_at(item, "name");
  if (!call_id || !name) {
    return invalid_request("a function_call needs `call_id` and `name`", param);
  }
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
  if (!output) return invalid_request("a function_call_output needs `output`", param);
  if (output->is_string()) return std::string(output->as_string());
  if (!output->is_array()) {
    return invalid_request("`output` must be a string or an array of parts", param);
  }
  // An image or file result would reach the model as nothing: refused rather than lost.
  return joined_text(output->as_array(), "input_text", "\n",
                     "only text can be sent back as a function output to this deployment", param);
}

Result<void> parse_function_output(const json::object& item, const std::string& param,
                                   Conversation& c) {
  const auto* call_id = string_at(item, "call_id");
  if (!call_id) {
    return invalid_request("a function_call_output needs `call_id`", param + ".call_id");
  }
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
  if (!input.is_array()) {
    return invalid_request("`input` must be a string or an array of items", "input");
  }
  const auto& items = input.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string param = fmt::format("input[{}]", i);
    const json::object* item = items[i].if_object();
    if (!item) return invalid_request("each input item must be an object", param);
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
      return invalid_request(
          fmt::format("input items of type `{}` cannot be sent to this deployment",
                      type.empty() ? std::string_view("item_reference") : type),
          param);
    }
    if (!r) return r.error();
  }
  return {};
}

// Every tool names its type; those other than `function` (web_search, file_search,
// code_interpreter, mcp, ...) run at OpenAI.
constexpr FlatToolSpelling kFunctionTool{"function", true, "parameters",
                                         "each function tool needs a `name`"};

Result<void> parse_tools(const json::object& body, Conversation& c) {
  if (auto r = read_flat_tools(body, kFunctionTool, c); !r) return r.error();
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
      return invalid_request("`tool_choice` must be auto, none, required or {type: function, name}",
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
      return invalid_request(
          fmt::format("`{}` refers to state stored at OpenAI, which this deployment "
                      "cannot continue: send the whole conversation in `input`",
                      key),
          std::string(key));
    }
  }
  if (const auto* b = body.if_contains("background"); b && b->is_bool() && b->as_bool()) {
    return invalid_request("`background` responses cannot be served by this deployment",
                           "background");
  }
  if (const auto* l = body.if_contains("top_logprobs");
      l && l->is_number() && l->to_number<double>() > 0) {
    return invalid_request("`top_logprobs` cannot be served by this deployment", "top_logprobs");
  }
  if (const auto* text = body.if_contains("text"); text && text->is_object()) {
    if (const auto* format = text->as_object().if_contains("format");
        format && !format->is_null() &&
        (!format->is_object() || type_of(format->as_object()) != "text")) {
      return invalid_request("`text.format` cannot be served by this deployment", "text.format");
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
  Conversation c;
  const auto doc = read_request(text, c);
  if (!doc) return doc.error();
  const json::object& body = *doc;

  if (auto r = refuse_untranslatable(body); !r) return r.error();
  const auto* input = body.if_contains("input");
  if (!input || input->is_null()) {
    return invalid_request("`input` must be a string or an array of items", "input");
  }

  log_dropped_fields(body, kUnderstood, "responses");
  if (const auto* instructions = body.if_contains("instructions");
      instructions && !instructions->is_null()) {
    if (!instructions->is_string()) {
      return invalid_request("`instructions` must be a string", "instructions");
    }
    if (!instructions->as_string().empty()) c.system.emplace_back(instructions->as_string());
  }
  if (auto r = parse_input(*input, c); !r) return r.error();
  if (auto r = parse_tools(body, c); !r) return r.error();

  auto max_tokens = optional_whole_number(body, "max_output_tokens");
  if (!max_tokens) return max_tokens.error();
  c.max_tokens = *max_tokens;
  if (auto r = read_sampling(body, c); !r) return r.error();
  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) c.stream = s->as_bool();
  c.include_usage = c.stream;  // a Responses stream always ends with its usage
  return c;
}

}  // namespace sb
