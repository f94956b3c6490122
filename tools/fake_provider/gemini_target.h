// Where a Gemini request says what it wants: unlike the other dialects, the model, the method
// and often the key travel in the URL (`/v1beta/models/gemini-2.5-flash:streamGenerateContent
// ?alt=sse&key=…`). Parsing is pure and lenient about everything but the shape of the path.
//
// The model segment is percent-decoded, so a directive in it survives a client that escapes `+`
// (`gemini-2.5-flash%2Bquota`). A literal `+` stays a `+`: in a path it is not a space.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::fake {

struct GeminiTarget {
  std::string model;   // decoded, directives included
  std::string method;  // generateContent, streamGenerateContent, countTokens, ...
  bool sse = false;    // ?alt=sse
  std::string key;     // ?key=, decoded; "" when absent
};

// `/v1beta/models/{model}:{method}[?query]` (or `/v1/models/…`), else nullopt.
std::optional<GeminiTarget> parse_gemini_target(std::string_view target);

// The decoded value of query parameter `name` in `target`, "" when absent. In a query a `+` is a
// space, as form encoding has it.
std::string query_parameter(std::string_view target, std::string_view name);

}  // namespace sb::fake
