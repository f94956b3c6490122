#include "providers/anthropic_parse.h"

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

// `system`: a string, or text blocks (their cache_control marks are dropped). Empty text is left
// out: it instructs nothing.
Result<void> parse_system(const json::value& system, Conversation& c) {
  if (system.is_null()) return {};
  if (system.is_string()) {
    if (!system.as_string().empty()) c.system.emplace_back(system.as_string());
    return {};
  }
  if (!system.is_array()) {
    return invalid_request("`system` must be a string or text blocks", "system");
  }
  const auto& blocks = system.as_array();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const json::object* block = blocks[i].if_object();
    const json::string* text = block ? string_at(*block, "text") : nullptr;
    if (!block || type_of(*block) != "text" || !text) {
      return invalid_request("`system` blocks must be text blocks", fmt::format("system[{}]", i));
    }
    if (!text->empty()) c.system.emplace_back(*text);
  }
  return {};
}

Result<ImagePart> parse_image(const json::object& block, const std::string& param) {
  const auto* s = block.if_contains("source");
  const json::object* source = s ? s->if_object() : nullptr;
  if (!source) return invalid_request("an image block needs a `source`", param + ".source");
  const std::string_view type = type_of(*source);
  ImagePart image;
  if (type == "base64") {
    const auto* media_type = string_at(*source, "media_type");
    const auto* data = string_at(*source, "data");
    if (!media_type || !data) {
      return invalid_request("a base64 image needs `media_type` and `data`", param + ".source");
    }
    image.media_type = *media_type;
    image.data = *data;
  } else if (type == "url") {
    const auto* url = string_at(*source, "url");
    if (!url || url->empty()) return invalid_request("a url image needs `url`", param + ".source");
    image.url = *url;
  } else {
    // `file` sources name an upload only Anthropic holds.
    return invalid_request(
        fmt::format("image sources of type `{}` cannot be sent to this deployment", type),
        param + ".source");
  }
  return image;
}

// A tool_result's content: absent, a string, or text blocks. The blocks are separate items (an
// MCP tool's several outputs, say), so they are joined with newlines rather than run together.
Result<std::string> tool_result_text(const json::value* content, const std::string& param) {
  if (!content || content->is_null()) return std::string();
  if (content->is_string()) return std::string(content->as_string());
  if (!content->is_array()) {
    return invalid_request("`content` must be a string or text blocks", param);
  }
  // An image result would reach the model as nothing: refused rather than lost.
  return joined_text(content->as_array(), "text", "\n",
                     "only text can be sent back as a tool result to this deployment", param);
}

Result<ToolCallPart> parse_tool_use(const json::object& block, const std::string& param) {
  const auto* id = string_at(block, "id");
  const auto* name = string_at(block, "name");
  if (!id || !name) return invalid_request("a tool_use block needs `id` and `name`", param);
  const auto* input = block.if_contains("input");
  if (input && !input->is_object()) {
    return invalid_request("a tool_use block's `input` must be an object", param + ".input");
  }
  return ToolCallPart{std::string(*id), std::string(*name),
                      input ? json::serialize(*input) : std::string("{}")};
}

Result<ToolResultPart> parse_tool_result(const json::object& block, const std::string& param) {
  const auto* id = string_at(block, "tool_use_id");
  if (!id) return invalid_request("a tool_result block needs `tool_use_id`", param);
  auto text = tool_result_text(block.if_contains("content"), param + ".content");
  if (!text) return text.error();
  const auto* is_error = block.if_contains("is_error");
  return ToolResultPart{std::string(*id), std::move(*text),
                        is_error && is_error->is_bool() && is_error->as_bool()};
}

// One content block as a part; an empty optional for a block dropped on purpose. Each role
// carries only the blocks the Messages API allows it, so a builder never meets, say, a tool
// call in a user turn.
Result<std::optional<Part>> parse_block(const json::value& value, Role role,
                                        const std::string& param) {
  const json::object* block = value.if_object();
  if (!block || type_of(*block).empty()) {
    return invalid_request("each content block needs a `type`", param);
  }
  const std::string_view type = type_of(*block);
  const bool user = role == Role::User;
  if (type == "text") {
    const auto* text = string_at(*block, "text");
    if (!text) return invalid_request("a text block needs `text`", param);
    return std::optional<Part>(TextPart{std::string(*text)});
  }
  if (type == "image" && user) {
    auto image = parse_image(*block, param);
    if (!image) return image.error();
    return std::optional<Part>(std::move(*image));
  }
  if (type == "tool_result" && user) {
    auto result = parse_tool_result(*block, param);
    if (!result) return result.error();
    return std::optional<Part>(std::move(*result));
  }
  if (type == "tool_use" && !user) {
    auto call = parse_tool_use(*block, param);
    if (!call) return call.error();
    return std::optional<Part>(std::move(*call));
  }
  if (type == "thinking" && !user) {
    const auto* thinking = string_at(*block, "thinking");
    const auto* signature = string_at(*block, "signature");
    return std::optional<Part>(ThinkingPart{thinking ? std::string(*thinking) : std::string(),
                                            signature ? std::string(*signature) : std::string()});
  }
  // Encrypted reasoning only Anthropic can read; other providers answer as well without it.
  if (type == "redacted_thinking" && !user) return std::optional<Part>();
  // `document` (PDF, plain text, ...), server tool blocks and anything newer: dropping any of
  // them would change what the model sees.
  return invalid_request(fmt::format("`{}` blocks in {} messages cannot be sent to this deployment",
                                     type, user ? "user" : "assistant"),
                         param);
}

