#include "providers/gemini_decode.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <optional>

#include "providers/chunk_error.h"
#include "providers/gemini_call_id.h"
#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

GatewayError not_a_reply(std::string_view why) {
  return upstream_protocol_error("the Gemini answer is not a generateContent response: " +
                                 std::string(why));
}

const json::array* parts_of(const json::object* candidate) {
  const json::object* content = candidate ? object_field(*candidate, "content") : nullptr;
  const auto* parts = content ? content->if_contains("parts") : nullptr;
  return parts ? parts->if_array() : nullptr;
}

std::string block_reason(const json::object& response) {
  const json::object* feedback = object_field(response, "promptFeedback");
  return feedback ? text_field(*feedback, "blockReason") : std::string();
}

bool is_thought(const json::object& part) {
  const auto* thought = part.if_contains("thought");
  return thought && thought->is_bool() && thought->as_bool();
}

// The `n`-th call of answer `response_id` as the client will see it.
ToolCallPart tool_call(const json::object& part, const json::object& call,
                       std::string_view response_id, int n) {
  const std::string gemini_id = text_field(call, "id");
  const std::string signature = text_field(part, "thoughtSignature");
  const auto* args = call.if_contains("args");
  return ToolCallPart{gemini_id.empty() ? synthesised_gemini_call_id(response_id, n, signature)
                                        : gemini_call_id(gemini_id, signature),
                      text_field(call, "name"),
                      args && args->is_object() ? json::serialize(*args) : std::string("{}")};
}

bool looks_like_a_response(const json::object& o) {
  return o.contains("candidates") || o.contains("promptFeedback") || o.contains("usageMetadata");
}

}  // namespace

StopReason gemini_stop_reason(std::string_view reason, bool had_calls) {
  static constexpr std::array<std::string_view, 9> kFiltered = {
      "SAFETY",   "RECITATION",   "BLOCKLIST",        "PROHIBITED_CONTENT",      "SPII",
      "LANGUAGE", "IMAGE_SAFETY", "IMAGE_RECITATION", "IMAGE_PROHIBITED_CONTENT"};
  if (reason == "STOP") return had_calls ? StopReason::ToolUse : StopReason::Done;
  if (reason == "MAX_TOKENS") return StopReason::Length;
  if (std::find(kFiltered.begin(), kFiltered.end(), reason) != kFiltered.end()) {
    return StopReason::Filtered;
  }
  return StopReason::Error;
}

Usage gemini_usage(const json::object& usage_metadata) {
  Usage u;
  u.cache_read = count_field(usage_metadata, "cachedContentTokenCount");
  // A server that reports more cached than prompt tokens must not make `input` negative.
  u.input =
      std::max<std::int64_t>(0, count_field(usage_metadata, "promptTokenCount") - u.cache_read);
  u.reasoning = count_field(usage_metadata, "thoughtsTokenCount");
  u.output = count_field(usage_metadata, "candidatesTokenCount") + u.reasoning;
  return u;
}

Result<Reply> parse_gemini_reply(std::string_view body) {
  const auto doc = parse_object(body);
  if (!doc) return not_a_reply("not a JSON object");
  const json::object& r = *doc;
  const json::object* candidate = first_object(r, "candidates");
  const std::string blocked = block_reason(r);
  if (!candidate && blocked.empty()) return not_a_reply("no candidates");

  Reply reply;
  reply.id = text_field(r, "responseId");
  reply.model = text_field(r, "modelVersion");
  bool had_calls = false;
  int calls = 0;
  if (const json::array* parts = parts_of(candidate)) {
    for (const auto& v : *parts) {
      const json::object* part = v.if_object();
      if (!part) continue;
      if (const json::object* call = object_field(*part, "functionCall")) {
        reply.parts.push_back(tool_call(*part, *call, reply.id, calls++));
        had_calls = true;
        continue;
      }
      std::string text = text_field(*part, "text");
      if (text.empty()) continue;
      // Gemini may split one text over several parts: a neighbour of the same kind continues it.
      if (is_thought(*part)) {
        auto* last = reply.parts.empty() ? nullptr : std::get_if<ThinkingPart>(&reply.parts.back());
        if (last) {
          last->text += text;
        } else {
          reply.parts.push_back(ThinkingPart{std::move(text), ""});
        }
      } else {
        auto* last = reply.parts.empty() ? nullptr : std::get_if<TextPart>(&reply.parts.back());
        if (last) {
          last->text += text;
        } else {
          reply.parts.push_back(TextPart{std::move(text)});
        }
      }
    }
  }
  if (!candidate) {
    reply.stop = StopReason::Filtered;  // the prompt was blocked: no candidate at all
  } else if (const std::string reason = text_field(*candidate, "finishReason"); reason.empty()) {
    reply.stop = had_calls ? StopReason::ToolUse : StopReason::Done;
  } else {
    reply.stop = gemini_stop_reason(reason, had_calls);
  }
  if (const json::object* usage = object_field(r, "usageMetadata")) {
    reply.usage = gemini_usage(*usage);
  }
  return reply;
}

