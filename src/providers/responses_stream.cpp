#include "providers/responses_stream.h"

#include <boost/json.hpp>

#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

ChatEventKind classify_responses_event(const SseEvent& event) {
  if (!event.has_data) return ChatEventKind::Preamble;  // comments and bare `event:` lines
  boost::system::error_code ec;
  const json::value doc = json::parse(event.data, ec);
  const json::object* o = !ec ? doc.if_object() : nullptr;
  if (!o) return event.event == "error" ? ChatEventKind::Error : ChatEventKind::Content;
  const std::string type = text_field(*o, "type").empty() ? event.event : text_field(*o, "type");

  if (type == "response.created" || type == "response.in_progress" || type == "response.queued" ||
      type == "keepalive" || type == "response.content_part.added" ||
      type == "response.reasoning_summary_part.added") {
    return ChatEventKind::Preamble;
  }
  if (type == "response.output_item.added") {
    const json::object* item = object_field(*o, "item");
    const std::string kind = item ? text_field(*item, "type") : std::string();
    return kind == "message" || kind == "reasoning" ? ChatEventKind::Preamble
                                                    : ChatEventKind::Content;
  }
  if (type == "error" || type == "response.failed") return ChatEventKind::Error;
  if (type == "response.completed" || type == "response.incomplete") return ChatEventKind::Done;
  return ChatEventKind::Content;
}

}  // namespace sb
