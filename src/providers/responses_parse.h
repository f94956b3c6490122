// An OpenAI Responses request body (PROVIDERS.md §1 "Responses request") as a Conversation
// (core/conversation.h), for serving a `POST /v1/responses` client from a deployment of another
// dialect. Same-dialect requests never come here (they pass through untouched).
//
// Mapping:
//   instructions                     -> Conversation::system, first
//   input: a string                  -> one user turn of text
//   input items, in order:
//     message (with or without `type: "message"`), role:
//       system, developer            -> Conversation::system (its text parts joined)
//       user                         -> a user turn: `input_text` -> TextPart, `input_image`
//                                       -> ImagePart (a data URL inline, any other URL by
//                                       reference)
//       assistant                    -> TextPart (`output_text`, `input_text`, `refusal`; empty
//                                       text left out) in an assistant turn
//     function_call {call_id, name, arguments} -> ToolCallPart in an assistant turn
//     function_call_output {call_id, output}   -> ToolResultPart in a user turn (output a string,
//                                       or input_text parts joined with newlines)
//     reasoning                      -> dropped (encrypted, only OpenAI can read it)
//   Consecutive assistant items (messages and calls) share one assistant turn; consecutive
//   function_call_outputs share one user turn; each user message is a turn of its own.
//   tools [{type: function, name, description, parameters}] -> ToolSpec (`strict` dropped)
//   tool_choice auto/none/required/{type: function, name} -> Auto/None/Required/Named
//   parallel_tool_calls, max_output_tokens, temperature, top_p, stream. A Responses stream
//   always ends with its usage, so a streamed request sets include_usage.
//
// Refused with a 400 naming the field, because dropping it would change the answer or the
// conversation: `previous_response_id`, `conversation` and `prompt` (the history or the prompt
// lives at OpenAI: another provider cannot continue it), `background: true` (the answer would be
// fetched from OpenAI later), a `text.format` other than text (the same decision the Chat
// parser makes for response_format), `top_logprobs` above 0, tools other than functions
// (web_search, file_search, code_interpreter, mcp, ...: they run at OpenAI and change what the
// model can do), a tool_choice naming one, `input_file` and `input_audio` parts, an image given
// by `file_id`, and any other input item type (item_reference, web_search_call, computer_call,
// ...). Dropped, with a debug log: store, include, metadata, user, reasoning, truncation,
// service_tier, prompt_cache_key, safety_identifier, stream_options, max_tool_calls, ...
#pragma once

#include <string_view>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

Result<Conversation> parse_responses_request(std::string_view body);

}  // namespace sb
