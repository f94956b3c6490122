// Writing one named Server-Sent Event, as the client dialects whose streams name their events
// (Anthropic Messages, OpenAI Responses) send them: `event: TYPE`, `data: JSON` on one line (a
// serialiser emits no raw line break), then the blank line that ends the event. The reading side
// is sse.h.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace sb {

std::string sse_event(std::string_view type, const boost::json::object& data);

}  // namespace sb