Result<void> parse_messages(const json::array& messages, Conversation& c) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string param = fmt::format("messages[{}]", i);
    const json::object* m = messages[i].if_object();
    const json::string* role = m ? string_at(*m, "role") : nullptr;
    if (!role || (*role != "user" && *role != "assistant")) {
      return invalid_request("each message needs a `role`: user or assistant", param + ".role");
    }
    Turn turn{*role == "user" ? Role::User : Role::Assistant, {}};
    const json::value* content = m->if_contains("content");
    if (content && content->is_string()) {
      turn.parts.push_back(TextPart{std::string(content->as_string())});
    } else if (content && content->is_array()) {
      const auto& blocks = content->as_array();
      for (std::size_t j = 0; j < blocks.size(); ++j) {
        auto part = parse_block(blocks[j], turn.role, fmt::format("{}.content[{}]", param, j));
        if (!part) return part.error();
        if (*part) turn.parts.push_back(std::move(**part));
      }
    } else {
      return invalid_request("`content` must be a string or an array of blocks",
                             param + ".content");
    }
    // Consecutive turns of one role stay apart, as sent: the API merges them, and so may a
    // builder whose dialect needs it.
    c.turns.push_back(std::move(turn));
  }
  return {};
}

// A client tool may leave its type out or say `custom`; any other type is a server tool
// (web_search_20250305, bash_20250124, ...) that runs at Anthropic.
constexpr FlatToolSpelling kClientTool{"custom", false, "input_schema", "each tool needs a `name`"};

Result<void> parse_tools(const json::object& body, Conversation& c) {
  if (auto r = read_flat_tools(body, kClientTool, c); !r) return r.error();
  const auto* choice = body.if_contains("tool_choice");
  if (!choice || choice->is_null()) return {};
  const json::object* o = choice->if_object();
  const std::string_view type = o ? type_of(*o) : std::string_view();
  ToolChoice tc;
  if (type == "auto") {
    tc.kind = ToolChoice::Kind::Auto;
  } else if (type == "any") {
    tc.kind = ToolChoice::Kind::Required;
  } else if (type == "none") {
    tc.kind = ToolChoice::Kind::None;
  } else if (type == "tool" && string_at(*o, "name")) {
    tc.kind = ToolChoice::Kind::Named;
    tc.name = *string_at(*o, "name");
  } else {
    return invalid_request("`tool_choice` must be {type: auto|any|none} or {type: tool, name}",
                           "tool_choice");
  }
  c.tool_choice = tc;
  if (const auto* d = o->if_contains("disable_parallel_tool_use"); d && d->is_bool()) {
    c.parallel_tool_calls = !d->as_bool();
  }
  return {};
}

// The fields this translation reads; any other is dropped, and said so at debug level.
constexpr std::array<std::string_view, 10> kUnderstood = {
    "model",      "messages",    "system", "tools",  "tool_choice",
    "max_tokens", "temperature", "top_p",  "stream", "stop_sequences"};

}  // namespace

Result<Conversation> parse_anthropic_messages(std::string_view text) {
  Conversation c;
  const auto doc = read_request(text, c);
  if (!doc) return doc.error();
  const json::object& body = *doc;

  const auto messages = required_array(body, "messages");
  if (!messages) return messages.error();

  log_dropped_fields(body, kUnderstood, "messages");
  if (const auto* system = body.if_contains("system")) {
    if (auto r = parse_system(*system, c); !r) return r.error();
  }
  if (auto r = parse_messages(**messages, c); !r) return r.error();
  if (auto r = parse_tools(body, c); !r) return r.error();

  auto max_tokens = optional_whole_number(body, "max_tokens");
  if (!max_tokens) return max_tokens.error();
  c.max_tokens = *max_tokens;
  if (auto r = read_sampling(body, c); !r) return r.error();
  if (const auto* stop = body.if_contains("stop_sequences"); stop && !stop->is_null()) {
    if (!stop->is_array()) {
      return invalid_request("`stop_sequences` must be a list of strings", "stop_sequences");
    }
    for (const auto& s : stop->as_array()) {
      if (!s.is_string()) {
        return invalid_request("`stop_sequences` must hold strings", "stop_sequences");
      }
      c.stop.emplace_back(s.as_string());
    }
  }
  if (const auto* s = body.if_contains("stream"); s && s->is_bool()) c.stream = s->as_bool();
  c.include_usage = c.stream;  // an Anthropic stream always ends with its usage
  return c;
}

}  // namespace sb
