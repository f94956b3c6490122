// The request fields every client dialect (Chat Completions, Messages, Responses) spells and
// checks alike, read into the Conversation by one piece of code so that the dialects cannot drift
// apart in what they accept or in the 400 they answer. What a dialect spells its own way stays in
// its parser (*_parse.cpp); the JSON readers these build on are in json_fields.h.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/conversation.h"
#include "core/error.h"

namespace sb {

// The request body `text` as a JSON object, its `model` read into `c`: a 400 when the body is not
// an object or `model` not a string.
Result<boost::json::object> read_request(std::string_view text, Conversation& c);

// `temperature`, then `top_p`: absent, null or a number (json_fields.h optional_number).
Result<void> read_sampling(const boost::json::object& body, Conversation& c);

// A function tool called `name`, with the string `description` and the object at `schema_key`
// of `declaration` when they are there; a tool without a schema takes no arguments.
ToolSpec function_tool(std::string_view name, const boost::json::object& declaration,
                       std::string_view schema_key);

// How a dialect whose `tools` is one flat list of objects (Messages, Responses) spells a
// function tool: {type, name, description, <schema_key>}.
struct FlatToolSpelling {
  std::string_view function_type;  // the `type` of a function tool
  bool type_required = true;       // false: a tool without a `type` is a function tool too
  std::string_view schema_key;     // where its JSON Schema is
  std::string_view missing_name;   // the 400's message for a function tool without a `name`
};

// `tools` (absent or null: none) into Conversation::tools. Any other tool type is one only the
// client's provider runs (hosted or server tools): a model without it would answer differently,
// so it is a 400 naming `tools[i].type`.
Result<void> read_flat_tools(const boost::json::object& body, const FlatToolSpelling& spelling,
                             Conversation& c);

}  // namespace sb
