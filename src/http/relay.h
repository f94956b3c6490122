// Copies an upstream response to the client. An event stream goes event by event as the bytes
// arrive (never buffered whole); anything else is read whole (bounded) and sent with its length.
// A stream that breaks, or ends without its terminator, is ended for the client with an error
// event in the OpenAI dialect and no `[DONE]`, never as a clean end.
#pragma once

#include <cstddef>

#include "core/net.h"
#include "http/response_writer.h"
#include "http/upstream_client.h"

namespace sb {

// The largest non-streamed upstream body the gateway will hold.
inline constexpr std::size_t kMaxBufferedResponse = 64u * 1024 * 1024;

// Upstream response headers worth relaying: all but hop-by-hop and transport headers, which
// the gateway sets itself.
bool is_relayed_response_header(std::string_view name);

// `head` carries the status and the gateway's own headers; upstream headers are added here.
net::awaitable<void> relay_response(UpstreamExchange& exchange,
                                    http::response<http::empty_body> head, ResponseWriter& out);

}  // namespace sb
