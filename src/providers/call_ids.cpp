#include "providers/call_ids.h"

#include <boost/json.hpp>
#include <cstdint>

#include "core/ascii.h"

namespace sb {

namespace {

namespace json = boost::json;

constexpr std::size_t kOpenAiMax = 40;
constexpr std::size_t kMistralLength = 9;

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// `length` base-62 digits of the id's hash (62^9 > 2^53: collisions need ~10^8 ids in one
// conversation).
std::string hash_digits(std::string_view id, std::size_t length) {
  static constexpr std::string_view kDigits =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::uint64_t h = fnv1a(id);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    out += kDigits[h % kDigits.size()];
    h /= kDigits.size();
  }
  return out;
}

bool is_nine_alphanum(std::string_view id) {
  if (id.size() != kMistralLength) return false;
  for (const char c : id) {
    if (!is_alnum(c)) return false;
  }
  return true;
}

void fit_string(json::value& v, CallIdRule rule) {
  if (!v.is_string()) return;
  const std::string_view id = v.as_string();
  std::string fitted = fitted_call_id(id, rule);
  if (fitted != id) v = json::string(fitted);
}

}  // namespace

std::string fitted_call_id(std::string_view id, CallIdRule rule) {
  switch (rule) {
    case CallIdRule::Any:
      break;
    case CallIdRule::AtMost40:
      if (id.size() > kOpenAiMax) return "call_" + hash_digits(id, 11);
      break;
    case CallIdRule::NineAlphanum:
      if (!is_nine_alphanum(id)) return hash_digits(id, kMistralLength);
      break;
  }
  return std::string(id);
}

bool may_need_fitting(CallIdRule rule, std::size_t longest_call_id) {
  switch (rule) {
    case CallIdRule::Any:
      return false;
    case CallIdRule::AtMost40:
      return longest_call_id > kOpenAiMax;
    case CallIdRule::NineAlphanum:
      return longest_call_id > 0;
  }
  return false;
}

std::string fit_chat_call_ids(std::string body, CallIdRule rule) {
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object()) return body;
  json::value* messages = doc.as_object().if_contains("messages");
  if (!messages || !messages->is_array()) return body;
  for (auto& message : messages->as_array()) {
    if (!message.is_object()) continue;
    auto& m = message.as_object();
    if (auto* result_of = m.if_contains("tool_call_id")) fit_string(*result_of, rule);
    auto* calls = m.if_contains("tool_calls");
    if (!calls || !calls->is_array()) continue;
    for (auto& call : calls->as_array()) {
      if (!call.is_object()) continue;
      if (auto* id = call.as_object().if_contains("id")) fit_string(*id, rule);
    }
  }
  return json::serialize(doc);
}

}  // namespace sb
