// An OpenAI Chat Completions request body as a Conversation (core/conversation.h), for serving it
// from a deployment of another dialect. Same-dialect requests never come here (they pass
// through untouched).
//
// Mapping: `system` and `developer` messages -> Conversation::system, in order; `user` content
// (a string, or text and image_url parts) -> a user turn; `assistant` content and `tool_calls`
// -> an assistant turn; each `tool` message -> a ToolResultPart in a user turn (consecutive ones
// share the turn). `max_completion_tokens` wins over the deprecated `max_tokens`; `stop` may be a
// string or a list.
//
// What the other dialects cannot express is refused with a 400 naming the field when dropping it
// would change the answer (`n` above 1, `logprobs`, a non-text `response_format`, audio output,
// non-image content parts, the legacy `function` role), and dropped otherwise (seed, user,
// metadata, penalties, logit_bias, store, service_tier, ...).
#pragma once

#include <string_view>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

Result<Conversation> parse_openai_chat(std::string_view body);

// An OpenAI image URL (Chat `image_url.url`, Responses `input_image.image_url`) as an ImagePart:
// a `data:<media type>;base64,<data>` URL is inline, anything else is fetched by the provider.
ImagePart image_from_url(std::string_view url);

}  // namespace sb
