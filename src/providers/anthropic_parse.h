// An Anthropic Messages request body (PROVIDERS.md §2) as a Conversation (core/conversation.h),
// for serving an Anthropic client from a deployment of another dialect. Same-dialect requests
// never come here (they pass through untouched).
//
// Mapping: `system` (a string, or text blocks: one entry each) -> Conversation::system; each
// message -> one turn of its role, blocks in order: `text` -> TextPart, `image` (a base64 or url
// source) -> ImagePart, `tool_use` -> ToolCallPart (the input object serialised once: it is the
// arguments' JSON text), `tool_result` -> ToolResultPart (string content, or text blocks joined
// with newlines), `thinking` -> ThinkingPart with its signature. `tools` -> ToolSpec;
// `tool_choice` auto/any/none/tool -> Auto/Required/None/Named, `disable_parallel_tool_use` ->
// parallel_tool_calls false; `max_tokens` (required by Anthropic, accepted absent), `temperature`,
// `top_p`, `stop_sequences`, `stream`. Anthropic streams always report usage, so a streamed
// request sets include_usage.
//
// What the other dialects cannot express is refused with a 400 naming the field when dropping it
// would change the answer: `document` blocks (PDFs), images inside a tool_result, server tools
// (web search, code execution, ...), any other block type, and blocks a role cannot carry (the
// Messages API refuses those too). Dropped, because the answer keeps its meaning without them:
// `redacted_thinking` blocks (opaque, only Anthropic can read them), `cache_control` marks, and
// the request fields top_k, metadata, thinking, service_tier, ... (logged at debug level).
#pragma once

#include <string_view>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

Result<Conversation> parse_anthropic_messages(std::string_view body);

}  // namespace sb
