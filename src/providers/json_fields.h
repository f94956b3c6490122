// Reading the JSON that providers and clients send, shared by every translation: lenient readers
// for answers (an absent or mistyped field reads as empty, 0 or null: an answer has already
// happened and is taken as it comes) and strict ones for requests (a mistyped field is a 400
// naming it, since the client can fix it).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sb {

// `text` as a JSON object; nullopt when it is not JSON or not an object.
std::optional<boost::json::object> parse_object(std::string_view text);

// Lenient.
std::string text_field(const boost::json::object& o, std::string_view key);
const boost::json::object* object_field(const boost::json::object& o, std::string_view key);
std::int64_t count_field(const boost::json::object& o, std::string_view key);
// Element 0 of the array at `key` when it is an object (choice 0, candidate 0), else null: a
// translated request never asks for more than one.
const boost::json::object* first_object(const boost::json::object& o, std::string_view key);

// Strict.
// A 400 whose `param` names the field at fault, as a path (`input[2].content`).
GatewayError invalid_request(std::string message, std::string param);
// The string at `key`, or null when it is absent or not a string: the caller says what it wanted.
const boost::json::string* string_at(const boost::json::object& o, std::string_view key);
// The array at `key`; a 400 naming `key` when it is absent or not an array.
Result<const boost::json::array*> required_array(const boost::json::object& o,
                                                 std::string_view key);
// An object's `type`, or empty when it has none.
std::string_view type_of(const boost::json::object& o);
// Absent or null -> nullopt; a number -> it; anything else -> 400 naming `key`.
Result<std::optional<double>> optional_number(const boost::json::object& body,
                                              std::string_view key);
// Absent or null -> nullopt; a whole number -> it; anything else -> 400 naming `key`.
Result<std::optional<std::int64_t>> optional_whole_number(const boost::json::object& body,
                                                          std::string_view key);
// The `text` of every element of `parts`, joined by `separator`. Each must be an object of type
// `part_type` with a string `text`; the first that is not is a 400 with `refusal`, naming
// `param[i]` (a part the translation cannot carry is refused rather than lost).
Result<std::string> joined_text(const boost::json::array& parts, std::string_view part_type,
                                std::string_view separator, std::string_view refusal,
                                const std::string& param);

// Says, at debug level, which fields of a `what` request no translation reads (they are dropped).
void log_dropped_fields(const boost::json::object& body,
                        std::span<const std::string_view> understood, std::string_view what);

}  // namespace sb
