#include "providers/usage_meter.h"

#include <algorithm>
#include <boost/json.hpp>

#include "providers/anthropic_reply.h"
#include "providers/gemini_decode.h"
#include "providers/json_fields.h"
#include "providers/openai_chat_decode.h"

namespace sb {

namespace json = boost::json;

Usage responses_usage(const json::object& usage) {
  Usage u;
  if (const json::object* details = object_field(usage, "input_tokens_details")) {
    u.cache_read = count_field(*details, "cached_tokens");
  }
  u.input = std::max<std::int64_t>(0, count_field(usage, "input_tokens") - u.cache_read);
  u.output = count_field(usage, "output_tokens");
  if (const json::object* details = object_field(usage, "output_tokens_details")) {
    u.reasoning = count_field(*details, "reasoning_tokens");
  }
  return u;
}

namespace {

// Where a dialect's answer keeps its counts, and how to read them.
struct Counts {
  std::string_view key;
  std::string_view quoted_key;  // what an event that may carry them contains
  Usage (*read)(const json::object&);
};

Counts counts_of(Dialect dialect) {
  switch (dialect) {
    case Dialect::OpenAIChat: return {"usage", "\"usage\"", openai_chat_usage};
    case Dialect::AnthropicMessages: return {"usage", "\"usage\"", anthropic_usage};
    case Dialect::OpenAIResponses: return {"usage", "\"usage\"", responses_usage};
    case Dialect::Gemini: return {"usageMetadata", "\"usageMetadata\"", gemini_usage};
  }
  return {"usage", "\"usage\"", openai_chat_usage};
}

// Where the JSON object starting at `begin` ends (one past its `}`), or npos when it does not.
std::size_t object_end(std::string_view text, std::size_t begin) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The counts in the object after the last `"KEY":` of a whole answer, parsed alone: every dialect
// writes its counts after the content (OpenAI's usage after choices, Anthropic's after content,
// Gemini's usageMetadata after candidates, Responses' after output), so the last occurrence is the
// top-level one, and the answer itself need not be parsed again (the relay sends it as it is). A
// key inside a string cannot match: its quotes would be escaped. The object is small, so it is
// parsed into a buffer on the stack: no allocation on the request path.
// Where the object value of the last `"KEY": {` begins, skipping matches that are string values
// (a Responses answer echoes `user` and `metadata`, which a client may set to "usage").
std::size_t last_object_key(std::string_view body, std::string_view quoted_key) {
  auto skip_space = [&](std::size_t i) {
    while (i < body.size() &&
           (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
      ++i;
    }
    return i;
  };
  for (std::size_t at = body.rfind(quoted_key); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : body.rfind(quoted_key, at - 1)) {
    std::size_t i = skip_space(at + quoted_key.size());
    if (i >= body.size() || body[i] != ':') continue;
    i = skip_space(i + 1);
    if (i < body.size() && body[i] == '{') return i;
  }
  return std::string_view::npos;
}

std::optional<Usage> read_last_counts(std::string_view body, const Counts& counts) {
  const std::size_t i = last_object_key(body, counts.quoted_key);
  if (i == std::string_view::npos) return std::nullopt;
  const std::size_t end = object_end(body, i);
  if (end == std::string_view::npos) return std::nullopt;
  unsigned char buffer[4096];
  json::monotonic_resource memory(buffer, sizeof buffer);
  json::error_code ec;
  const json::value v = json::parse(body.substr(i, end - i), ec, &memory);
  if (ec || !v.is_object()) return std::nullopt;
  return counts.read(v.get_object());
}

}  // namespace

void UsageMeter::read_body(std::string_view body) {
  if (auto u = read_last_counts(body, counts_of(dialect_))) usage_ = *u;
}

void UsageMeter::read_event(const SseEvent& event) {
  const std::string_view data = event.data;
  const Counts counts = counts_of(dialect_);
  // OpenAI Chat chunks and Gemini chunks carry their counts at the top, last, like a whole
  // answer: read that object alone (most chunks have `"usage":null` or none, and are not parsed).
  if (dialect_ == Dialect::OpenAIChat || dialect_ == Dialect::Gemini) {
    if (auto u = read_last_counts(data, counts)) usage_ = *u;
    return;
  }
  const bool anthropic = dialect_ == Dialect::AnthropicMessages;
  // Cheap checks first: most events carry no counts.
  const bool start = anthropic && data.find("\"message_start\"") != std::string_view::npos;
  if (anthropic ? !start && data.find("\"message_delta\"") == std::string_view::npos
                : data.find(counts.quoted_key) == std::string_view::npos) {
    return;
  }
  const auto doc = parse_object(data);
  if (!doc) return;
  // Anthropic's message_start and Responses' events hold the counts one level down.
  const json::object* holder = &*doc;
  if (start) holder = object_field(*doc, "message");
  if (dialect_ == Dialect::OpenAIResponses) holder = object_field(*doc, "response");
  const json::object* u = holder ? object_field(*holder, counts.key) : nullptr;
  if (!u) return;
  if (anthropic) {
    Usage merged = usage_.value_or(Usage{});
    merge_anthropic_usage(*u, merged);
    usage_ = merged;
  } else {
    usage_ = counts.read(*u);
  }
}

}  // namespace sb
