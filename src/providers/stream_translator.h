// Translation of an upstream answer into the client's dialect, for the relay: a stream event by
// event (the relay then applies its hold-back and end rules to the client-dialect events, exactly
// as for a same-dialect stream), or a whole body at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "providers/sse.h"

namespace sb {

class StreamTranslator {
 public:
  virtual ~StreamTranslator() = default;
  // The client-dialect events one upstream event becomes (complete events, possibly none).
  virtual std::vector<SseEvent> translate(const SseEvent& upstream) = 0;
  // The upstream's own error event, as it sent it, once one arrived (what classification reads:
  // it speaks the upstream's dialect); empty before.
  virtual const std::string& upstream_error() const = 0;
};
using StreamTranslatorPtr = std::unique_ptr<StreamTranslator>;

// A whole answer: the client-dialect body, or an UpstreamProtocol error.
using BodyTranslator = std::function<Result<std::string>(std::string_view upstream_body)>;

// An upstream error body in the client's error shape (the message and type kept).
using ErrorTranslator = std::function<std::string(std::string_view upstream_error_body)>;

// Anthropic Messages -> OpenAI Chat Completions. `created` is the Unix time to show.
StreamTranslatorPtr anthropic_to_openai_chat_stream(std::int64_t created, bool include_usage);
BodyTranslator anthropic_to_openai_chat_body(std::int64_t created);
// `{"type":"error","error":{"type","message"}}` -> `{"error":{"message","type","param","code"}}`.
ErrorTranslator anthropic_to_openai_chat_error();

// OpenAI Chat Completions -> Anthropic Messages (for an Anthropic client served by an OpenAI-
// dialect deployment); nothing to show a time, Messages has none.
StreamTranslatorPtr openai_chat_to_anthropic_stream();
BodyTranslator openai_chat_to_anthropic_body();
// `{"error":{"message","type",...}}` -> `{"type":"error","error":{"type","message"}}`; a missing
// type reads as api_error.
ErrorTranslator openai_chat_to_anthropic_error();

}  // namespace sb
