// The token counts an upstream reports for one answer, read in its own dialect (PROVIDERS.md
// §11) from a whole body or from the events of a stream, for accounting. The same reading for
// pass-through and translated answers, since it looks at what the upstream sent, not at what the
// client got.
//
// Streams: OpenAI Chat reports in one chunk with a `usage` object (what include_usage asks for);
// Anthropic in message_start (input, cache) and message_delta (cumulative output; newer API
// versions repeat the input counts there); Responses in the final response.completed /
// incomplete / failed; Gemini in every chunk's usageMetadata, the last one complete. Only events
// that can carry counts are parsed, so a long stream costs a substring search per event.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "core/conversation.h"
#include "core/dialect.h"
#include "providers/sse.h"

namespace sb {

class UsageMeter {
 public:
  explicit UsageMeter(Dialect upstream) : dialect_(upstream) {}

  void read_body(std::string_view body);
  void read_event(const SseEvent& event);
  // Nullopt until the upstream reported something.
  const std::optional<Usage>& usage() const { return usage_; }

 private:
  Dialect dialect_;
  std::optional<Usage> usage_;
};

// Responses' usage object: input_tokens counts cached ones too (input_tokens_details).
Usage responses_usage(const boost::json::object& usage);

}  // namespace sb
