// The HTTP request a deployment is sent, by the dialect it is spoken to in
// (providers/translation.h upstream_dialect): each adapter's path and auth.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/dialect.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

http::request<http::string_body> upstream_http_request(Dialect dialect,
                                                       const AccountConfig& account,
                                                       const UpstreamUrl& url,
                                                       std::string_view model, std::string body,
                                                       bool stream);

}  // namespace sb
