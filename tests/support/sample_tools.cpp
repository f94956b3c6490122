#include "support/sample_tools.h"

#include <boost/json.hpp>

namespace sb::test {

namespace json = boost::json;

json::object weather_schema() {
  return {{"type", "object"},
          {"properties",
           {{"city", {{"type", "string"}}},
            {"days", {{"type", "integer"}}},
            {"metric", {{"type", "boolean"}}}}},
          {"required", json::array{"city"}}};
}

json::object sample_weather_args() { return {{"city", "sample"}, {"days", 1}, {"metric", true}}; }

json::object search_schema() {
  return {{"type", "object"}, {"properties", {{"q", {{"type", "string"}}}}}};
}

}  // namespace sb::test
