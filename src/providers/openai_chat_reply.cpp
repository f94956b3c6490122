#include "providers/openai_chat_reply.h"

#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

std::string_view openai_finish_reason(StopReason reason) {
  switch (reason) {
    case StopReason::Done: return "stop";
    case StopReason::Length: return "length";
    case StopReason::ToolUse: return "tool_calls";
    case StopReason::Filtered: return "content_filter";
    case StopReason::ContextFull: return "length";
    case StopReason::Error: return "error";
  }
  return "stop";
}

json::object openai_error_object(std::string_view message, std::string_view type,
                                 std::string_view param, std::string_view code) {
  const auto or_null = [](std::string_view s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  return json::object{{"error", json::object{{"message", message},
                                             {"type", type},
                                             {"param", or_null(param)},
                                             {"code", or_null(code)}}}};
}

json::object openai_tool_call(const ToolCallPart& call) {
  return json::object{
      {"id", call.id},
      {"type", "function"},
      {"function", json::object{{"name", call.name}, {"arguments", call.arguments}}}};
}

json::object openai_usage(const Usage& u) {
  const std::int64_t prompt = u.prompt_total();
  return json::object{
      {"prompt_tokens", prompt},
      {"completion_tokens", u.output},
      {"total_tokens", prompt + u.output},
      {"prompt_tokens_details", json::object{{"cached_tokens", u.cache_read}}},
      {"completion_tokens_details", json::object{{"reasoning_tokens", u.reasoning}}}};
}

std::string build_openai_chat_completion(const Reply& reply, std::int64_t created) {
  std::string text;
  bool has_text = false;
  json::array calls;
  for (const auto& part : reply.parts) {
    if (const auto* t = std::get_if<TextPart>(&part)) {
      text += t->text;
      has_text = true;
    } else if (const auto* c = std::get_if<ToolCallPart>(&part)) {
      calls.push_back(openai_tool_call(*c));
    }
  }
  json::object message{{"role", "assistant"},
                       {"content", has_text ? json::value(text) : json::value(nullptr)},
                       {"refusal", nullptr}};
  if (!calls.empty()) message["tool_calls"] = std::move(calls);

  json::object body{
      {"id", "chatcmpl-" + reply.id},
      {"object", "chat.completion"},
      {"created", created},
      {"model", reply.model},
      {"choices", json::array{json::object{{"index", 0},
                                           {"message", std::move(message)},
                                           {"logprobs", nullptr},
                                           {"finish_reason", openai_finish_reason(reply.stop)}}}}};
  if (reply.usage) body["usage"] = openai_usage(*reply.usage);
  return json::serialize(body);
}

}  // namespace sb
