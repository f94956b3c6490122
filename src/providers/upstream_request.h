// What every adapter's upstream request shares: a JSON POST to a path under the account's
// base_url, with identity encoding (the gateway reads streams as they pass: events, usage,
// errors) and our user agent. Each adapter then adds its own auth, and the account's extra
// `headers` last, so a user can override anything.
#pragma once

#include <string>

#include "config/config.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

http::request<http::string_body> json_post(const UpstreamUrl& url, std::string_view path,
                                           std::string body, bool stream);

// A GET (the probes' model listings), with the same host, encoding and user agent.
http::request<http::string_body> json_get(const UpstreamUrl& url, std::string_view path);

void add_account_headers(http::request<http::string_body>& req, const AccountConfig& account);

// The account's key in `header` (after `prefix`, e.g. "Bearer "), when it has one, then its extra
// headers: every adapter's auth, differing only in the header.
void authorize(http::request<http::string_body>& req, const AccountConfig& account,
               std::string_view header, std::string_view prefix = {});

}  // namespace sb
