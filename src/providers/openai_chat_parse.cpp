#include "providers/openai_chat_parse.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "providers/json_fields.h"
#include "providers/request_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

// A message's content as text: a string, or an array of text parts joined.
Result<std::string> text_of(const json::value& content, const std::string& param) {
  if (content.is_null()) return std::string();
  if (content.is_string()) return std::string(content.as_string());
  if (!content.is_array()) {
    return invalid_request("content must be a string or an array of parts", param);
  }
  std::string out;
  for (const auto& part : content.as_array()) {
    const auto* type = part.is_object() ? part.as_object().if_contains("type") : nullptr;
    const auto* text = part.is_object() ? part.as_object().if_contains("text") : nullptr;
    if (!type || !type->is_string() || type->as_string() != "text" || !text || !text->is_string()) {
      return invalid_request("only text parts are allowed here", param);
    }
    out += text->as_string();
  }
  return out;
}

// User content: a string, or text and image_url parts.
Result<std::vector<Part>> user_parts(const json::value& content, const std::string& param) {
  std::vector<Part> parts;
  if (content.is_string()) {
    parts.push_back(TextPart{std::string(content.as_string())});
    return parts;
  }
  if (!content.is_array()) {
    return invalid_request("content must be a string or an array of parts", param);
  }
  for (const auto& p : content.as_array()) {
    const json::object* part = p.if_object();
    const json::value* type = part ? part->if_contains("type") : nullptr;
    if (!type || !type->is_string()) {
      return invalid_request("each content part needs a `type`", param);
    }
    if (type->as_string() == "text") {
      const auto* text = part->if_contains("text");
      if (!text || !text->is_string()) return invalid_request("a text part needs `text`", param);
      parts.push_back(TextPart{std::string(text->as_string())});
    } else if (type->as_string() == "image_url") {
      const auto* image = part->if_contains("image_url");
      const json::value* url =
          image && image->is_object() ? image->as_object().if_contains("url") : nullptr;
      if (!url || !url->is_string()) {
        return invalid_request("an image_url part needs `image_url.url`", param);
      }
      parts.push_back(image_from_url(url->as_string()));
    } else {
      return invalid_request(
          fmt::format("content parts of type `{}` cannot be sent to this deployment",
                      std::string_view(type->as_string())),
          param);
    }
  }
  return parts;
}

