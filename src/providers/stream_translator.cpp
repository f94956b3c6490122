#include "providers/stream_translator.h"

#include <boost/json.hpp>

#include "providers/anthropic_reply.h"
#include "providers/anthropic_stream.h"
#include "providers/openai_chat_reply.h"
#include "providers/openai_chat_stream_encoder.h"

namespace sb {

namespace {

class AnthropicToOpenAiChat final : public StreamTranslator {
 public:
  AnthropicToOpenAiChat(std::int64_t created, bool include_usage)
      : encoder_(created, include_usage) {}

  std::vector<SseEvent> translate(const SseEvent& upstream) override {
    std::string text;
    for (const auto& neutral : decoder_.decode(upstream)) {
      if (neutral.kind == StreamEvent::Kind::Error) error_ = neutral.error_json;
      text += encoder_.encode(neutral);
    }
    // The encoder writes whole events; framing them again gives the relay what it reads.
    return text.empty() ? std::vector<SseEvent>{} : framer_.feed(text);
  }
  const std::string& upstream_error() const override { return error_; }

 private:
  AnthropicStreamDecoder decoder_;
  OpenAiChatStreamEncoder encoder_;
  SseFramer framer_;
  std::string error_;
};

}  // namespace

StreamTranslatorPtr anthropic_to_openai_chat_stream(std::int64_t created, bool include_usage) {
  return std::make_unique<AnthropicToOpenAiChat>(created, include_usage);
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
    std::string type = "upstream_error";
    std::string message(body);
    boost::system::error_code ec;
    const json::value doc = json::parse(body, ec);
    const json::value* error = !ec && doc.is_object() ? doc.as_object().if_contains("error") : nullptr;
    if (error && error->is_object()) {
      const auto& e = error->as_object();
      if (const auto* t = e.if_contains("type"); t && t->is_string()) type = t->as_string();
      if (const auto* m = e.if_contains("message"); m && m->is_string()) message = m->as_string();
    }
    return json::serialize(json::object{
        {"error", json::object{
                      {"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}});
  };
}

}  // namespace sb