ErrorWords gemini_error_words(std::string_view body) {
  const ErrorWords as_text{"api_error", std::string(body)};
  boost::system::error_code ec;
  const json::value doc = json::parse(body, ec);
  if (ec) return as_text;
  const json::value* top = &doc;
  if (const json::array* list = doc.if_array(); list && !list->empty()) top = &list->front();
  const json::object* o = top->if_object();
  const json::object* error = o ? object_field(*o, "error") : nullptr;
  if (!error) return as_text;

  const std::string status = text_field(*error, "status");
  std::string type = "api_error";
  if (status == "INVALID_ARGUMENT" || status == "FAILED_PRECONDITION" || status == "OUT_OF_RANGE") {
    type = "invalid_request_error";
  } else if (status == "UNAUTHENTICATED") {
    type = "authentication_error";
  } else if (status == "PERMISSION_DENIED") {
    type = "permission_error";
  } else if (status == "NOT_FOUND") {
    type = "not_found_error";
  } else if (status == "RESOURCE_EXHAUSTED") {
    type = "rate_limit_error";
  } else if (status == "UNAVAILABLE") {
    type = "overloaded_error";
  }
  if (const auto* details = error->if_contains("details"); details && details->is_array()) {
    for (const auto& d : details->as_array()) {
      const json::object* detail = d.if_object();
      if (detail && text_field(*detail, "reason") == "API_KEY_INVALID") {
        type = "authentication_error";
      }
    }
  }
  std::string message = text_field(*error, "message");
  return ErrorWords{std::move(type), message.empty() ? std::string(body) : std::move(message)};
}

std::vector<StreamEvent> GeminiStreamDecoder::decode(const SseEvent& event) {
  std::vector<StreamEvent> out;
  if (failed_ || !event.has_data) return out;
  const auto doc = parse_object(event.data);
  if (!doc) return out;
  const json::object& chunk = *doc;

  if (auto error = chunk_error(chunk, event.data)) {
    failed_ = true;
    out.push_back(std::move(*error));
    return out;
  }
  if (!looks_like_a_response(chunk)) return out;

  if (!started_) {
    started_ = true;
    response_id_ = text_field(chunk, "responseId");
    StreamEvent start = StreamEvent::of(StreamEvent::Kind::Start);
    start.id = response_id_;
    start.model = text_field(chunk, "modelVersion");
    out.push_back(std::move(start));
  }

  const json::object* candidate = first_object(chunk, "candidates");
  if (const json::array* parts = parts_of(candidate)) {
    for (const auto& v : *parts) {
      const json::object* part = v.if_object();
      if (!part) continue;
      if (const json::object* call = object_field(*part, "functionCall")) {
        // Gemini sends each call whole, in one part: its start and all of its arguments.
        const int n = calls_++;
        ToolCallPart whole = tool_call(*part, *call, response_id_, n);
        StreamEvent start = StreamEvent::of(StreamEvent::Kind::CallStart);
        start.call = n;
        start.id = std::move(whole.id);
        start.name = std::move(whole.name);
        out.push_back(std::move(start));
        StreamEvent args = StreamEvent::of(StreamEvent::Kind::ArgsDelta);
        args.call = n;
        args.text = std::move(whole.arguments);
        out.push_back(std::move(args));
        continue;
      }
      std::string text = text_field(*part, "text");
      if (text.empty()) continue;  // Gemini 3 may send a signature alone on an empty text part
      StreamEvent e = StreamEvent::of(is_thought(*part) ? StreamEvent::Kind::Thinking
                                                        : StreamEvent::Kind::Text);
      e.text = std::move(text);
      out.push_back(std::move(e));
    }
  }

  std::optional<StopReason> stop;
  if (candidate) {
    if (std::string reason = text_field(*candidate, "finishReason"); !reason.empty()) {
      stop = gemini_stop_reason(reason, calls_ > 0);
    }
  } else if (!block_reason(chunk).empty()) {
    stop = StopReason::Filtered;
  }
  if (stop && !stopped_) {
    stopped_ = true;
    StreamEvent e = StreamEvent::of(StreamEvent::Kind::Stop);
    e.stop = *stop;
    out.push_back(std::move(e));
  }

  if (const json::object* usage = object_field(chunk, "usageMetadata")) {
    StreamEvent e = StreamEvent::of(StreamEvent::Kind::UsageUpdate);
    e.usage = gemini_usage(*usage);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<StreamEvent> GeminiStreamDecoder::finish() {
  if (failed_ || !stopped_) return {};
  return {StreamEvent::of(StreamEvent::Kind::End)};
}

}  // namespace sb
