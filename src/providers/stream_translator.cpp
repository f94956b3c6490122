#include "providers/stream_translator.h"

#include <boost/json.hpp>
#include <utility>

#include "providers/anthropic_encode.h"
#include "providers/anthropic_reply.h"
#include "providers/anthropic_stream.h"
#include "providers/openai_chat_decode.h"
#include "providers/openai_chat_reply.h"
#include "providers/openai_chat_stream_encoder.h"

namespace sb {

namespace {

// One upstream dialect's decoder chained to one client dialect's encoder, through neutral events.
template <class Decoder, class Encoder>
class Chain final : public StreamTranslator {
 public:
  explicit Chain(Encoder encoder) : encoder_(std::move(encoder)) {}

  std::vector<SseEvent> translate(const SseEvent& upstream) override {
    std::string text;
    for (const auto& neutral : decoder_.decode(upstream)) {
      if (neutral.kind == StreamEvent::Kind::Error) error_ = neutral.error_json;
      // OpenRouter's `finish_reason: "error"` chunk is the upstream's error event: classification
      // reads it as a server error.
      if (neutral.kind == StreamEvent::Kind::Stop && neutral.stop == StopReason::Error) {
        error_ = upstream.data;
      }
      text += encoder_.encode(neutral);
    }
    // The encoder writes whole events; framing them again gives the relay what it reads.
    return text.empty() ? std::vector<SseEvent>{} : framer_.feed(text);
  }
  const std::string& upstream_error() const override { return error_; }

 private:
  Decoder decoder_;
  Encoder encoder_;
  SseFramer framer_;
  std::string error_;
};

// An upstream error body's `error.type` and `error.message`, both dialects keeping them there;
// a body that is not JSON (an HTML 502 page) is the message itself.
std::pair<std::string, std::string> error_type_and_message(std::string_view body,
                                                           std::string fallback_type) {
  namespace json = boost::json;
  std::string type = std::move(fallback_type);
  std::string message(body);
  boost::system::error_code ec;
  const json::value doc = json::parse(body, ec);
  const json::value* error =
      !ec && doc.is_object() ? doc.as_object().if_contains("error") : nullptr;
  if (error && error->is_object()) {
    const auto& e = error->as_object();
    if (const auto* t = e.if_contains("type"); t && t->is_string()) type = t->as_string();
    if (const auto* m = e.if_contains("message"); m && m->is_string()) message = m->as_string();
  }
  return {type, message};
}

}  // namespace

StreamTranslatorPtr anthropic_to_openai_chat_stream(std::int64_t created, bool include_usage) {
  return std::make_unique<Chain<AnthropicStreamDecoder, OpenAiChatStreamEncoder>>(
      OpenAiChatStreamEncoder(created, include_usage));
}

BodyTranslator anthropic_to_openai_chat_body(std::int64_t created) {
  return [created](std::string_view body) -> Result<std::string> {
    auto reply = parse_anthropic_reply(body);
    if (!reply) return reply.error();
    return build_openai_chat_completion(*reply, created);
  };
}

ErrorTranslator anthropic_to_openai_chat_error() {
  return [](std::string_view body) {
    namespace json = boost::json;
    const auto [type, message] = error_type_and_message(body, "upstream_error");
    return json::serialize(openai_error_object(message, type));
  };
}

StreamTranslatorPtr openai_chat_to_anthropic_stream() {
  return std::make_unique<Chain<OpenAiChatStreamDecoder, AnthropicStreamEncoder>>(
      AnthropicStreamEncoder());
}

BodyTranslator openai_chat_to_anthropic_body() {
  return [](std::string_view body) -> Result<std::string> {
    auto reply = parse_openai_chat_reply(body);
    if (!reply) return reply.error();
    return build_anthropic_message(*reply);
  };
}

ErrorTranslator openai_chat_to_anthropic_error() {
  return [](std::string_view body) {
    const auto [type, message] = error_type_and_message(body, "api_error");
    return anthropic_error_body(type, message);
  };
}

}  // namespace sb