Result<std::vector<Part>> assistant_parts(const json::object& m, const std::string& param) {
  std::vector<Part> parts;
  if (const auto* content = m.if_contains("content")) {
    auto text = text_of(*content, param + ".content");
    if (!text) return text.error();
    if (!text->empty()) parts.push_back(TextPart{std::move(*text)});
  }
  const auto* calls = m.if_contains("tool_calls");
  if (!calls || calls->is_null()) return parts;
  if (!calls->is_array()) {
    return invalid_request("`tool_calls` must be an array", param + ".tool_calls");
  }
  for (const auto& c : calls->as_array()) {
    const json::object* call = c.if_object();
    const json::value* fn = call ? call->if_contains("function") : nullptr;
    const json::value* id = call ? call->if_contains("id") : nullptr;
    const json::value* name = fn && fn->is_object() ? fn->as_object().if_contains("name") : nullptr;
    const json::value* args =
        fn && fn->is_object() ? fn->as_object().if_contains("arguments") : nullptr;
    if (!id || !id->is_string() || !name || !name->is_string()) {
      return invalid_request("each tool call needs `id` and `function.name`",
                             param + ".tool_calls");
    }
    ToolCallPart part{std::string(id->as_string()), std::string(name->as_string()), "{}"};
    if (args && args->is_string() && !args->as_string().empty()) {
      part.arguments = std::string(args->as_string());
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

void add_to_turn(Conversation& c, Role role, std::vector<Part> parts) {
  // Consecutive tool results (several `tool` messages) share one user turn.
  const bool results = !parts.empty() && std::holds_alternative<ToolResultPart>(parts.front());
  if (results && !c.turns.empty() && c.turns.back().role == role &&
      std::holds_alternative<ToolResultPart>(c.turns.back().parts.back())) {
    auto& into = c.turns.back().parts;
    into.insert(into.end(), std::make_move_iterator(parts.begin()),
                std::make_move_iterator(parts.end()));
    return;
  }
  c.turns.push_back(Turn{role, std::move(parts)});
}

Result<void> parse_messages(const json::array& messages, Conversation& c) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string param = fmt::format("messages[{}]", i);
    const json::object* m = messages[i].if_object();
    const json::value* role = m ? m->if_contains("role") : nullptr;
    if (!role || !role->is_string()) return invalid_request("each message needs a `role`", param);
    const std::string_view r = role->as_string();
    const json::value* content = m->if_contains("content");
    if (r == "system" || r == "developer") {
      auto text = text_of(content ? *content : json::value(), param + ".content");
      if (!text) return text.error();
      c.system.push_back(std::move(*text));
    } else if (r == "user") {
      if (!content) return invalid_request("a user message needs `content`", param + ".content");
      auto parts = user_parts(*content, param + ".content");
      if (!parts) return parts.error();
      add_to_turn(c, Role::User, std::move(*parts));
    } else if (r == "assistant") {
      auto parts = assistant_parts(*m, param);
      if (!parts) return parts.error();
      if (!parts->empty()) add_to_turn(c, Role::Assistant, std::move(*parts));
    } else if (r == "tool") {
      const json::value* id = m->if_contains("tool_call_id");
      if (!id || !id->is_string()) {
        return invalid_request("a tool message needs `tool_call_id`", param);
      }
      auto text = text_of(content ? *content : json::value(), param + ".content");
      if (!text) return text.error();
      std::vector<Part> parts;
      parts.push_back(ToolResultPart{std::string(id->as_string()), std::move(*text), false});
      add_to_turn(c, Role::User, std::move(parts));
    } else {
      return invalid_request(
          fmt::format("messages with role `{}` cannot be sent to this deployment", r),
          param + ".role");
    }
  }
  return {};
}

Result<void> parse_tools(const json::object& body, Conversation& c) {
  if (const auto* tools = body.if_contains("tools"); tools && !tools->is_null()) {
    if (!tools->is_array()) return invalid_request("`tools` must be an array", "tools");
    for (const auto& t : tools->as_array()) {
      const json::value* fn = t.is_object() ? t.as_object().if_contains("function") : nullptr;
      const json::object* f = fn ? fn->if_object() : nullptr;
      const json::value* name = f ? f->if_contains("name") : nullptr;
      if (!name || !name->is_string()) {
        return invalid_request("each tool needs `function.name`", "tools");
      }
      c.tools.push_back(function_tool(name->as_string(), *f, "parameters"));
    }
  }
  if (const auto* choice = body.if_contains("tool_choice"); choice && !choice->is_null()) {
    ToolChoice tc;
    if (choice->is_string()) {
      const std::string_view s = choice->as_string();
      if (s == "auto") {
        tc.kind = ToolChoice::Kind::Auto;
      } else if (s == "none") {
        tc.kind = ToolChoice::Kind::None;
      } else if (s == "required") {
        tc.kind = ToolChoice::Kind::Required;
      } else {
        return invalid_request("`tool_choice` must be auto, none, required or a function",
                               "tool_choice");
      }
    } else {
      const json::value* fn =
          choice->is_object() ? choice->as_object().if_contains("function") : nullptr;
      const json::value* name =
          fn && fn->is_object() ? fn->as_object().if_contains("name") : nullptr;
      if (!name || !name->is_string()) {
        return invalid_request("`tool_choice` must be auto, none, required or a function",
                               "tool_choice");
      }
      tc.kind = ToolChoice::Kind::Named;
      tc.name = name->as_string();
    }
    c.tool_choice = tc;
  }
  if (const auto* p = body.if_contains("parallel_tool_calls"); p && p->is_bool()) {
    c.parallel_tool_calls = p->as_bool();
  }
  return {};
}

// Fields whose loss would change the answer the client gets.
Result<void> refuse_untranslatable(const json::object& body) {
  if (const auto* n = body.if_contains("n"); n && n->is_number() && n->to_number<double>() > 1) {
    return invalid_request("`n` above 1 cannot be served by this deployment", "n");
  }
  if (const auto* l = body.if_contains("logprobs"); l && l->is_bool() && l->as_bool()) {
    return invalid_request("`logprobs` cannot be served by this deployment", "logprobs");
  }
  if (const auto* f = body.if_contains("response_format"); f && f->is_object()) {
    const auto* type = f->as_object().if_contains("type");
    if (!type || !type->is_string() || type->as_string() != "text") {
      return invalid_request("`response_format` cannot be served by this deployment",
                             "response_format");
    }
  }
  if (const auto* m = body.if_contains("modalities"); m && m->is_array()) {
    for (const auto& x : m->as_array()) {
      if (!x.is_string() || x.as_string() != "text") {
        return invalid_request("only text output can be served by this deployment", "modalities");
      }
    }
  }
  return {};
}

// The fields this translation reads or refuses; any other is dropped, and said so at debug level.
// clang-format off
constexpr std::array<std::string_view, 16> kUnderstood = {
    "model",          "messages",   "tools",       "tool_choice", "parallel_tool_calls",
    "max_completion_tokens", "max_tokens", "temperature", "top_p", "stop", "stream",
    "stream_options", "n",          "logprobs",    "response_format", "modalities"};
// clang-format on

}  // namespace

