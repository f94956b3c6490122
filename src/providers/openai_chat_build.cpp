#include "providers/openai_chat_build.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "providers/openai_chat_reply.h"

namespace sb {

namespace json = boost::json;

namespace {

// A part the role cannot carry in Chat. The parsers never produce one (each refuses what its
// dialect's role cannot carry), so reaching this means a Conversation built by hand.
GatewayError misplaced(std::string_view what, std::string_view role) {
  return make_error(ErrorKind::InvalidRequest,
                    fmt::format("{} cannot be sent in a {} message to this deployment", what, role),
                    "messages");
}

json::object image_part(const ImagePart& p) {
  const std::string url =
      p.is_inline() ? fmt::format("data:{};base64,{}", p.media_type, p.data) : p.url;
  return json::object{{"type", "image_url"}, {"image_url", json::object{{"url", url}}}};
}

// A user turn: its tool results first, as `tool` messages right after the assistant's calls;
// then its text and images as one user message (a plain string when it is a single text).
Result<void> add_user_turn(const Turn& turn, json::array& messages) {
  json::array content;
  for (const auto& part : turn.parts) {
    if (const auto* r = std::get_if<ToolResultPart>(&part)) {
      messages.push_back(
          json::object{{"role", "tool"}, {"tool_call_id", r->call_id}, {"content", r->text}});
    } else if (const auto* t = std::get_if<TextPart>(&part)) {
      content.push_back(json::object{{"type", "text"}, {"text", t->text}});
    } else if (const auto* i = std::get_if<ImagePart>(&part)) {
      content.push_back(image_part(*i));
    } else if (std::holds_alternative<ToolCallPart>(part)) {
      return misplaced("a tool call", "user");
    }
    // ThinkingPart: Chat has no field for it.
  }
  if (content.empty()) return {};
  if (content.size() == 1 && content.front().as_object().at("type") == "text") {
    messages.push_back(
        json::object{{"role", "user"}, {"content", content.front().as_object().at("text")}});
  } else {
    messages.push_back(json::object{{"role", "user"}, {"content", std::move(content)}});
  }
  return {};
}

// An assistant turn: its text joined (the pieces of one answer, as the reply path joins them)
// and its tool calls.
Result<void> add_assistant_turn(const Turn& turn, json::array& messages) {
  std::string text;
  bool has_text = false;
  json::array calls;
  for (const auto& part : turn.parts) {
    if (const auto* t = std::get_if<TextPart>(&part)) {
      text += t->text;
      has_text = true;
    } else if (const auto* c = std::get_if<ToolCallPart>(&part)) {
      calls.push_back(openai_tool_call(*c));
    } else if (std::holds_alternative<ImagePart>(part)) {
      return misplaced("an image", "assistant");
    } else if (std::holds_alternative<ToolResultPart>(part)) {
      return misplaced("a tool result", "assistant");
    }
    // ThinkingPart: reasoning is not sent back to an OpenAI model.
  }
  if (!has_text && calls.empty()) return {};
  json::object message{{"role", "assistant"},
                       {"content", has_text ? json::value(text) : json::value(nullptr)}};
  if (!calls.empty()) message["tool_calls"] = std::move(calls);
  messages.push_back(std::move(message));
  return {};
}

json::value tool_choice(const ToolChoice& choice) {
  switch (choice.kind) {
    case ToolChoice::Kind::Auto: return "auto";
    case ToolChoice::Kind::None: return "none";
    case ToolChoice::Kind::Required: return "required";
    case ToolChoice::Kind::Named:
      return json::object{{"type", "function"}, {"function", json::object{{"name", choice.name}}}};
  }
  return "auto";
}

}  // namespace

Result<std::string> build_openai_chat(const Conversation& c,
                                      const OpenAiChatBuildOptions& options) {
  json::object body;
  body["model"] = options.model;

  json::array messages;
  for (const auto& text : c.system) {
    messages.push_back(json::object{{"role", "system"}, {"content", text}});
  }
  for (const auto& turn : c.turns) {
    auto added = turn.role == Role::User ? add_user_turn(turn, messages)
                                         : add_assistant_turn(turn, messages);
    if (!added) return added.error();
  }
  body["messages"] = std::move(messages);

  if (!c.tools.empty()) {
    json::array tools;
    for (const auto& t : c.tools) {
      json::object fn{{"name", t.name}};
      if (!t.description.empty()) fn["description"] = t.description;
      fn["parameters"] = t.parameters;
      tools.push_back(json::object{{"type", "function"}, {"function", std::move(fn)}});
    }
    body["tools"] = std::move(tools);
    if (c.tool_choice) body["tool_choice"] = tool_choice(*c.tool_choice);
    if (!c.parallel_tool_calls) body["parallel_tool_calls"] = false;
  }
  if (options.max_tokens) body["max_completion_tokens"] = *options.max_tokens;
  if (c.temperature) body["temperature"] = *c.temperature;
  if (c.top_p) body["top_p"] = *c.top_p;
  if (!c.stop.empty()) {
    json::array stop;
    for (const auto& s : c.stop) stop.emplace_back(s);
    body["stop"] = std::move(stop);
  }
  if (c.stream) {
    body["stream"] = true;
    if (options.include_usage_when_streaming || c.include_usage) {
      body["stream_options"] = json::object{{"include_usage", true}};
    }
  }
  return json::serialize(body);
}

}  // namespace sb
