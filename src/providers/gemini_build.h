// A Conversation (core/conversation.h) as a Gemini API v1beta generateContent request body
// (PROVIDERS.md §3): the translation's far side when a client of another dialect is served by a
// `gemini` deployment. The model and streaming are chosen by the URL (`models/{model}:
// generateContent` or `:streamGenerateContent?alt=sse`), so neither is in the body.
//
//   system                   -> systemInstruction {parts: [{text}]}, one part each
//   turns                    -> contents, role user / model; consecutive turns of one role merge
//                               (a step's calls and their results must each be one content)
//   TextPart                 -> {text} (empty text left out: Gemini refuses empty parts)
//   ImagePart inline         -> {inlineData: {mimeType, data}}
//   ImagePart by URL         -> {fileData: {fileUri, mimeType}}: Gemini fetches public and signed
//                               https URLs itself; mimeType only when the URL's extension names an
//                               image type (it is optional there)
//   ToolCallPart             -> {functionCall: {name, args, id?}, thoughtSignature?}, id and
//                               signature taken back out of the call id
//                               (providers/gemini_call_id.h): no id for one synthesised when Gemini
//                               gave none; an id another provider made is sent as it is (its result
//                               carries the same)
//   ToolResultPart           -> {functionResponse: {name, response, id?}}: name from the call of
//                               that id earlier in the conversation; response {output: text}, or
//                               {error: text} when is_error. The text is kept a string even when it
//                               holds JSON: Gemini reads strings well and the client's exact bytes
//                               survive; id exactly when the call sends one
//   ThinkingPart             -> dropped (another provider's reasoning; its signature is not
//                               Gemini's)
//   tools                    -> tools [{functionDeclarations: [{name, description,
//                               parametersJsonSchema}]}]: full JSON Schema, nothing stripped
//   tool_choice (with tools) -> toolConfig.functionCallingConfig.mode AUTO / NONE / ANY; a named
//                               tool -> ANY with allowedFunctionNames [name]
//   max_tokens, temperature, top_p, stop
//                            -> generationConfig maxOutputTokens (else the fallback, when set),
//                               temperature, topP, stopSequences
//
// Thought signatures: every call Gemini made carries its own back. The first functionCall of a
// model content that has none (history another model made) gets the documented placeholder
// `skip_thought_signature_validator`, since Gemini 3 refuses a step whose first call is unsigned;
// later calls of a step are unsigned in Gemini's own answers too, and stay so.
//
// Refused with a 400, because sending something else would change the request: tool call
// arguments that are not a JSON object (`messages`), a tool result whose call is not in the
// conversation (`messages`: Gemini needs the function's name), more than 5 stop sequences
// (`stop`: Gemini's limit). Dropped with a debug log: thinking parts, parallel_tool_calls false
// (Gemini has no such switch).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

struct GeminiBuildOptions {
  std::optional<std::int64_t> max_tokens;  // sent as maxOutputTokens
};

Result<std::string> build_gemini_request(const Conversation& c, const GeminiBuildOptions& options);

}  // namespace sb
