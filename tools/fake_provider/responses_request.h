// What the fake provider reads from an OpenAI Responses request body (PROVIDERS.md §1): the model,
// whether to stream, how much text the instructions and input hold (for a deterministic
// input_tokens), how many reasoning items the input passes back, whether reasoning was asked for,
// which function to call, and the settings the response object repeats. Everything else (include,
// text.format, truncation, ...) is accepted and ignored.
//
// `input` is a string or a list of items: messages (`{role, content}` with a string or input_text
// / output_text parts, with or without `type: "message"`), function_call, function_call_output and
// reasoning items. The reasoning items are only counted: the answer reports the count, so a test
// can prove a gateway passed them back untouched. Tools are flat (`{type: "function", name,
// parameters}`); other tool types are ignored. tool_choice "none" refuses them,
// `{type: "function", name}` names one, anything else lets the fake call the first.
//
// Validation is OpenAI's minimum: a JSON object with a string `model` and an `input` that is a
// string or a list; a function tool without a name, or a tool_choice naming an undeclared function,
// is refused too. Faults are InvalidRequest errors with OpenAI's message, param and code.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fake_provider/request_reading.h"

namespace sb::fake {

struct ResponsesFacts {
  std::string model;
  bool stream = false;
  std::size_t text_chars = 0;       // bytes of instructions and input text, arguments and outputs
  std::size_t reasoning_items = 0;  // input items of type "reasoning"
  bool reasoning = false;           // the request has a `reasoning` object
  std::optional<ToolCallPlan> tool_call;
  // The request's settings as the response object repeats them, defaults filled in:
  // instructions, max_output_tokens, metadata, parallel_tool_calls, previous_response_id,
  // reasoning {effort, summary}, store, temperature, tool_choice, tools, top_p.
  boost::json::object echoed;
};

Result<ResponsesFacts> read_responses_request(std::string_view body);

}  // namespace sb::fake
