// The tool schemas the fake provider's dialect tests declare, in JSON Schema as Chat, Messages
// and Responses carry it (Gemini's OpenAPI spelling differs). One definition keeps the
// dialects' tests asking for the same call, whose arguments the fake samples from the schema.
#pragma once

#include <boost/json/object.hpp>

namespace sb::test {

// city (string, required), days (integer), metric (boolean).
boost::json::object weather_schema();
// What the fake answers a call of a weather_schema() tool with.
boost::json::object sample_weather_args();
// q (string).
boost::json::object search_schema();

}  // namespace sb::test