ImagePart image_from_url(std::string_view url) {
  ImagePart image;
  constexpr std::string_view kData = "data:";
  const auto comma = url.find(',');
  const auto marker = url.find(";base64");
  if (url.starts_with(kData) && comma != std::string_view::npos &&
      marker != std::string_view::npos && marker < comma) {
    image.media_type = std::string(url.substr(kData.size(), marker - kData.size()));
    image.data = std::string(url.substr(comma + 1));
  } else {
    image.url = std::string(url);
  }
  return image;
}

Result<Conversation> parse_openai_chat(std::string_view text) {
  Conversation c;
  const auto doc = read_request(text, c);
  if (!doc) return doc.error();
  const json::object& body = *doc;

  const auto messages = required_array(body, "messages");
  if (!messages) return messages.error();

  if (auto r = refuse_untranslatable(body); !r) return r.error();
  log_dropped_fields(body, kUnderstood, "chat");
  if (auto r = parse_messages(**messages, c); !r) return r.error();
  if (auto r = parse_tools(body, c); !r) return r.error();

  // The first of the two spellings that is set wins (max_tokens is the deprecated one).
  for (const std::string_view key : {"max_completion_tokens", "max_tokens"}) {
    auto max_tokens = optional_whole_number(body, key);
    if (!max_tokens) return max_tokens.error();
    if (*max_tokens) {
      c.max_tokens = *max_tokens;
      break;
    }
  }
  if (auto r = read_sampling(body, c); !r) return r.error();
  if (const auto* stop = body.if_contains("stop"); stop && !stop->is_null()) {
    if (stop->is_string()) {
      c.stop.emplace_back(stop->as_string());
    } else if (stop->is_array()) {
      for (const auto& s : stop->as_array()) {
        if (!s.is_string()) return invalid_request("`stop` must hold strings", "stop");
        c.stop.emplace_back(s.as_string());
      }
    } else {
      return invalid_request("`stop` must be a string or a list of strings", "stop");
    }
  }
  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) c.stream = s->as_bool();
  if (const auto* o = body.if_contains("stream_options"); o && o->is_object()) {
    const auto* u = o->as_object().if_contains("include_usage");
    c.include_usage = u && u->is_bool() && u->as_bool();
  }
  return c;
}

}  // namespace sb
