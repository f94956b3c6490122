// What each event of an OpenAI Chat Completions stream means to the relay, which must hold the
// response back until the answer really starts (SPEC §3: failover stays invisible until the
// first content-bearing event) and must notice errors sent inside a 200 stream.
//
//   Preamble  role-only first chunk, empty deltas, keep-alive comments: held back
//   Content   a text / tool-call / refusal / reasoning delta, a finish_reason, the usage chunk,
//             or anything unrecognised (passed on rather than swallowed)
//   Error     a data object with a top-level `error` (OpenAI, OpenRouter, Ollama's /v1)
//   Done      `data: [DONE]`, the only clean end of a Chat stream
#pragma once

#include "providers/sse.h"

namespace sb {

ChatEventKind classify_chat_event(const SseEvent& event);

// When the gateway asked for usage on behalf of a client that did not (providers/chat_request.h
// rewrite_model), the stream must look as it would have without: the final `choices: []` chunk
// that carries the usage is dropped (false: drop the event), and the `"usage":null` member
// include_usage adds to every other chunk is taken out of the event's bytes. A relay filter
// (http/relay.h RelayOptions::filter), applied after the usage was read.
bool hide_requested_usage(SseEvent& event);

}  // namespace sb
