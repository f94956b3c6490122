// What the fake provider reads from a Gemini generateContent body (PROVIDERS.md §3): how much text
// the systemInstruction and the contents hold (for a deterministic promptTokenCount), which
// function to call when functions are declared and not refused, and every functionCall part of
// the history with its thoughtSignature (for the `signatures` directive). The model and the
// streaming choice come from the URL (gemini_target.h). Everything else (generationConfig,
// safetySettings, inlineData bytes, cachedContent...) is accepted and ignored.
//
// Function declarations come from every `tools[].functionDeclarations` (other tools, such as
// googleSearch, are ignored), with their schema in `parameters` or `parametersJsonSchema`.
// toolConfig.functionCallingConfig.mode NONE refuses them; ANY with allowedFunctionNames calls the
// first allowed one; otherwise the first declared one is called.
//
// Validation is what Gemini refuses before doing any work: a body that is not a JSON object,
// `contents` missing, empty or not a list, a declaration without a name, an allowed function that
// is not declared. Each fault is an InvalidRequest error worded as Google words it, sent as 400
// INVALID_ARGUMENT.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "fake_provider/request_reading.h"
#include "fake_provider/thought_signature.h"

namespace sb::fake {

struct GeminiFacts {
  std::size_t text_chars = 0;  // bytes of systemInstruction and contents text parts
  std::optional<ToolCallPlan> function_call;
  std::vector<HistoryCall> history_calls;  // in request order
};

Result<GeminiFacts> read_gemini_request(std::string_view body);

}  // namespace sb::fake
