// Gateway errors rendered for a client in its own dialect, with the status of the error's kind:
//   OpenAI     {"error":{"message","type","param","code"}}
//   Anthropic  {"type":"error","error":{"type","message"}}
// A failure inside a stream that has started is an event in the same words (stream_error_event).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/dialect.h"
#include "core/error.h"
#include "core/net.h"
#include "http/response_writer.h"

namespace sb {

// The error as a JSON object, for a caller that adds to it (the exhausted answer).
boost::json::object error_object(Dialect dialect, const GatewayError& error);
std::string openai_error_body(const GatewayError& error);
std::string anthropic_error_body(const GatewayError& error);
std::string error_body(Dialect dialect, const GatewayError& error);
// The SSE event that ends a started stream with `error`.
std::string stream_error_event(Dialect dialect, const GatewayError& error);

// Sends `error` as a whole response, with `extra` headers (the gateway's own, such as
// x-switchboard-deployment) when given. False when the client is gone.
net::awaitable<bool> send_error(ResponseWriter& out, Dialect dialect, const GatewayError& error,
                                const http::fields* extra = nullptr);
net::awaitable<bool> send_openai_error(ResponseWriter& out, const GatewayError& error,
                                       const http::fields* extra = nullptr);

// Copies every field of `from` into `to`, replacing fields of the same name.
void copy_fields(const http::fields& from, http::fields& to);

}  // namespace sb
