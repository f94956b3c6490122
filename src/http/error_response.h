// Gateway errors rendered for a client in the OpenAI dialect:
// {"error":{"message","type","param","code"}} with the status of the error's kind.
// (The Anthropic and Responses surfaces add their own renderers beside this one.)
#pragma once

#include <string>

#include "core/error.h"
#include "core/net.h"

namespace sb {

std::string openai_error_body(const GatewayError& error);

http::response<http::string_body> openai_error_response(const GatewayError& error,
                                                        unsigned http_version, bool keep_alive);

}  // namespace sb
