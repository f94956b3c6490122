// How the streams that carry no event names (Chat Completions and its compatible servers, Gemini)
// report a failure mid-answer: a data object with an `error` member, an object with a `message`
// or, from some compatible servers, a bare string. Their decoders read it here, so both turn it
// into the same Error event.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "core/stream_event.h"

namespace sb {

// The Error event for `chunk` (the parsed `data`, kept as sent for classifying) when it carries a
// non-null `error`; nullopt otherwise.
std::optional<StreamEvent> chunk_error(const boost::json::object& chunk, std::string_view data);

}  // namespace sb
