// Builders for the fake provider's Gemini wire text (see gemini_replies.h). Messages, status
// names and detail types are copied from what Google sends (PROVIDERS.md §3), so that a gateway
// classifies the fake's failures exactly as it would classify the real ones.
#include "fake_provider/gemini_replies.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>

namespace sb::fake {
namespace {

namespace json = boost::json;

constexpr std::string_view kTypePrefix = "type.googleapis.com/google.rpc.";
constexpr std::string_view kOverloaded = "The model is overloaded. Please try again later.";
constexpr std::string_view kFreeTierMetric =
    "generativelanguage.googleapis.com/generate_content_free_tier_requests";
// The delay Gemini attaches to a daily quota: short, and no promise that retrying then helps.
constexpr std::chrono::seconds kDailyQuotaRetryDelay{33};

// error=CODE: google.rpc code names by HTTP status (google/rpc/code.proto) with Google's usual
// message for each; 404 and the 429/503 directives are worded apart.
struct StatusRow {
  unsigned status;
  std::string_view name;
  std::string_view message;
};
constexpr std::array<StatusRow, 8> kStatusRows = {{
    {400, "INVALID_ARGUMENT", "Request contains an invalid argument."},
    {401, "UNAUTHENTICATED",
     "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
     "cookie or other valid authentication credential. See "
     "https://developers.google.com/identity/sign-in/web/devconsole-project."},
    {403, "PERMISSION_DENIED", "The caller does not have permission"},
    {409, "ABORTED", "The operation was aborted."},
    {499, "CANCELLED", "The operation was cancelled."},
    {500, "INTERNAL",
     "An internal error has occurred. Please retry or report in "
     "https://developers.generativeai.google/guide/troubleshooting"},
    {501, "UNIMPLEMENTED", "Method not implemented."},
    {504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."},
}};

json::object detail(std::string_view type, json::object fields) {
  json::object d{{"@type", fmt::format("{}{}", kTypePrefix, type)}};
  for (auto& [key, value] : fields) d[key] = std::move(value);
  return d;
}

json::object usage_metadata(std::uint64_t prompt, std::optional<std::uint64_t> candidates) {
  json::object usage{{"promptTokenCount", prompt}};
  if (candidates) usage["candidatesTokenCount"] = *candidates;
  usage["totalTokenCount"] = prompt + candidates.value_or(0);
  usage["promptTokensDetails"] =
      json::array{json::object{{"modality", "TEXT"}, {"tokenCount", prompt}}};
  return usage;
}

// One GenerateContentResponse: a candidate with `parts` (none when blocked), its finishReason if
// it is the last, and the usage so far.
json::object response_object(const GeminiAnswer& a, json::array parts, bool last,
                             std::uint64_t candidates_tokens) {
  json::object r;
  if (a.blocked) {
    r["promptFeedback"] = {
        {"blockReason", "SAFETY"},
        {"safetyRatings", json::array{json::object{{"category", "HARM_CATEGORY_DANGEROUS_CONTENT"},
                                                   {"probability", "HIGH"},
                                                   {"blocked", true}}}}};
    r["usageMetadata"] = usage_metadata(a.prompt_tokens, std::nullopt);
  } else {
    json::object candidate{{"content", {{"parts", std::move(parts)}, {"role", "model"}}}};
    if (last) candidate["finishReason"] = "STOP";
    candidate["index"] = 0;
    r["candidates"] = json::array{std::move(candidate)};
    r["usageMetadata"] = usage_metadata(a.prompt_tokens, candidates_tokens);
  }
  r["modelVersion"] = a.model_version;
  r["responseId"] = a.response_id;
  return r;
}

json::array function_call_parts(const GeminiAnswer& a) {
  return json::array{json::object{
      {"functionCall",
       {{"name", a.function_call->name}, {"args", json::parse(a.function_call->arguments)}}},
      {"thoughtSignature", a.thought_signature}}};
}

json::array text_parts(std::string_view text) { return json::array{json::object{{"text", text}}}; }

// One element of the stream, framed: an SSE event, or an array element with its separator.
std::string framed(const json::value& chunk, GeminiFraming framing, std::size_t index) {
  if (framing == GeminiFraming::Sse) return fmt::format("data: {}\r\n\r\n", json::serialize(chunk));
  return fmt::format("{}{}", index == 0 ? "[" : ",\r\n", json::serialize(chunk));
}

json::object status_error(unsigned code, std::string_view name, std::string_view message) {
  return {{"code", code}, {"message", message}, {"status", name}};
}

// Both 429s: the free tier's quota message, with the metric, its limit and the model.
Reply resource_exhausted(std::string_view model_name, std::string_view quota_id,
                         std::string_view limit, std::chrono::seconds retry_delay) {
  const std::string message = fmt::format(
      "You exceeded your current quota, please check your plan and billing details. For more "
      "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To "
      "monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n* Quota "
      "exceeded for metric: {}, limit: {}, model: {}\nPlease retry in {}s.",
      kFreeTierMetric, limit, model_name, retry_delay.count());
  const json::array details{
      detail("Help",
             {{"links", json::array{json::object{
                            {"description", "Learn more about Gemini API quotas"},
                            {"url", "https://ai.google.dev/gemini-api/docs/rate-limits"}}}}}),
      detail(
          "QuotaFailure",
          {{"violations", json::array{json::object{
                              {"quotaMetric", kFreeTierMetric},
                              {"quotaId", quota_id},
                              {"quotaDimensions", {{"location", "global"}, {"model", model_name}}},
                              {"quotaValue", limit}}}}}),
      detail("RetryInfo", {{"retryDelay", fmt::format("{}s", retry_delay.count())}})};
  return gemini_error_reply(429, "RESOURCE_EXHAUSTED", message, details);
}

Reply rate_limited(std::string_view model_name, std::chrono::seconds retry_delay) {
  return resource_exhausted(model_name, "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                            "10", retry_delay);
}

Reply bad_key() {
  constexpr std::string_view kMessage = "API key not valid. Please pass a valid API key.";
  const json::array details{
      detail("ErrorInfo", {{"reason", "API_KEY_INVALID"},
                           {"domain", "googleapis.com"},
                           {"metadata", {{"service", "generativelanguage.googleapis.com"}}}}),
      detail("LocalizedMessage", {{"locale", "en-US"}, {"message", kMessage}})};
  return gemini_error_reply(400, "INVALID_ARGUMENT", kMessage, details);
}

Reply not_found(std::string_view model_name, std::string_view method) {
  return gemini_error_reply(
      404, "NOT_FOUND",
      fmt::format("models/{} is not found for API version v1beta, or is not supported for {}. "
                  "Call ListModels to see the list of available models and their supported "
                  "methods.",
                  model_name, method));
}

}  // namespace

std::string gemini_body(const GeminiAnswer& a) {
  json::array parts = a.function_call ? function_call_parts(a) : text_parts(a.text);
  return json::serialize(response_object(a, std::move(parts), true, a.candidates_tokens));
}

StreamScript gemini_stream_script(const GeminiAnswer& a, unsigned pieces, GeminiFraming framing) {
  StreamScript s;
  std::vector<json::object> chunks;
  if (a.blocked) {
    chunks.push_back(response_object(a, {}, true, 0));
  } else if (a.function_call) {
    chunks.push_back(response_object(a, function_call_parts(a), true, a.candidates_tokens));
  } else {
    const auto texts = split_pieces(a.text, pieces);
    std::size_t sent = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      sent += texts[i].size();
      chunks.push_back(
          response_object(a, text_parts(texts[i]), i + 1 == texts.size(), estimate_tokens(sent)));
    }
  }
  for (std::size_t i = 0; i < chunks.size(); ++i)
    s.content.push_back(framed(chunks[i], framing, i));
  std::size_t elements = chunks.size();
  if (chunks.empty()) {  // chunks=0: nothing to say, but the answer must still finish
    s.tail.push_back(framed(response_object(a, text_parts(""), true, 0), framing, 0));
    ++elements;
  }
  if (framing == GeminiFraming::JsonArray) s.tail.emplace_back(elements == 0 ? "[]" : "]");
  return s;
}

std::string gemini_midstream_error_event(GeminiFraming framing, std::size_t chunks_before) {
  const json::object error{{"error", status_error(503, "UNAVAILABLE", kOverloaded)}};
  std::string event = framed(error, framing, chunks_before);
  if (framing == GeminiFraming::JsonArray) event += "]";
  return event;
}

Headers gemini_headers() {
  return {{"content-type", "application/json; charset=UTF-8"},
          {"vary", "Origin, X-Origin, Referer"},
          {"x-content-type-options", "nosniff"}};
}

Headers gemini_stream_headers(GeminiFraming framing) {
  Headers h = gemini_headers();
  if (framing == GeminiFraming::Sse) {
    h.front().second = "text/event-stream";
    h.emplace_back("content-disposition", "attachment");
  }
  return h;
}

Reply gemini_error_reply(unsigned status, std::string_view status_name, std::string_view message,
                         const json::array& details) {
  json::object error = status_error(status, status_name, message);
  if (!details.empty()) error["details"] = details;
  return Reply{status, json::serialize(json::object{{"error", std::move(error)}}),
               gemini_headers()};
}

Reply gemini_failure_reply(const Behaviour& b, std::string_view model_name) {
  switch (b.failure) {
    case Failure::None: break;
    case Failure::Quota:
    case Failure::SpendLimit:
      return resource_exhausted(model_name, "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                                "250", kDailyQuotaRetryDelay);
    case Failure::RateLimit: return rate_limited(model_name, b.retry_after);
    case Failure::Overloaded: return gemini_error_reply(503, "UNAVAILABLE", kOverloaded);
    case Failure::ContextTooLong:
      return gemini_error_reply(400, "INVALID_ARGUMENT",
                                "The input token count (1196265) exceeds the maximum number of "
                                "tokens allowed (1048576).");
    case Failure::BadKey: return bad_key();
    case Failure::Status: break;
  }
  switch (b.status) {
    case 404: return not_found(model_name, "generateContent");
    case 429: return rate_limited(model_name, b.retry_after);
    case 503: return gemini_error_reply(503, "UNAVAILABLE", kOverloaded);
    default: break;
  }
  for (const auto& row : kStatusRows) {
    if (row.status == b.status) return gemini_error_reply(row.status, row.name, row.message);
  }
  const bool server_side = b.status >= 500;
  return gemini_error_reply(
      b.status, server_side ? "INTERNAL" : "INVALID_ARGUMENT",
      fmt::format("The fake provider was told to fail with HTTP {}.", b.status));
}

Reply gemini_missing_key_reply() {
  return gemini_error_reply(
      403, "PERMISSION_DENIED",
      "Method doesn't allow unregistered callers (callers without established identity). Please "
      "use API Key or other form of API consumer identity to call this API.");
}

Reply gemini_signature_reply(const SignatureProblem& problem) {
  if (problem.fault == SignatureFault::Corrupted)
    return gemini_error_reply(400, "INVALID_ARGUMENT", "Corrupted thought signature.");
  return gemini_error_reply(
      400, "INVALID_ARGUMENT",
      fmt::format("Function call is missing a thought_signature in functionCall parts. This is "
                  "required for tools to work correctly, and missing thought_signature may lead "
                  "to degraded model performance. Additional data, function call `default_api:{}` "
                  ", position {}. Please refer to "
                  "https://ai.google.dev/gemini-api/docs/thought-signatures for more details.",
                  problem.call->name, problem.call->position));
}

Reply gemini_unknown_method_reply(std::string_view model_name, std::string_view method) {
  return not_found(model_name, method);
}

std::string gemini_models_body() {
  struct Model {
    std::string_view id, display_name;
  };
  static constexpr Model kModels[] = {{"gemini-2.5-flash", "Gemini 2.5 Flash"},
                                      {"gemini-2.5-pro", "Gemini 2.5 Pro"},
                                      {"gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite"}};
  json::array models;
  for (const auto& m : kModels) {
    models.push_back(
        json::object{{"name", fmt::format("models/{}", m.id)},
                     {"version", "001"},
                     {"displayName", m.display_name},
                     {"inputTokenLimit", 1048576},
                     {"outputTokenLimit", 65536},
                     {"supportedGenerationMethods",
                      json::array{"generateContent", "countTokens", "streamGenerateContent"}},
                     {"thinking", true}});
  }
  return json::serialize(json::object{{"models", std::move(models)}});
}

}  // namespace sb::fake
