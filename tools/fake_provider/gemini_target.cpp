// Parsing Gemini request targets (see gemini_target.h).
#include "fake_provider/gemini_target.h"

#include <array>

namespace sb::fake {
namespace {

constexpr std::array<std::string_view, 2> kModelPrefixes = {"/v1beta/models/", "/v1/models/"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded; a malformed escape is kept as written rather than refused.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_is_space && c == '+' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::optional<GeminiTarget> parse_gemini_target(std::string_view target) {
  const auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  bool matched = false;
  for (const auto prefix : kModelPrefixes) {
    if (path.substr(0, prefix.size()) == prefix) {
      path.remove_prefix(prefix.size());
      matched = true;
      break;
    }
  }
  const auto colon = path.rfind(':');
  if (!matched || colon == std::string_view::npos || colon == 0 || colon + 1 == path.size())
    return std::nullopt;
  GeminiTarget t;
  t.model = percent_decode(path.substr(0, colon), false);
  t.method = path.substr(colon + 1);
  t.sse = query_parameter(target, "alt") == "sse";
  t.key = query_parameter(target, "key");
  return t;
}

std::string query_parameter(std::string_view target, std::string_view name) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string()
                                          : percent_decode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace sb::fake
