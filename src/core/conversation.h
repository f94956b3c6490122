// The neutral model every dialect translates to and from (STYLE principle 2, hub and spoke): a
// request as a conversation, independent of how OpenAI Chat, Responses, Anthropic Messages or
// Gemini spell it. A translation goes client dialect -> Conversation -> upstream dialect, never
// dialect to dialect. Same dialect in and out never comes here: the body passes through.
//
// Shapes follow the strictest dialect, so that every source can be expressed and every target
// built without guessing:
//   - system instructions are separate from the turns (Anthropic, Gemini, Responses `instructions`);
//   - turns are user or assistant only; a tool's result is a part of a user turn (Anthropic
//     `tool_result`, Gemini `functionResponse`), an OpenAI `tool` message becomes one;
//   - a tool call's arguments stay the JSON text the model produced (OpenAI sends text, Anthropic
//     and Gemini objects: text round-trips exactly, an object is serialised once);
//   - sampling values are kept as given; each builder applies its API's limits.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sb {

struct TextPart {
  std::string text;
};

// An image: inline bytes (base64) or a URL the provider fetches.
struct ImagePart {
  std::string media_type;  // inline only: image/png, image/jpeg, ...
  std::string data;        // inline only: base64, as sent
  std::string url;         // by reference only
  bool is_inline() const { return url.empty(); }
};

struct ToolCallPart {
  std::string id;         // the call's id, echoed by its result
  std::string name;
  std::string arguments;  // a JSON object, as text
};

struct ToolResultPart {
  std::string call_id;
  std::string text;  // the result's text (text parts joined)
  bool is_error = false;
};

// Model reasoning a provider asks to get back on the next turn (Anthropic thinking blocks with
// their signature, Gemini thoughtSignature).
struct ThinkingPart {
  std::string text;
  std::string signature;
};

using Part = std::variant<TextPart, ImagePart, ToolCallPart, ToolResultPart, ThinkingPart>;

enum class Role { User, Assistant };

struct Turn {
  Role role = Role::User;
  std::vector<Part> parts;
};

struct ToolSpec {
  std::string name;
  std::string description;
  boost::json::value parameters;  // a JSON Schema object
};

struct ToolChoice {
  enum class Kind { Auto, None, Required, Named };
  Kind kind = Kind::Auto;
  std::string name;  // Named
};

struct Conversation {
  std::string model;
  std::vector<std::string> system;  // system / developer instructions, in order
  std::vector<Turn> turns;
  std::vector<ToolSpec> tools;
  std::optional<ToolChoice> tool_choice;
  bool parallel_tool_calls = true;
  std::optional<std::int64_t> max_tokens;
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::vector<std::string> stop;
  bool stream = false;
  bool include_usage = false;  // the client asked for usage in its stream (OpenAI Chat)
};

// ---- The answer ------------------------------------------------------------------------------

// Why the model stopped, in the terms every dialect can say (PROVIDERS.md §10).
enum class StopReason { Done, Length, ToolUse, Filtered, ContextFull, Error };

// Token counts with one meaning whatever the provider (PROVIDERS.md §11): `input` excludes the
// cached tokens (read or written), `output` includes reasoning.
struct Usage {
  std::int64_t input = 0;
  std::int64_t cache_read = 0;
  std::int64_t cache_write = 0;
  std::int64_t output = 0;
  std::int64_t reasoning = 0;  // part of output
  std::int64_t prompt_total() const { return input + cache_read + cache_write; }
};

// A whole (non-streamed) answer.
struct Reply {
  std::string id;
  std::string model;
  std::vector<Part> parts;  // text, tool calls, thinking
  StopReason stop = StopReason::Done;
  std::optional<Usage> usage;
};

}  // namespace sb
