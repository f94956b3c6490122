// Translation of an upstream stream into the client's dialect, for the relay: each upstream
// event through the upstream dialect's decoder into neutral events, and those through the
// client dialect's encoder (providers/dialect_spokes.h). The relay then applies its hold-back and
// end rules to the client-dialect events, exactly as for a same-dialect stream.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "providers/dialect_spokes.h"
#include "providers/sse.h"
#include "providers/translation.h"

namespace sb {

class StreamTranslator {
 public:
  // `created`: the Unix time the client's answer shows; `include_usage`: the client asked for
  // usage in its stream.
  StreamTranslator(const Translation& t, std::int64_t created, bool include_usage);

  // The client-dialect events one upstream event becomes (complete events, possibly none).
  std::vector<SseEvent> translate(const SseEvent& upstream);
  // The upstream closed its stream cleanly: the events that ends with, for a dialect whose
  // streams end by closing (Gemini); none for one with its own terminator.
  std::vector<SseEvent> finish();
  // The upstream's own error event, as it sent it, once one arrived (what classification reads:
  // it speaks the upstream's dialect); empty before.
  const std::string& upstream_error() const { return error_; }

 private:
  std::vector<SseEvent> encode(const std::vector<StreamEvent>& neutral, const SseEvent* upstream);

  std::unique_ptr<StreamDecoder> decoder_;
  std::unique_ptr<StreamEncoder> encoder_;
  SseFramer framer_;
  std::string error_;
};

}  // namespace sb
