#include "providers/stream_translator.h"

namespace sb {

StreamTranslator::StreamTranslator(const Translation& t, std::int64_t created, bool include_usage)
    : decoder_(t.upstream->stream_decoder()),
      encoder_(t.client->stream_encoder(created, include_usage)) {}

std::vector<SseEvent> StreamTranslator::translate(const SseEvent& upstream) {
  return encode(decoder_->decode(upstream), &upstream);
}

std::vector<SseEvent> StreamTranslator::finish() { return encode(decoder_->finish(), nullptr); }

std::vector<SseEvent> StreamTranslator::encode(const std::vector<StreamEvent>& neutral,
                                               const SseEvent* upstream) {
  std::string text;
  for (const auto& event : neutral) {
    if (event.kind == StreamEvent::Kind::Error) error_ = event.error_json;
    // OpenRouter's `finish_reason: "error"` chunk is the upstream's error event: classification
    // reads it as a server error.
    if (upstream && event.kind == StreamEvent::Kind::Stop && event.stop == StopReason::Error) {
      error_ = upstream->data;
    }
    text += encoder_->encode(event);
  }
  // The encoder writes whole events; framing them again gives the relay what it reads.
  return text.empty() ? std::vector<SseEvent>{} : framer_.feed(text);
}

}  // namespace sb
