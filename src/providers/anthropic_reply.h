// An Anthropic Messages answer (non-streamed) as a neutral Reply (core/conversation.h), and the
// Anthropic words for why a model stopped and what it used (PROVIDERS.md §2, §10, §11), shared
// with the stream decoder.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

// end_turn, stop_sequence, pause_turn -> Done; max_tokens -> Length; tool_use -> ToolUse;
// refusal -> Filtered; model_context_window_exceeded -> ContextFull; anything else -> Done.
StopReason anthropic_stop_reason(std::string_view reason);

// `input_tokens` (cache excluded, as ours), `cache_read_input_tokens`,
// `cache_creation_input_tokens`, `output_tokens`; absent fields are 0.
Usage anthropic_usage(const boost::json::object& usage);
// Stream counts into `usage`: message_delta's are cumulative and may leave out the input ones
// (only newer API versions repeat them), so only the counts present replace what is known.
void merge_anthropic_usage(const boost::json::object& counts, Usage& usage);

// An UpstreamProtocol error when the body is not a Messages answer.
Result<Reply> parse_anthropic_reply(std::string_view body);

}  // namespace sb
