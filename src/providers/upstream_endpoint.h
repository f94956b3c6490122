// The HTTP request a deployment is sent, by the dialect it is spoken to in
// (providers/translation.h upstream_dialect): each adapter's path, auth and quirks. `facts` are
// the client request's (whether it streams; its longest tool-call id).
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/dialect.h"
#include "core/net.h"
#include "http/upstream_url.h"
#include "providers/chat_request.h"

namespace sb {

http::request<http::string_body> upstream_http_request(Dialect dialect,
                                                       const AccountConfig& account,
                                                       const UpstreamUrl& url,
                                                       std::string_view model, std::string body,
                                                       const ChatRequestFacts& facts);

// The cheapest call an account's provider offers, for active probes: its model listing (free
// everywhere, and it checks the key).
http::request<http::string_body> probe_http_request(const AccountConfig& account,
                                                    const UpstreamUrl& url);

}  // namespace sb
