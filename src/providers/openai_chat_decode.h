// An OpenAI Chat Completions answer (PROVIDERS.md §1) as neutral terms: a whole `chat.completion`
// as a Reply (core/conversation.h), a `chat.completion.chunk` stream as StreamEvents
// (core/stream_event.h), for a client of another dialect served by an OpenAI-dialect deployment
// (OpenAI, Azure, DeepSeek, OpenRouter, Groq, ...). Pure: no I/O, no clock.
//
// Usage is converted to our meaning (§11): OpenAI's prompt_tokens include the cached ones, ours
// `input` does not. When tool calls are present but the finish reason says a plain stop (Ollama,
// some compatible servers), the stop is ToolUse, as §10 reads it.
//
// Stream decoding, chunk by chunk (only choice 0 is read; `n` above 1 is never requested):
//   first chunk                      -> Start (id, model), once, before anything it carries
//   `choices: []` without usage      -> nothing (Azure's prompt_filter_results chunk)
//   delta.content, delta.refusal     -> Text (empty or null: nothing; a role chunk is Start only)
//   delta.reasoning_content/reasoning -> Thinking (DeepSeek, OpenRouter)
//   delta.tool_calls[i] id or name   -> CallStart, call = the tool call's `index` (once per index)
//   delta.tool_calls[i] arguments    -> ArgsDelta (non-empty pieces)
//   finish_reason                    -> Stop
//   usage (an object, not null)      -> UsageUpdate
//   data: [DONE]                     -> End
//   a data object with `error`       -> Error only, even if the chunk also has choices (OpenRouter
//                                       sends both); no Start is invented for it
//   comments, non-JSON data          -> nothing
#pragma once

#include <boost/json/object.hpp>
#include <set>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/error.h"
#include "core/stream_event.h"
#include "providers/sse.h"

namespace sb {

// stop -> Done; length, model_length (Mistral) -> Length; tool_calls, function_call -> ToolUse;
// content_filter -> Filtered; error (OpenRouter, Mistral) -> Error; anything else -> Done.
StopReason openai_stop_reason(std::string_view finish_reason);

// input = prompt_tokens - cached, cache_read = prompt_tokens_details.cached_tokens (DeepSeek:
// prompt_cache_hit_tokens), output = completion_tokens, reasoning =
// completion_tokens_details.reasoning_tokens; absent fields are 0.
Usage openai_chat_usage(const boost::json::object& usage);

// An UpstreamProtocol error (transport Protocol) when the body is not a chat.completion.
Result<Reply> parse_openai_chat_reply(std::string_view body);

class OpenAiChatStreamDecoder {
 public:
  std::vector<StreamEvent> decode(const SseEvent& event);

 private:
  bool started_ = false;
  std::set<long long> calls_;  // tool call indexes already started
};

}  // namespace sb
