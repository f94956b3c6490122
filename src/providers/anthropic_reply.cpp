#include "providers/anthropic_reply.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "providers/json_fields.h"

namespace sb {

namespace json = boost::json;

namespace {

GatewayError not_a_reply(std::string_view why) {
  return upstream_protocol_error("the Anthropic answer is not a message: " + std::string(why));
}

}  // namespace

StopReason anthropic_stop_reason(std::string_view reason) {
  if (reason == "max_tokens") return StopReason::Length;
  if (reason == "tool_use") return StopReason::ToolUse;
  if (reason == "refusal") return StopReason::Filtered;
  if (reason == "model_context_window_exceeded") return StopReason::ContextFull;
  return StopReason::Done;
}

Usage anthropic_usage(const json::object& usage) {
  Usage u;
  u.input = count_field(usage, "input_tokens");
  u.cache_read = count_field(usage, "cache_read_input_tokens");
  u.cache_write = count_field(usage, "cache_creation_input_tokens");
  u.output = count_field(usage, "output_tokens");
  return u;
}

void merge_anthropic_usage(const json::object& counts, Usage& usage) {
  const Usage latest = anthropic_usage(counts);
  if (counts.contains("input_tokens")) usage.input = latest.input;
  if (counts.contains("cache_read_input_tokens")) usage.cache_read = latest.cache_read;
  if (counts.contains("cache_creation_input_tokens")) usage.cache_write = latest.cache_write;
  if (counts.contains("output_tokens")) usage.output = latest.output;
}

Result<Reply> parse_anthropic_reply(std::string_view body) {
  const auto doc = parse_object(body);
  if (!doc) return not_a_reply("not a JSON object");
  const json::object& m = *doc;
  const auto* content = m.if_contains("content");
  if (!content || !content->is_array()) return not_a_reply("no content array");

  Reply reply;
  reply.id = text_field(m, "id");
  reply.model = text_field(m, "model");
  reply.stop = anthropic_stop_reason(text_field(m, "stop_reason"));
  if (const auto* usage = m.if_contains("usage"); usage && usage->is_object()) {
    reply.usage = anthropic_usage(usage->as_object());
  }
  for (const auto& b : content->as_array()) {
    const json::object* block = b.if_object();
    if (!block) continue;
    const std::string type = text_field(*block, "type");
    if (type == "text") {
      reply.parts.push_back(TextPart{text_field(*block, "text")});
    } else if (type == "tool_use") {
      const auto* input = block->if_contains("input");
      reply.parts.push_back(ToolCallPart{text_field(*block, "id"), text_field(*block, "name"),
                                         input ? json::serialize(*input) : "{}"});
    } else if (type == "thinking") {
      reply.parts.push_back(
          ThinkingPart{text_field(*block, "thinking"), text_field(*block, "signature")});
    } else {
      spdlog::debug("Anthropic content block `{}` has no neutral form: dropped", type);
    }
  }
  return reply;
}

}  // namespace sb
