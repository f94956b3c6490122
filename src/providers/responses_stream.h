// What each event of an OpenAI Responses stream means to the relay (providers/sse.h
// ChatEventKind), whether OpenAI sent it (same dialect, passed through) or the gateway wrote it
// (providers/responses_encode.h). The relay holds the preamble back until the answer really
// starts (SPEC §3: failover stays invisible until the first content-bearing event), ends cleanly
// on Done and treats Error as a failure.
//
//   Preamble  keep-alive comments, response.created, response.in_progress, response.queued,
//             `keepalive` events, an output_item.added of a message or reasoning item (empty
//             when added), content_part.added and reasoning_summary_part.added (empty parts)
//   Content   output_text / refusal / reasoning deltas, a function_call's output_item.added,
//             function_call_arguments deltas, the .done events, anything unrecognised (passed
//             on rather than swallowed), data that is not JSON (`[DONE]` included: Responses
//             has no such terminator)
//   Error     `event: error` (`type: error`, OpenAI's flat or nested shape), response.failed
//   Done      response.completed, and response.incomplete: a whole answer cut short by its
//             token limit or a content filter, which the client reads from its status
//
// The event's `type` in the data names it; the `event:` line is read only when the data has
// none.
#pragma once

#include "providers/sse.h"

namespace sb {

ChatEventKind classify_responses_event(const SseEvent& event);

}  // namespace sb
