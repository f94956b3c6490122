#include "providers/anthropic_encode.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/ascii.h"
#include "providers/sse_write.h"

namespace sb {

namespace json = boost::json;

namespace {

// Anthropic's own order of the usage fields.
json::object usage_object(const Usage& u) {
  return json::object{{"input_tokens", u.input},
                      {"cache_creation_input_tokens", u.cache_write},
                      {"cache_read_input_tokens", u.cache_read},
                      {"output_tokens", u.output}};
}

// A tool call's arguments as the object Anthropic's `input` must be.
json::object tool_input(const ToolCallPart& call) {
  if (call.arguments.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(call.arguments, ec);
  if (!ec && v.is_object()) return std::move(v.as_object());
  spdlog::debug("tool call `{}` arguments are not a JSON object: sent as {{}}", call.name);
  return {};
}

std::string error_event(std::string_view message) {
  const std::string_view type =
      ascii_icontains(message, "overloaded") ? "overloaded_error" : "api_error";
  return sse_event("error", anthropic_error_object(type, message));
}

}  // namespace

std::string anthropic_message_id(std::string_view upstream_id) {
  constexpr std::string_view kOpenAiPrefix = "chatcmpl-";
  if (upstream_id.starts_with(kOpenAiPrefix)) upstream_id.remove_prefix(kOpenAiPrefix.size());
  return "msg_" + std::string(upstream_id);
}

std::string_view anthropic_stop_word(StopReason reason) {
  switch (reason) {
    case StopReason::Done: return "end_turn";
    case StopReason::Length: return "max_tokens";
    case StopReason::ToolUse: return "tool_use";
    case StopReason::Filtered: return "refusal";
    case StopReason::ContextFull: return "model_context_window_exceeded";
    case StopReason::Error: return "end_turn";
  }
  return "end_turn";
}

std::string build_anthropic_message(const Reply& reply) {
  json::array content;
  for (const auto& part : reply.parts) {
    if (const auto* t = std::get_if<TextPart>(&part)) {
      if (!t->text.empty()) content.push_back(json::object{{"type", "text"}, {"text", t->text}});
    } else if (const auto* c = std::get_if<ToolCallPart>(&part)) {
      content.push_back(json::object{
          {"type", "tool_use"}, {"id", c->id}, {"name", c->name}, {"input", tool_input(*c)}});
    } else if (const auto* th = std::get_if<ThinkingPart>(&part)) {
      if (!th->signature.empty()) {
        content.push_back(json::object{
            {"type", "thinking"}, {"thinking", th->text}, {"signature", th->signature}});
      }
    }
  }
  return json::serialize(json::object{{"id", anthropic_message_id(reply.id)},
                                      {"type", "message"},
                                      {"role", "assistant"},
                                      {"model", reply.model},
                                      {"content", std::move(content)},
                                      {"stop_reason", anthropic_stop_word(reply.stop)},
                                      {"stop_sequence", nullptr},
                                      {"usage", usage_object(reply.usage.value_or(Usage{}))}});
}

json::object anthropic_error_object(std::string_view type, std::string_view message) {
  return json::object{{"type", "error"},
                      {"error", json::object{{"type", type}, {"message", message}}}};
}

std::string anthropic_error_body(std::string_view type, std::string_view message) {
  return json::serialize(anthropic_error_object(type, message));
}

std::string AnthropicStreamEncoder::start(std::string_view id, std::string_view model) {
  started_ = true;
  return sse_event("message_start",
                   json::object{{"type", "message_start"},
                                {"message", json::object{{"id", anthropic_message_id(id)},
                                                         {"type", "message"},
                                                         {"role", "assistant"},
                                                         {"content", json::array{}},
                                                         {"model", model},
                                                         {"stop_reason", nullptr},
                                                         {"stop_sequence", nullptr},
                                                         {"usage", usage_object(usage_)}}}});
}

std::string AnthropicStreamEncoder::close_block() {
  if (open_ == Block::None) return {};
  open_ = Block::None;
  return sse_event("content_block_stop",
                   json::object{{"type", "content_block_stop"}, {"index", open_index_}});
}

std::string AnthropicStreamEncoder::open_block(Block kind, json::object content_block) {
  std::string out = close_block();
  open_ = kind;
  open_index_ = next_index_++;
  out +=
      sse_event("content_block_start", json::object{{"type", "content_block_start"},
                                                    {"index", open_index_},
                                                    {"content_block", std::move(content_block)}});
  return out;
}

std::string AnthropicStreamEncoder::encode(const StreamEvent& e) {
  using Kind = StreamEvent::Kind;
  if (ended_) return {};
  // An error may end a stream that never started: it needs no message_start before it.
  std::string out = started_ || e.kind == Kind::Start || e.kind == Kind::Error ? "" : start("", "");
  switch (e.kind) {
    case Kind::Start:
      if (!started_) out += start(e.id, e.model);
      break;
    case Kind::Text:
      if (e.text.empty()) break;
      if (open_ != Block::Text) out += open_block(Block::Text, {{"type", "text"}, {"text", ""}});
      out += sse_event(
          "content_block_delta",
          json::object{{"type", "content_block_delta"},
                       {"index", open_index_},
                       {"delta", json::object{{"type", "text_delta"}, {"text", e.text}}}});
      break;
    case Kind::CallStart:
      out += open_block(
          Block::Tool,
          {{"type", "tool_use"}, {"id", e.id}, {"name", e.name}, {"input", json::object{}}});
      block_of_call_[e.call] = open_index_;
      break;
    case Kind::ArgsDelta: {
      const auto it = block_of_call_.find(e.call);
      if (e.text.empty() || it == block_of_call_.end()) break;
      if (open_ != Block::Tool || it->second != open_index_) {
        spdlog::debug("arguments for tool call {} after its block closed: dropped", e.call);
        break;
      }
      out += sse_event("content_block_delta",
                       json::object{{"type", "content_block_delta"},
                                    {"index", open_index_},
                                    {"delta", json::object{{"type", "input_json_delta"},
                                                           {"partial_json", e.text}}}});
      break;
    }
    case Kind::Stop: stop_ = e.stop; break;
    case Kind::UsageUpdate: usage_ = e.usage; break;
    case Kind::End: {
      ended_ = true;
      if (stop_ == StopReason::Error) {
        out += error_event("the upstream ended the answer with an error");
        break;
      }
      // No finish_reason at all: a stream that called tools still asks for their results.
      const StopReason stop =
          stop_.value_or(block_of_call_.empty() ? StopReason::Done : StopReason::ToolUse);
      out += close_block();
      out +=
          sse_event("message_delta",
                    json::object{{"type", "message_delta"},
                                 {"delta", json::object{{"stop_reason", anthropic_stop_word(stop)},
                                                        {"stop_sequence", nullptr}}},
                                 {"usage", usage_object(usage_)}});
      out += sse_event("message_stop", json::object{{"type", "message_stop"}});
      break;
    }
    case Kind::Error:
      ended_ = true;
      out += error_event(e.error_message.empty() ? "the upstream stream failed" : e.error_message);
      break;
    case Kind::Thinking: break;
  }
  return out;
}

}  // namespace sb
