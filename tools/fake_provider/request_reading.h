// What every dialect's request reader shares: how much text a content value holds (for a
// deterministic token count) and which tool call the fake answers with. Each dialect spells its
// tools and its tool choice differently (Chat `tools[].function`, Messages `tools[]` with
// `input_schema`, Responses flat `tools[]`, Gemini `functionDeclarations`); it translates them
// into ToolDeclaration and ToolChoice, and the plan is then made the same way for all: the named
// tool, else the first one, with arguments sampled from its parameter schema.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sb::fake {

struct ToolCallPlan {
  std::string name;
  std::string arguments;  // a JSON object serialised as text, as the wire carries it
};

// A function tool as the request declares it.
struct ToolDeclaration {
  std::string name;
  const boost::json::value* schema = nullptr;  // its parameters' schema; null when absent
};

// Which declared tool the caller lets the fake call.
struct ToolChoice {
  bool refused = false;  // tools may not be called: answer with text
  std::string name;      // call this one; "" = the first declared
};

// The call to answer with: nullopt when no tool is declared, the choice refuses them, or it names
// a tool that is not declared (check names_unknown_tool first: every dialect refuses that).
std::optional<ToolCallPlan> plan_tool_call(const std::vector<ToolDeclaration>& tools,
                                           const ToolChoice& choice);
bool names_unknown_tool(const std::vector<ToolDeclaration>& tools, const ToolChoice& choice);

// The plan for a request whose tools are one flat list (Chat, Messages, Responses): `declare`
// reads each element of `tools` (a JSON array; anything else declares none) as a declaration,
// nullopt (a tool of another kind, skipped) or the dialect's error; a choice naming an undeclared
// tool is refused with `unknown_tool(name)`.
template <class Declare, class UnknownTool>
Result<std::optional<ToolCallPlan>> plan_from_tool_list(const boost::json::value* tools,
                                                        const ToolChoice& choice, Declare declare,
                                                        UnknownTool unknown_tool) {
  std::vector<ToolDeclaration> declared;
  const auto* list = tools ? tools->if_array() : nullptr;
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    Result<std::optional<ToolDeclaration>> one = declare(i, (*list)[i]);
    if (!one) return one.error();
    if (*one) declared.push_back(std::move(**one));
  }
  if (names_unknown_tool(declared, choice)) return unknown_tool(choice.name);
  return plan_tool_call(declared, choice);
}

// An object with each property of a JSON-schema (or OpenAPI-schema) `properties` object set to a
// sample of its type: string "sample", number/integer 1, boolean true, array [], object {},
// anything else null. Type names match in any case (Gemini's schemas say "STRING").
std::string sample_arguments(const boost::json::object& properties);

// The bytes of text in a content value: a string, or the `text` of each element of an array
// (OpenAI content parts, Anthropic content blocks, Gemini parts, Responses input_text parts;
// other elements count nothing).
std::size_t text_chars(const boost::json::value& content);

// obj[key] when it is a string, else "".
std::string_view string_at(const boost::json::object& obj, std::string_view key);

}  // namespace sb::fake
