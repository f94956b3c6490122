// Builders for the fake provider's Anthropic wire text (see anthropic_replies.h). Messages and
// error types are copied from what Anthropic sends (PROVIDERS.md §2, tests/fixtures/anthropic) so
// that a gateway classifies the fake's failures exactly as it would classify the real ones.
#include "fake_provider/anthropic_replies.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

// The limits of a comfortable paid tier; only their shape matters to a client.
constexpr std::uint64_t kRequestsLimit = 4'000;
constexpr std::uint64_t kInputTokensLimit = 400'000;
constexpr std::uint64_t kOutputTokensLimit = 80'000;

json::object usage_object(const MessageAnswer& a, std::uint64_t output_tokens) {
  return {{"input_tokens", a.input_tokens},
          {"cache_creation_input_tokens", 0},
          {"cache_read_input_tokens", 0},
          {"output_tokens", output_tokens}};
}

std::string_view stop_reason(const MessageAnswer& a) {
  return a.tool_use ? "tool_use" : "end_turn";
}

json::object message_object(const MessageAnswer& a, json::array content, json::value stop,
                            std::uint64_t output_tokens) {
  return {{"id", a.id},
          {"type", "message"},
          {"role", "assistant"},
          {"model", a.model},
          {"content", std::move(content)},
          {"stop_reason", std::move(stop)},
          {"stop_sequence", nullptr},
          {"usage", usage_object(a, output_tokens)}};
}

std::string reset_at(SysTime now, seconds after) {
  return format_rfc3339(std::chrono::ceil<seconds>(now) + after);
}

// "2026-12-01": the date Anthropic's monthly limits name for their lifting.
std::string next_month_date(SysTime now) {
  return format_rfc3339(first_of_next_month_utc(now)).substr(0, 10);
}

// Every Anthropic error: the body names the same request id as the `request-id` header.
Reply error_reply_of(unsigned status, json::object error, std::string_view request_id,
                     SysTime now) {
  json::object body{{"type", "error"}, {"error", std::move(error)}, {"request_id", request_id}};
  Headers headers = anthropic_rate_limit_headers(AnthropicWindow::Normal, now);
  headers.emplace_back("request-id", request_id);
  return Reply{status, json::serialize(body), std::move(headers)};
}

Reply rate_limited(std::string_view request_id, SysTime now, seconds retry_after) {
  const std::string message = fmt::format(
      "This request would exceed the rate limit for your organization (org-fake) of {} requests "
      "per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
      kRequestsLimit);
  Reply r = anthropic_error_reply(429, "rate_limit_error", message, request_id, now);
  r.headers = anthropic_rate_limit_headers(AnthropicWindow::RateLimited, now, retry_after);
  r.headers.emplace_back("request-id", request_id);
  return r;
}

Reply spend_limited(std::string_view request_id, SysTime now) {
  json::object error{
      {"type", "rate_limit_error"},
      {"message", fmt::format("Your organization has crossed its monthly API usage threshold. "
                              "You will regain access on {} at 00:00 UTC.",
                              next_month_date(now))},
      {"details", {{"error_code", "enforced_spend_limit_reached"}}}};
  return error_reply_of(429, std::move(error), request_id, now);
}

}  // namespace

std::string message_body(const MessageAnswer& a) {
  json::object block;
  if (a.tool_use) {
    block = {{"type", "tool_use"},
             {"id", a.tool_use_id},
             {"name", a.tool_use->name},
             {"input", json::parse(a.tool_use->arguments)}};
  } else {
    block = {{"type", "text"}, {"text", a.text}};
  }
  return json::serialize(message_object(a, json::array{std::move(block)},
                                        json::value(stop_reason(a)), a.output_tokens));
}

StreamScript message_stream_script(const MessageAnswer& a, unsigned pieces) {
  StreamScript s;
  // message_start reports output_tokens 1, as the real API does; message_delta has the total.
  s.head.push_back(named_event(
      "message_start",
      json::object{{"type", "message_start"}, {"message", message_object(a, {}, nullptr, 1)}}));
  json::object block;
  std::vector<std::string> fragments;
  std::string_view delta_type, delta_field;
  if (a.tool_use) {
    block = {{"type", "tool_use"},
             {"id", a.tool_use_id},
             {"name", a.tool_use->name},
             {"input", json::object()}};
    // Clients must reassemble the input from fragments, so always send at least two.
    fragments = split_pieces(a.tool_use->arguments, std::max(pieces, 2u));
    delta_type = "input_json_delta";
    delta_field = "partial_json";
  } else {
    block = {{"type", "text"}, {"text", ""}};
    fragments = split_pieces(a.text, pieces);
    delta_type = "text_delta";
    delta_field = "text";
  }
  s.head.push_back(named_event(
      "content_block_start",
      json::object{
          {"type", "content_block_start"}, {"index", 0}, {"content_block", std::move(block)}}));
  s.head.push_back(named_event("ping", json::object{{"type", "ping"}}));
  for (const auto& piece : fragments) {
    s.content.push_back(
        named_event("content_block_delta",
                    json::object{{"type", "content_block_delta"},
                                 {"index", 0},
                                 {"delta", {{"type", delta_type}, {delta_field, piece}}}}));
  }
  s.tail.push_back(named_event("content_block_stop",
                               json::object{{"type", "content_block_stop"}, {"index", 0}}));
  s.tail.push_back(named_event(
      "message_delta",
      json::object{{"type", "message_delta"},
                   {"delta", {{"stop_reason", stop_reason(a)}, {"stop_sequence", nullptr}}},
                   {"usage", {{"output_tokens", a.output_tokens}}}}));
  s.tail.push_back(named_event("message_stop", json::object{{"type", "message_stop"}}));
  return s;
}

