// A neutral Reply (core/conversation.h) as an OpenAI `chat.completion` object, for an OpenAI
// Chat client served by a deployment of another dialect: text joined into `message.content`,
// tool calls as `tool_calls` with their arguments text, thinking dropped (Chat has no field for
// it), usage in OpenAI's terms (prompt_tokens include cached ones, PROVIDERS.md §11).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/conversation.h"

namespace sb {

// stop, length, tool_calls, content_filter; a full context window reads as `length`, an
// upstream error as `error` (as OpenRouter and Mistral say it).
std::string_view openai_finish_reason(StopReason reason);

// One entry of `tool_calls`: {id, type: function, function: {name, arguments}} (requests and
// answers spell a call the same way).
boost::json::object openai_tool_call(const ToolCallPart& call);

// `{"error":{"message","type","param","code"}}` (empty param / code read as null): every
// OpenAI-dialect error, whole or in a stream, the gateway's own included (http/error_response.h).
boost::json::object openai_error_object(std::string_view message, std::string_view type,
                                        std::string_view param = {}, std::string_view code = {});

// The `usage` object: prompt/completion/total tokens and their details.
boost::json::object openai_usage(const Usage& usage);

// `created` is the Unix time to show (a parameter so tests are exact).
std::string build_openai_chat_completion(const Reply& reply, std::int64_t created);

}  // namespace sb
