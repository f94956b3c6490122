// Builders for the fake provider's OpenAI wire text (see openai_replies.h). Messages and codes
// are copied from what OpenAI sends (PROVIDERS.md §1) so that a gateway classifies the fake's
// failures exactly as it would classify the real ones.
#include "fake_provider/openai_replies.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

constexpr std::string_view kFingerprint = "fp_fake0001";

json::value null_if_empty(std::string_view s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object usage_object(const Answer& a) {
  return {
      {"prompt_tokens", a.prompt_tokens},
      {"completion_tokens", a.completion_tokens},
      {"total_tokens", a.prompt_tokens + a.completion_tokens},
      {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
      {"completion_tokens_details",
       {{"reasoning_tokens", 0},
        {"audio_tokens", 0},
        {"accepted_prediction_tokens", 0},
        {"rejected_prediction_tokens", 0}}},
  };
}

std::string sse(const json::value& v) { return "data: " + json::serialize(v) + "\n\n"; }

// The fields every chunk of one stream shares; `choices` (and usage) are added per chunk.
json::object chunk_base(const Answer& a) {
  return {{"id", a.id},
          {"object", "chat.completion.chunk"},
          {"created", a.created},
          {"model", a.model},
          {"service_tier", "default"},
          {"system_fingerprint", kFingerprint}};
}

json::object choice(json::object delta, std::string_view finish_reason) {
  return {{"index", 0},
          {"delta", std::move(delta)},
          {"logprobs", nullptr},
          {"finish_reason", null_if_empty(finish_reason)}};
}

std::string chunk_event(const Answer& a, json::object delta, std::string_view finish_reason,
                        bool include_usage) {
  json::object chunk = chunk_base(a);
  chunk["choices"] = json::array{choice(std::move(delta), finish_reason)};
  if (include_usage) chunk["usage"] = nullptr;
  return sse(chunk);
}

std::string masked_key(std::string_view key) {
  if (key.size() <= 7) return std::string(key.size(), '*');
  return fmt::format("{}{}{}", key.substr(0, 3), std::string(key.size() - 7, '*'),
                     key.substr(key.size() - 4));
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Reply rate_limited(std::string_view model_name, std::chrono::seconds retry_after) {
  Reply r = error_reply(
      429,
      fmt::format("Rate limit reached for {} in organization org-fake on requests per min (RPM): "
                  "Limit 3, Used 3, Requested 1. Please try again in {}. Visit "
                  "https://platform.openai.com/account/rate-limits to learn more.",
                  model_name, go_duration(retry_after)),
      "requests", "", "rate_limit_exceeded");
  r.headers = rate_limit_headers(Window::RateLimited, retry_after);
  return r;
}

}  // namespace

std::string answer_text(std::string_view model_name, std::string_view key_name, unsigned min_chars,
                        std::string_view note) {
  std::string text = fmt::format("Hello from fake model {} (key {})", model_name, key_name);
  if (!note.empty()) fmt::format_to(std::back_inserter(text), " {}", note);
  while (text.size() < min_chars) text += " and more";
  return text;
}

std::uint64_t estimate_tokens(std::size_t chars) { return (chars + 3) / 4; }

std::string make_id(std::string_view prefix, std::uint64_t seq, std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string id(prefix);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < length; ++i) {
    // A fresh 64-bit block per 10 digits (62^10 < 2^64): consecutive seq share no runs.
    if (i % 10 == 0) bits = splitmix64(splitmix64(seq) + i);
    id += kAlphabet[bits % kAlphabet.size()];
    bits /= kAlphabet.size();
  }
  return id;
}

std::string named_event(std::string_view name, const json::value& data) {
  return fmt::format("event: {}\ndata: {}\n\n", name, json::serialize(data));
}

std::vector<std::string> split_pieces(std::string_view text, unsigned n) {
  std::vector<std::string> pieces;
  if (n == 0 || text.empty()) return pieces;
  const auto continuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  std::size_t start = 0;
  for (unsigned i = 1; i <= n && start < text.size(); ++i) {
    std::size_t end = i == n ? text.size() : text.size() * i / n;
    while (continuation(end)) ++end;
    if (end <= start) continue;
    pieces.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

std::string completion_body(const Answer& a) {
  json::object message{{"role", "assistant"}};
  if (a.tool_call) {
    message["content"] = nullptr;
    message["tool_calls"] = json::array{json::object{
        {"id", a.tool_call_id},
        {"type", "function"},
        {"function", {{"name", a.tool_call->name}, {"arguments", a.tool_call->arguments}}}}};
  } else {
    message["content"] = a.text;
  }
  message["refusal"] = nullptr;
  message["annotations"] = json::array();

  json::object body{{"id", a.id},
                    {"object", "chat.completion"},
                    {"created", a.created},
                    {"model", a.model},
                    {"choices", json::array{json::object{
                                    {"index", 0},
                                    {"message", std::move(message)},
                                    {"logprobs", nullptr},
                                    {"finish_reason", a.tool_call ? "tool_calls" : "stop"}}}},
                    {"usage", usage_object(a)},
                    {"service_tier", "default"},
                    {"system_fingerprint", kFingerprint}};
  return json::serialize(body);
}

StreamScript stream_script(const Answer& a, unsigned pieces, bool include_usage) {
  StreamScript s;
  if (a.tool_call) {
    s.head.push_back(chunk_event(
        a,
        {{"role", "assistant"},
         {"content", nullptr},
         {"tool_calls", json::array{json::object{
                            {"index", 0},
                            {"id", a.tool_call_id},
                            {"type", "function"},
                            {"function", {{"name", a.tool_call->name}, {"arguments", ""}}}}}}},
        "", include_usage));
    // Clients must reassemble arguments from fragments, so always send at least two.
    for (auto& piece : split_pieces(a.tool_call->arguments, std::max(pieces, 2u))) {
      s.content.push_back(chunk_event(
          a,
          {{"tool_calls",
            json::array{json::object{{"index", 0}, {"function", {{"arguments", piece}}}}}}},
          "", include_usage));
    }
  } else {
    s.head.push_back(chunk_event(a, {{"role", "assistant"}, {"content", ""}}, "", include_usage));
    for (auto& piece : split_pieces(a.text, pieces))
      s.content.push_back(chunk_event(a, {{"content", piece}}, "", include_usage));
  }
  s.tail.push_back(chunk_event(a, {}, a.tool_call ? "tool_calls" : "stop", include_usage));
  if (include_usage) {
    json::object usage = chunk_base(a);
    usage["choices"] = json::array();
    usage["usage"] = usage_object(a);
    s.tail.push_back(sse(usage));
  }
  s.tail.emplace_back("data: [DONE]\n\n");
  return s;
}

std::string midstream_error_event() {
  return R"(data: {"error":{"message":"Provider disconnected unexpectedly","type":"server_error",)"
         R"("param":null,"code":"server_error"}})"
         "\n\n";
}

Reply error_reply(unsigned status, std::string_view message, std::string_view type,
                  std::string_view param, std::string_view code) {
  json::object error{{"message", message},
                     {"type", type},
                     {"param", null_if_empty(param)},
                     {"code", null_if_empty(code)}};
  return Reply{status, json::serialize(json::object{{"error", std::move(error)}}),
               rate_limit_headers(Window::Normal)};
}

Reply missing_key_reply() {
  return error_reply(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization "
      "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field "
      "(with blank username) if you're accessing the API from your browser and are prompted for "
      "a username and password. You can obtain an API key from "
      "https://platform.openai.com/account/api-keys.",
      "invalid_request_error");
}

Reply failure_reply(const Behaviour& b, std::string_view model_name, std::string_view key) {
  switch (b.failure) {
    case Failure::None: break;
    case Failure::Quota:
    case Failure::SpendLimit: {  // OpenAI's spend limits also arrive as insufficient_quota
      Reply r = error_reply(
          429,
          "You exceeded your current quota, please check your plan and billing details. For more "
          "information on this error, read the docs: "
          "https://platform.openai.com/docs/guides/error-codes/api-errors.",
          "insufficient_quota", "", "insufficient_quota");
      r.headers = rate_limit_headers(Window::Quota);
      return r;
    }
    case Failure::RateLimit: return rate_limited(model_name, b.retry_after);
    case Failure::Overloaded:
      return error_reply(503, "The engine is currently overloaded, please try again later.",
                         "server_error", "", "server_is_overloaded");
    case Failure::ContextTooLong:
      return error_reply(400,
                         "This model's maximum context length is 128000 tokens. However, your "
                         "messages resulted in 200000 tokens. Please reduce the length of the "
                         "messages.",
                         "invalid_request_error", "messages", "context_length_exceeded");
    case Failure::BadKey:
    case Failure::Status: break;
  }
  const unsigned status = scripted_status(b);
  switch (status) {
    case 400:
      return error_reply(400, "Invalid request: the fake provider was told to reject it.",
                         "invalid_request_error");
    case 401:
      return error_reply(401,
                         fmt::format("Incorrect API key provided: {}. You can find your API key "
                                     "at https://platform.openai.com/account/api-keys.",
                                     masked_key(key)),
                         "invalid_request_error", "", "invalid_api_key");
    case 403:
      return error_reply(403, "Country, region, or territory not supported", "request_forbidden",
                         "", "unsupported_country_region_territory");
    case 404:
      return error_reply(
          404,
          fmt::format("The model `{}` does not exist or you do not have access to it.", model_name),
          "invalid_request_error", "", "model_not_found");
    case 429: return rate_limited(model_name, b.retry_after);
    case 500:
      return error_reply(500,
                         "The server had an error while processing your request. Sorry about that!",
                         "server_error");
    default:
      return error_reply(status,
                         fmt::format("The fake provider was told to fail with HTTP {}.", status),
                         status >= 500 ? "server_error" : "invalid_request_error");
  }
}

std::string go_duration(std::chrono::seconds s) {
  const auto total = s.count();
  const auto h = total / 3600, m = total / 60 % 60, sec = total % 60;
  if (h > 0) return fmt::format("{}h{}m{}s", h, m, sec);
  if (m > 0) return fmt::format("{}m{}s", m, sec);
  return fmt::format("{}s", sec);
}

Headers rate_limit_headers(Window w, std::chrono::seconds retry_after) {
  switch (w) {
    case Window::Normal:
      return {
          {"x-ratelimit-limit-requests", "10000"},    {"x-ratelimit-remaining-requests", "9999"},
          {"x-ratelimit-reset-requests", "1s"},       {"x-ratelimit-limit-tokens", "200000"},
          {"x-ratelimit-remaining-tokens", "199000"}, {"x-ratelimit-reset-tokens", "6m0s"}};
    case Window::Quota:
      // OpenAI attaches the per-minute window even to quota errors (PROVIDERS.md §13): a short
      // reset here must not be read as "the quota comes back in 6 ms".
      return {
          {"x-ratelimit-limit-requests", "10000"},    {"x-ratelimit-remaining-requests", "9999"},
          {"x-ratelimit-reset-requests", "6ms"},      {"x-ratelimit-limit-tokens", "200000"},
          {"x-ratelimit-remaining-tokens", "200000"}, {"x-ratelimit-reset-tokens", "0s"}};
    case Window::RateLimited:
      return {{"retry-after", std::to_string(retry_after.count())},
              {"retry-after-ms", std::to_string(retry_after.count() * 1000)},
              {"x-ratelimit-limit-requests", "3"},
              {"x-ratelimit-remaining-requests", "0"},
              {"x-ratelimit-reset-requests", go_duration(retry_after)},
              {"x-ratelimit-limit-tokens", "200000"},
              {"x-ratelimit-remaining-tokens", "199000"},
              {"x-ratelimit-reset-tokens", "6m0s"}};
  }
  return {};
}

std::string models_body() {
  static constexpr std::string_view kModels[] = {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini",
                                                 "o3-mini"};
  json::array data;
  for (auto id : kModels) {
    data.push_back(json::object{
        {"id", id}, {"object", "model"}, {"created", 1715367049}, {"owned_by", "system"}});
  }
  return json::serialize(json::object{{"object", "list"}, {"data", std::move(data)}});
}

}  // namespace sb::fake
