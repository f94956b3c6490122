// The tool call ids a client sees for Gemini's function calls, and what they carry back.
//
// Gemini puts a `thoughtSignature` on a functionCall part and requires it back on that part in
// the next request (Gemini 3 refuses a step whose first call lacks it). Clients of the other
// dialects have no field for it, but every one of them echoes a tool call's id verbatim in the
// assistant turn it sends back and in the call's result. So the id carries the signature, and
// Gemini's own call id when it gave one; the request builder splits them apart again.
//
// Shape, always within Anthropic's tool_use id pattern ^[a-zA-Z0-9_-]+$:
//
//   client id = head                                    no signature
//             | head "__thought__" sig                  sig: the signature (standard base64, as
//                                                       Gemini sends it) respelt base64url without
//                                                       padding: no longer than the signature
//             | head "__thoughtraw__" raw               raw: base64url of the signature's bytes,
//                                                       for one that is not padded base64
//   head      = Gemini's call id                        when plain: [a-zA-Z0-9_-]+ without "__",
//                                                       not ending in "_"
//             | "gid__" lowercase hex of the id         any other id (empty included)
//             | "call__" letters, digits, "_"           synthesised: Gemini gave no id
//
// A plain head never holds "__", so the first "__" after the head starts the signature, and the
// three heads cannot be mistaken for one another. An id this did not make (a call another
// provider made, earlier in the conversation) splits into itself and no signature.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// The client id for a call Gemini identified as `call_id`, signed with `signature` (may be empty).
std::string gemini_call_id(std::string_view call_id, std::string_view signature);

// The client id for the `call`-th call (0, 1, ...) of answer `response_id` when Gemini gave the
// call no id: unique within the conversation (response ids are) and the same on every replay.
std::string synthesised_gemini_call_id(std::string_view response_id, int call,
                                       std::string_view signature);

struct GeminiCallId {
  std::string id;         // Gemini's functionCall.id to send back; empty when it gave none
  std::string signature;  // the thoughtSignature to send back; empty when none
  bool operator==(const GeminiCallId&) const = default;
};

// The inverse of the two above; any other id reads as {client_id, ""}.
GeminiCallId split_gemini_call_id(std::string_view client_id);

}  // namespace sb
