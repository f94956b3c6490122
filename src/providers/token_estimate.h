// A request's input tokens, estimated without the model's tokenizer (none is public for Claude
// or Gemini, and loading OpenAI's for every model would cost more than the answer is worth):
// what `POST /v1/messages/count_tokens` answers, so that agents that budget their context
// (Claude Code compacts by it) keep working whichever deployment serves them.
//
// The rule leans high on purpose, since an agent that underestimates overflows the window:
// one token per 3.5 bytes of text (English prose runs near 4 bytes per token, code and JSON
// nearer 3), tool definitions counted as their JSON, a fixed cost per turn and per tool for the
// framing every API adds, and 1,600 tokens per image (Anthropic's cost of a full-size image).
#pragma once

#include <cstdint>

#include "core/conversation.h"

namespace sb {

std::int64_t estimate_input_tokens(const Conversation& request);

}  // namespace sb
