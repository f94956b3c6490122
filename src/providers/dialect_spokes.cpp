#include "providers/dialect_spokes.h"

#include <boost/json.hpp>

#include "providers/anthropic_build.h"
#include "providers/anthropic_encode.h"
#include "providers/anthropic_parse.h"
#include "providers/anthropic_reply.h"
#include "providers/anthropic_stream.h"
#include "providers/gemini_build.h"
#include "providers/gemini_decode.h"
#include "providers/openai_chat_build.h"
#include "providers/openai_chat_decode.h"
#include "providers/openai_chat_parse.h"
#include "providers/openai_chat_reply.h"
#include "providers/openai_chat_stream_encoder.h"
#include "providers/openai_stream.h"
#include "providers/responses_encode.h"
#include "providers/responses_parse.h"
#include "providers/responses_stream.h"
#include "providers/translation.h"

namespace sb {

namespace {

namespace json = boost::json;

// Each dialect's decoder and encoder are plain classes (tested as such); these make them spokes.
template <class Decoder>
class DecoderSpoke final : public StreamDecoder {
 public:
  std::vector<StreamEvent> decode(const SseEvent& event) override { return decoder_.decode(event); }
  std::vector<StreamEvent> finish() override {
    if constexpr (requires(Decoder d) { d.finish(); }) {
      return decoder_.finish();
    } else {
      return {};
    }
  }

 private:
  Decoder decoder_;
};

template <class Encoder>
class EncoderSpoke final : public StreamEncoder {
 public:
  explicit EncoderSpoke(Encoder encoder) : encoder_(std::move(encoder)) {}
  std::string encode(const StreamEvent& event) override { return encoder_.encode(event); }

 private:
  Encoder encoder_;
};

template <class Decoder>
std::unique_ptr<StreamDecoder> make_decoder() {
  return std::make_unique<DecoderSpoke<Decoder>>();
}

// OpenAI and Anthropic both keep an error's `type` and `message` under `error`; a body that is
// not JSON (an HTML 502 page) is the message itself.
ErrorWords error_object_words(std::string_view body) {
  ErrorWords words{"api_error", std::string(body)};
  boost::system::error_code ec;
  const json::value doc = json::parse(body, ec);
  const json::value* error =
      !ec && doc.is_object() ? doc.as_object().if_contains("error") : nullptr;
  if (error && error->is_object()) {
    const auto& e = error->as_object();
    if (const auto* t = e.if_contains("type"); t && t->is_string()) words.type = t->as_string();
    if (const auto* m = e.if_contains("message"); m && m->is_string()) {
      words.message = m->as_string();
    }
  }
  return words;
}

// ---- OpenAI Chat Completions ------------------------------------------------------------------

const ClientSpoke kOpenAiChatClient{
    parse_openai_chat,
    classify_chat_event,
    [](std::int64_t created, bool include_usage) -> std::unique_ptr<StreamEncoder> {
      return std::make_unique<EncoderSpoke<OpenAiChatStreamEncoder>>(
          OpenAiChatStreamEncoder(created, include_usage));
    },
    build_openai_chat_completion,
    [](const ErrorWords& words) {
      return json::serialize(openai_error_object(words.message, words.type));
    },
};

const UpstreamSpoke kOpenAiChatUpstream{
    false,
    [](const Conversation& c, const UpstreamBuild& options) {
      // Usage always: the gateway accounts every token, and OpenAI streams report none without.
      return build_openai_chat(c, {options.model, true, options.max_tokens});
    },
    make_decoder<OpenAiChatStreamDecoder>,
    parse_openai_chat_reply,
    error_object_words,
};

// ---- Anthropic Messages -----------------------------------------------------------------------

const ClientSpoke kAnthropicClient{
    parse_anthropic_messages,
    classify_anthropic_event,
    // Messages streams carry no creation time and always carry usage.
    [](std::int64_t, bool) -> std::unique_ptr<StreamEncoder> {
      return std::make_unique<EncoderSpoke<AnthropicStreamEncoder>>(AnthropicStreamEncoder());
    },
    [](const Reply& reply, std::int64_t) { return build_anthropic_message(reply); },
    [](const ErrorWords& words) { return anthropic_error_body(words.type, words.message); },
};

const UpstreamSpoke kAnthropicUpstream{
    true,
    [](const Conversation& c, const UpstreamBuild& options) {
      return build_anthropic_messages(
          c, {options.model, options.max_tokens.value_or(kDefaultMaxTokens)});
    },
    make_decoder<AnthropicStreamDecoder>,
    parse_anthropic_reply,
    error_object_words,
};

// ---- Gemini generateContent (deployments only: no surface speaks it) -----------------------

const UpstreamSpoke kGeminiUpstream{
    // Gemini needs no token limit: without one a model may use its whole output window.
    false,
    [](const Conversation& c, const UpstreamBuild& options) {
      return build_gemini_request(c, {options.max_tokens});
    },
    make_decoder<GeminiStreamDecoder>,
    parse_gemini_reply,
    gemini_error_words,
};

// ---- OpenAI Responses (a surface only: openai deployments take Responses requests as they are)

const ClientSpoke kResponsesClient{
    parse_responses_request,
    classify_responses_event,
    // Responses streams always end with their usage.
    [](std::int64_t created, bool) -> std::unique_ptr<StreamEncoder> {
      return std::make_unique<EncoderSpoke<ResponsesStreamEncoder>>(
          ResponsesStreamEncoder(created));
    },
    build_responses_object,
    [](const ErrorWords& words) {
      return json::serialize(openai_error_object(words.message, words.type));
    },
};

}  // namespace

const ClientSpoke* client_spoke(Dialect dialect) {
  switch (dialect) {
    case Dialect::OpenAIChat: return &kOpenAiChatClient;
    case Dialect::AnthropicMessages: return &kAnthropicClient;
    case Dialect::OpenAIResponses: return &kResponsesClient;
    case Dialect::Gemini: return nullptr;
  }
  return nullptr;
}

const UpstreamSpoke* upstream_spoke(Dialect dialect) {
  switch (dialect) {
    case Dialect::OpenAIChat: return &kOpenAiChatUpstream;
    case Dialect::AnthropicMessages: return &kAnthropicUpstream;
    case Dialect::Gemini: return &kGeminiUpstream;
    case Dialect::OpenAIResponses: return nullptr;
  }
  return nullptr;
}

}  // namespace sb
