#include "providers/chunk_error.h"

#include <boost/json.hpp>

#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

std::optional<StreamEvent> chunk_error(const json::object& chunk, std::string_view data) {
  const auto* error = chunk.if_contains("error");
  if (!error || error->is_null()) return std::nullopt;
  StreamEvent e = StreamEvent::of(StreamEvent::Kind::Error);
  e.error_json = data;
  if (const json::object* o = error->if_object()) {
    e.error_message = text_field(*o, "message");
  } else if (error->is_string()) {
    e.error_message = error->as_string();
  }
  return e;
}

}  // namespace sb
