// Tool-call ids made to fit an upstream that restricts them. Clients echo ids verbatim and the
// gateway passes them on, but ids are made by whichever provider answered the call, and some
// upstreams refuse others' ids: OpenAI takes at most 40 characters (Gemini calls carry their
// thought signature in the id, providers/gemini_call_id.h); Mistral takes exactly 9 letters and
// digits. A fitted id is a hash of the original, so a call and its result, fitted apart, still
// match, and an id that already fits is kept as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb {

enum class CallIdRule {
  Any,
  AtMost40,      // OpenAI
  NineAlphanum,  // Mistral
};

std::string fitted_call_id(std::string_view id, CallIdRule rule);

// Whether a request whose longest call id has this length (providers/chat_request.h) may hold
// an id the rule changes.
bool may_need_fitting(CallIdRule rule, std::size_t longest_call_id);

// An OpenAI Chat request body with every `tool_calls[].id` and `tool_call_id` fitted; the body
// unchanged when it is not a JSON object.
std::string fit_chat_call_ids(std::string body, CallIdRule rule);

}  // namespace sb
