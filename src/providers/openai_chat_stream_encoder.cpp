#include "providers/openai_chat_stream_encoder.h"

#include <boost/json.hpp>

#include "providers/openai_chat_reply.h"

namespace sb {

namespace json = boost::json;

namespace {

std::string data_line(const json::value& v) { return "data: " + json::serialize(v) + "\n\n"; }

}  // namespace

std::string OpenAiChatStreamEncoder::chunk(json::object delta, const char* finish_reason) {
  json::object c{{"id", id_},
                 {"object", "chat.completion.chunk"},
                 {"created", created_},
                 {"model", model_},
                 {"choices", json::array{json::object{
                                 {"index", 0},
                                 {"delta", std::move(delta)},
                                 {"finish_reason", finish_reason ? json::value(finish_reason)
                                                                 : json::value(nullptr)}}}}};
  if (include_usage_) c["usage"] = nullptr;
  return data_line(c);
}

std::string OpenAiChatStreamEncoder::encode(const StreamEvent& e) {
  using Kind = StreamEvent::Kind;
  switch (e.kind) {
    case Kind::Start:
      id_ = "chatcmpl-" + e.id;
      model_ = e.model;
      return chunk({{"role", "assistant"}, {"content", ""}}, nullptr);
    case Kind::Text:
      return chunk({{"content", e.text}}, nullptr);
    case Kind::CallStart: {
      json::object call{{"index", e.call},
                        {"id", e.id},
                        {"type", "function"},
                        {"function", json::object{{"name", e.name}, {"arguments", ""}}}};
      return chunk({{"tool_calls", json::array{std::move(call)}}}, nullptr);
    }
    case Kind::ArgsDelta: {
      json::object call{{"index", e.call}, {"function", json::object{{"arguments", e.text}}}};
      return chunk({{"tool_calls", json::array{std::move(call)}}}, nullptr);
    }
    case Kind::Stop: {
      const std::string reason(openai_finish_reason(e.stop));
      return chunk({}, reason.c_str());
    }
    case Kind::UsageUpdate:
      usage_ = e.usage;
      return {};
    case Kind::End: {
      std::string out;
      if (include_usage_ && usage_) {
        out = data_line(json::object{{"id", id_},
                                     {"object", "chat.completion.chunk"},
                                     {"created", created_},
                                     {"model", model_},
                                     {"choices", json::array{}},
                                     {"usage", openai_usage(*usage_)}});
      }
      return out + "data: [DONE]\n\n";
    }
    case Kind::Error: {
      const std::string message =
          e.error_message.empty() ? "the upstream stream failed" : e.error_message;
      return data_line(openai_error_object(message, "upstream_error"));
    }
    case Kind::Thinking: return {};
  }
  return {};
}

}  // namespace sb
