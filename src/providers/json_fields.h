// Reading the JSON that providers and clients send, shared by every translation: lenient readers
// for answers (an absent or mistyped field reads as empty, 0 or null: an answer has already
// happened and is taken as it comes) and strict ones for requests (a mistyped field is a 400
// naming it, since the client can fix it).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sb {

// Lenient.
std::string text_field(const boost::json::object& o, std::string_view key);
const boost::json::object* object_field(const boost::json::object& o, std::string_view key);
std::int64_t count_field(const boost::json::object& o, std::string_view key);

// Strict: absent or null -> nullopt; a number -> it; anything else -> 400 naming `key`.
Result<std::optional<double>> optional_number(const boost::json::object& body,
                                              std::string_view key);

// Says, at debug level, which fields of a `what` request no translation reads (they are dropped).
void log_dropped_fields(const boost::json::object& body,
                        std::span<const std::string_view> understood, std::string_view what);

}  // namespace sb
