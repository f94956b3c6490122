#include "providers/anthropic_stream.h"

#include <boost/json.hpp>

#include "providers/anthropic_reply.h"
#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

long long block_index(const json::object& o) {
  const auto* v = o.if_contains("index");
  return v && (v->is_int64() || v->is_uint64()) ? v->to_number<long long>() : -1;
}

}  // namespace

ChatEventKind classify_anthropic_event(const SseEvent& event) {
  if (!event.has_data) return ChatEventKind::Preamble;
  boost::system::error_code ec;
  const json::value doc = json::parse(event.data, ec);
  const json::object* o = !ec ? doc.if_object() : nullptr;
  // Read in place: this runs on every event of every Anthropic client's stream.
  std::string_view type = o ? type_of(*o) : std::string_view();
  if (type.empty()) type = event.event;
  if (type == "message_start" || type == "ping") return ChatEventKind::Preamble;
  if (type == "message_stop") return ChatEventKind::Done;
  if (type == "error") return ChatEventKind::Error;
  if (type == "content_block_start" && o) {
    const json::object* block = object_field(*o, "content_block");
    const std::string_view block_type = block ? type_of(*block) : std::string_view();
    const json::string* text = block ? string_at(*block, "text") : nullptr;
    const bool empty_text = block_type == "text" && (!text || text->empty());
    const bool thinking = block_type == "thinking";
    if (empty_text || thinking) return ChatEventKind::Preamble;
  }
  return ChatEventKind::Content;
}

std::vector<StreamEvent> AnthropicStreamDecoder::decode(const SseEvent& event) {
  std::vector<StreamEvent> out;
  if (!event.has_data) return out;
  const auto doc = parse_object(event.data);
  if (!doc) return out;
  const json::object& o = *doc;
  // The `type` in the data names the event; the `event:` line says the same.
  std::string_view type = type_of(o);
  if (type.empty()) type = event.event;

  if (type == "message_start") {
    const json::object* message = object_field(o, "message");
    StreamEvent start = StreamEvent::of(StreamEvent::Kind::Start);
    if (message) {
      start.id = text_field(*message, "id");
      start.model = text_field(*message, "model");
    }
    out.push_back(std::move(start));
    if (const json::object* usage = message ? object_field(*message, "usage") : nullptr) {
      usage_ = anthropic_usage(*usage);
      StreamEvent u = StreamEvent::of(StreamEvent::Kind::UsageUpdate);
      u.usage = usage_;
      out.push_back(std::move(u));
    }
  } else if (type == "content_block_start") {
    const json::object* block = object_field(o, "content_block");
    if (block && text_field(*block, "type") == "tool_use") {
      const int call = calls_++;
      call_of_block_[block_index(o)] = call;
      StreamEvent e = StreamEvent::of(StreamEvent::Kind::CallStart);
      e.call = call;
      e.id = text_field(*block, "id");
      e.name = text_field(*block, "name");
      out.push_back(std::move(e));
    } else if (block && text_field(*block, "type") == "text" &&
               !text_field(*block, "text").empty()) {
      StreamEvent e = StreamEvent::of(StreamEvent::Kind::Text);
      e.text = text_field(*block, "text");
      out.push_back(std::move(e));
    }
  } else if (type == "content_block_delta") {
    const json::object* delta = object_field(o, "delta");
    const std::string_view kind = delta ? type_of(*delta) : std::string_view();
    if (kind == "text_delta") {
      StreamEvent e = StreamEvent::of(StreamEvent::Kind::Text);
      e.text = text_field(*delta, "text");
      out.push_back(std::move(e));
    } else if (kind == "input_json_delta") {
      const auto it = call_of_block_.find(block_index(o));
      if (it != call_of_block_.end()) {
        StreamEvent e = StreamEvent::of(StreamEvent::Kind::ArgsDelta);
        e.call = it->second;
        e.text = text_field(*delta, "partial_json");
        if (!e.text.empty()) out.push_back(std::move(e));
      }
    } else if (kind == "thinking_delta") {
      StreamEvent e = StreamEvent::of(StreamEvent::Kind::Thinking);
      e.text = text_field(*delta, "thinking");
      out.push_back(std::move(e));
    }
  } else if (type == "message_delta") {
    if (const json::object* delta = object_field(o, "delta")) {
      if (const auto* reason = delta->if_contains("stop_reason"); reason && reason->is_string()) {
        StreamEvent e = StreamEvent::of(StreamEvent::Kind::Stop);
        e.stop = anthropic_stop_reason(reason->as_string());
        out.push_back(std::move(e));
      }
    }
    if (const json::object* usage = object_field(o, "usage")) {
      merge_anthropic_usage(*usage, usage_);
      StreamEvent u = StreamEvent::of(StreamEvent::Kind::UsageUpdate);
      u.usage = usage_;
      out.push_back(std::move(u));
    }
  } else if (type == "message_stop") {
    out.push_back(StreamEvent::of(StreamEvent::Kind::End));
  } else if (type == "error") {
    StreamEvent e = StreamEvent::of(StreamEvent::Kind::Error);
    e.error_json = event.data;
    if (const json::object* error = object_field(o, "error")) {
      e.error_message = text_field(*error, "message");
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sb