std::string anthropic_midstream_error_event() {
  return "event: error\n"
         R"(data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"
         "\n\n";
}

Reply anthropic_error_reply(unsigned status, std::string_view type, std::string_view message,
                            std::string_view request_id, SysTime now) {
  return error_reply_of(status, json::object{{"type", type}, {"message", message}}, request_id,
                        now);
}

Reply anthropic_missing_key_reply(std::string_view request_id, SysTime now) {
  return anthropic_error_reply(401, "authentication_error", "x-api-key header is required",
                               request_id, now);
}

Reply anthropic_missing_version_reply(std::string_view request_id, SysTime now) {
  return anthropic_error_reply(400, "invalid_request_error",
                               "anthropic-version: header is required", request_id, now);
}

Reply anthropic_failure_reply(const Behaviour& b, std::string_view model_name,
                              std::string_view request_id, SysTime now) {
  const auto error = [&](unsigned status, std::string_view type, std::string_view message) {
    return anthropic_error_reply(status, type, message, request_id, now);
  };
  switch (b.failure) {
    case Failure::None: break;
    case Failure::Quota:
      return error(400, "invalid_request_error",
                   fmt::format("You have reached your specified API usage limits. You will "
                               "regain access on {} at 00:00 UTC.",
                               next_month_date(now)));
    case Failure::SpendLimit: return spend_limited(request_id, now);
    case Failure::RateLimit: return rate_limited(request_id, now, b.retry_after);
    case Failure::Overloaded: return error(529, "overloaded_error", "Overloaded");
    case Failure::ContextTooLong:
      return error(400, "invalid_request_error",
                   "prompt is too long: 208310 tokens > 200000 maximum");
    case Failure::BadKey:
    case Failure::Status: break;
  }
  const unsigned status = scripted_status(b);
  switch (status) {
    case 400:
      return error(400, "invalid_request_error",
                   "Invalid request: the fake provider was told to reject it.");
    case 401: return error(401, "authentication_error", "invalid x-api-key");
    case 402:
      return error(402, "billing_error",
                   "Your credit balance is too low to access the Anthropic API. Please go to "
                   "Plans & Billing to upgrade or purchase credits.");
    case 403:
      return error(403, "permission_error",
                   "Your API key does not have permission to use the specified resource.");
    case 404: return error(404, "not_found_error", fmt::format("model: {}", model_name));
    case 409: return error(409, "conflict_error", "Conflict");
    case 413:
      return error(413, "request_too_large",
                   "Request exceeds the maximum allowed number of bytes.");
    case 429: return rate_limited(request_id, now, b.retry_after);
    case 500: return error(500, "api_error", "Internal server error");
    case 504: return error(504, "timeout_error", "Request timeout");
    case 529: return error(529, "overloaded_error", "Overloaded");
    default:
      return error(status, status >= 500 ? "api_error" : "invalid_request_error",
                   fmt::format("The fake provider was told to fail with HTTP {}.", status));
  }
}

Headers anthropic_rate_limit_headers(AnthropicWindow w, SysTime now, seconds retry_after) {
  const bool limited = w == AnthropicWindow::RateLimited;
  const std::string soon = reset_at(now, seconds(1));
  Headers h;
  if (limited) h.emplace_back("retry-after", std::to_string(retry_after.count()));
  h.insert(
      h.end(),
      {{"anthropic-ratelimit-requests-limit", std::to_string(kRequestsLimit)},
       {"anthropic-ratelimit-requests-remaining", std::to_string(limited ? 0 : kRequestsLimit - 1)},
       {"anthropic-ratelimit-requests-reset", limited ? reset_at(now, retry_after) : soon},
       // tokens-* reports the most restrictive of the input and output limits.
       {"anthropic-ratelimit-tokens-limit", std::to_string(kOutputTokensLimit)},
       {"anthropic-ratelimit-tokens-remaining", std::to_string(kOutputTokensLimit)},
       {"anthropic-ratelimit-tokens-reset", soon},
       {"anthropic-ratelimit-input-tokens-limit", std::to_string(kInputTokensLimit)},
       {"anthropic-ratelimit-input-tokens-remaining", std::to_string(kInputTokensLimit)},
       {"anthropic-ratelimit-input-tokens-reset", soon},
       {"anthropic-ratelimit-output-tokens-limit", std::to_string(kOutputTokensLimit)},
       {"anthropic-ratelimit-output-tokens-remaining", std::to_string(kOutputTokensLimit)},
       {"anthropic-ratelimit-output-tokens-reset", soon}});
  return h;
}

}  // namespace sb::fake
