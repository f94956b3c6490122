#include "providers/openai_chat_decode.h"

#include <algorithm>
#include <boost/json.hpp>

#include "providers/chunk_error.h"
#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

GatewayError not_a_reply(std::string_view why) {
  return upstream_protocol_error("the OpenAI answer is not a chat.completion: " + std::string(why));
}

}  // namespace

StopReason openai_stop_reason(std::string_view reason) {
  if (reason == "length" || reason == "model_length") return StopReason::Length;
  if (reason == "tool_calls" || reason == "function_call") return StopReason::ToolUse;
  if (reason == "content_filter") return StopReason::Filtered;
  if (reason == "error") return StopReason::Error;
  return StopReason::Done;
}

Usage openai_chat_usage(const json::object& usage) {
  Usage u;
  if (const json::object* details = object_field(usage, "prompt_tokens_details")) {
    u.cache_read = count_field(*details, "cached_tokens");
  } else {
    u.cache_read = count_field(usage, "prompt_cache_hit_tokens");  // DeepSeek's spelling
  }
  // A server that reports more cached than prompt tokens must not make `input` negative.
  u.input = std::max<std::int64_t>(0, count_field(usage, "prompt_tokens") - u.cache_read);
  u.output = count_field(usage, "completion_tokens");
  if (const json::object* details = object_field(usage, "completion_tokens_details")) {
    u.reasoning = count_field(*details, "reasoning_tokens");
  }
  return u;
}

Result<Reply> parse_openai_chat_reply(std::string_view body) {
  const auto doc = parse_object(body);
  if (!doc) return not_a_reply("not a JSON object");
  const json::object& c = *doc;
  // Compatible servers may leave `object` out; one that names something else is not an answer.
  if (c.contains("object") && text_field(c, "object") != "chat.completion") {
    return not_a_reply("object is not chat.completion");
  }
  const json::object* choice = first_object(c, "choices");
  const json::object* message = choice ? object_field(*choice, "message") : nullptr;
  if (!message) return not_a_reply("no choices[0].message");

  Reply reply;
  reply.id = text_field(c, "id");
  reply.model = text_field(c, "model");
  // Reasoning first: the model produced it before the answer (DeepSeek's field).
  if (std::string r = text_field(*message, "reasoning_content"); !r.empty()) {
    reply.parts.push_back(ThinkingPart{std::move(r), ""});
  }
  if (std::string t = text_field(*message, "content"); !t.empty()) {
    reply.parts.push_back(TextPart{std::move(t)});
  }
  // A refusal is what the model said instead of an answer: the client must see it.
  if (std::string t = text_field(*message, "refusal"); !t.empty()) {
    reply.parts.push_back(TextPart{std::move(t)});
  }
  bool has_calls = false;
  if (const auto* calls = message->if_contains("tool_calls"); calls && calls->is_array()) {
    for (const auto& v : calls->as_array()) {
      const json::object* call = v.if_object();
      const json::object* function = call ? object_field(*call, "function") : nullptr;
      if (!function) continue;
      reply.parts.push_back(ToolCallPart{text_field(*call, "id"), text_field(*function, "name"),
                                         text_field(*function, "arguments")});
      has_calls = true;
    }
  }
  reply.stop = openai_stop_reason(text_field(*choice, "finish_reason"));
  if (has_calls && reply.stop == StopReason::Done) reply.stop = StopReason::ToolUse;
  if (const json::object* usage = object_field(c, "usage")) {
    reply.usage = openai_chat_usage(*usage);
  }
  return reply;
}

std::vector<StreamEvent> OpenAiChatStreamDecoder::decode(const SseEvent& event) {
  std::vector<StreamEvent> out;
  if (!event.has_data) return out;
  if (event.data == "[DONE]") {
    out.push_back(StreamEvent::of(StreamEvent::Kind::End));
    return out;
  }
  const auto doc = parse_object(event.data);
  if (!doc) return out;
  const json::object& chunk = *doc;

  if (auto error = chunk_error(chunk, event.data)) {
    out.push_back(std::move(*error));
    return out;
  }

  const json::object* choice = first_object(chunk, "choices");
  const json::object* usage = object_field(chunk, "usage");
  if (!choice && !usage) return out;  // Azure's prompt_filter_results chunk, or nothing at all

  if (!started_) {
    started_ = true;
    StreamEvent start = StreamEvent::of(StreamEvent::Kind::Start);
    start.id = text_field(chunk, "id");
    start.model = text_field(chunk, "model");
    out.push_back(std::move(start));
  }

  if (const json::object* delta = choice ? object_field(*choice, "delta") : nullptr) {
    // Two spellings of one thing; a server sending both means the same text twice.
    for (const char* key : {"reasoning_content", "reasoning"}) {
      if (std::string t = text_field(*delta, key); !t.empty()) {
        StreamEvent e = StreamEvent::of(StreamEvent::Kind::Thinking);
        e.text = std::move(t);
        out.push_back(std::move(e));
        break;
      }
    }
    for (const char* key : {"content", "refusal"}) {
      if (std::string t = text_field(*delta, key); !t.empty()) {
        StreamEvent e = StreamEvent::of(StreamEvent::Kind::Text);
        e.text = std::move(t);
        out.push_back(std::move(e));
      }
    }
    if (const auto* calls = delta->if_contains("tool_calls"); calls && calls->is_array()) {
      long long position = 0;
      for (const auto& v : calls->as_array()) {
        const json::object* call = v.if_object();
        const long long at = position++;
        if (!call) continue;
        const auto* index = call->if_contains("index");
        // Every OpenAI fragment carries its index; a server that leaves it out lists in order.
        const long long n =
            index && (index->is_int64() || index->is_uint64()) ? index->to_number<long long>() : at;
        const json::object* function = object_field(*call, "function");
        const std::string id = text_field(*call, "id");
        const std::string name = function ? text_field(*function, "name") : std::string();
        // Some compatible servers repeat id and name on every fragment: start a call once.
        if ((!id.empty() || !name.empty()) && calls_.insert(n).second) {
          StreamEvent e = StreamEvent::of(StreamEvent::Kind::CallStart);
          e.call = static_cast<int>(n);
          e.id = id;
          e.name = name;
          out.push_back(std::move(e));
        }
        std::string args = function ? text_field(*function, "arguments") : std::string();
        if (!args.empty() && calls_.contains(n)) {
          StreamEvent e = StreamEvent::of(StreamEvent::Kind::ArgsDelta);
          e.call = static_cast<int>(n);
          e.text = std::move(args);
          out.push_back(std::move(e));
        }
      }
    }
  }

  if (const auto* finish = choice ? choice->if_contains("finish_reason") : nullptr;
      finish && finish->is_string()) {
    StreamEvent e = StreamEvent::of(StreamEvent::Kind::Stop);
    e.stop = openai_stop_reason(finish->as_string());
    if (!calls_.empty() && e.stop == StopReason::Done) e.stop = StopReason::ToolUse;
    out.push_back(std::move(e));
  }

  if (usage) {
    StreamEvent e = StreamEvent::of(StreamEvent::Kind::UsageUpdate);
    e.usage = openai_chat_usage(*usage);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sb
