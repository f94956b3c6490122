#include "providers/openai_stream.h"

#include <boost/json.hpp>

namespace sb {

namespace json = boost::json;

namespace {

bool non_empty_string(const json::value* v) { return v && v->is_string() && !v->as_string().empty(); }

bool delta_has_content(const json::object& delta) {
  if (non_empty_string(delta.if_contains("content"))) return true;
  if (non_empty_string(delta.if_contains("refusal"))) return true;
  // DeepSeek and OpenRouter stream reasoning before the answer: it is output the user waits for.
  if (non_empty_string(delta.if_contains("reasoning_content"))) return true;
  if (non_empty_string(delta.if_contains("reasoning"))) return true;
  if (auto* calls = delta.if_contains("tool_calls"); calls && calls->is_array()) {
    return !calls->as_array().empty();
  }
  return false;
}

// A `"usage"` key followed by an object, as a cheap test before parsing: most chunks have
// `"usage":null` or none.
bool has_usage_object(std::string_view data) {
  for (std::size_t at = data.find("\"usage\""); at != std::string_view::npos;
       at = data.find("\"usage\"", at + 1)) {
    std::size_t i = at + 7;
    while (i < data.size() && (data[i] == ' ' || data[i] == ':')) ++i;
    if (i < data.size() && data[i] == '{') return true;
  }
  return false;
}

}  // namespace

bool hide_requested_usage(SseEvent& event) {
  if (!event.has_data) return true;
  if (has_usage_object(event.data)) {
    json::error_code ec;
    json::value doc = json::parse(event.data, ec);
    if (!ec && doc.is_object()) {
      const json::value* choices = doc.get_object().if_contains("choices");
      if (choices && choices->is_array() && choices->get_array().empty()) return false;
    }
  }
  // Inside a JSON string a quote is escaped, so these bytes can only be the member itself.
  constexpr std::string_view kMember = ",\"usage\":null";
  for (std::size_t at = event.raw.find(kMember); at != std::string::npos;
       at = event.raw.find(kMember, at)) {
    event.raw.erase(at, kMember.size());
  }
  return true;
}

ChatEventKind classify_chat_event(const SseEvent& event) {
  if (!event.has_data) return ChatEventKind::Preamble;  // comments and bare `event:` lines
  if (event.data == "[DONE]") return ChatEventKind::Done;
  json::error_code ec;
  json::value doc = json::parse(event.data, ec);
  if (ec || !doc.is_object()) return ChatEventKind::Content;
  const json::object& chunk = doc.get_object();
  if (chunk.contains("error")) return ChatEventKind::Error;
  const json::value* choices = chunk.if_contains("choices");
  if (!choices || !choices->is_array()) return ChatEventKind::Content;
  if (choices->as_array().empty()) {
    // The include_usage chunk comes after the answer; an empty first chunk (Azure's
    // prompt_filter_results) comes before it.
    const json::value* usage = chunk.if_contains("usage");
    return usage && usage->is_object() ? ChatEventKind::Content : ChatEventKind::Preamble;
  }
  for (const json::value& choice : choices->as_array()) {
    if (!choice.is_object()) return ChatEventKind::Content;
    const json::object& c = choice.get_object();
    if (auto* finish = c.if_contains("finish_reason"); finish && !finish->is_null()) {
      return ChatEventKind::Content;
    }
    if (auto* delta = c.if_contains("delta"); delta && delta->is_object() &&
                                              delta_has_content(delta->get_object())) {
      return ChatEventKind::Content;
    }
  }
  return ChatEventKind::Preamble;
}

}  // namespace sb
