// Gateway errors rendered for a client in the OpenAI dialect:
// {"error":{"message","type","param","code"}} with the status of the error's kind.
// (The Anthropic and Responses surfaces add their own renderers beside this one.)
#pragma once

#include <string>

#include "core/error.h"
#include "core/net.h"
#include "http/response_writer.h"

namespace sb {

std::string openai_error_body(const GatewayError& error);

// Sends `error` as a whole response, with `extra` headers (the gateway's own, such as
// x-switchboard-deployment) when given. False when the client is gone.
net::awaitable<bool> send_openai_error(ResponseWriter& out, const GatewayError& error,
                                       const http::fields* extra = nullptr);

// Copies every field of `from` into `to`, replacing fields of the same name.
void copy_fields(const http::fields& from, http::fields& to);

}  // namespace sb
