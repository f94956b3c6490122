// The Anthropic adapter (type `anthropic`), transport side: where a Messages request goes and
// how it authenticates (PROVIDERS.md §2). The body comes from the translation
// (providers/anthropic_build.h); `base_url` is the host, without the version path, as in
// Anthropic's SDKs.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

// The API version every request states. 2023-06-01 is the one version every Messages feature we
// translate works under (newer ones are opt-in through `anthropic-beta`).
inline constexpr std::string_view kAnthropicVersion = "2023-06-01";

// POST {base}/v1/messages with `x-api-key`, `anthropic-version` and the account's extra headers.
http::request<http::string_body> build_anthropic_request(const AccountConfig& account,
                                                         const UpstreamUrl& url,
                                                         std::string body, bool stream);
// GET {base}/v1/models with the same auth: the probe (free, proves the key).
http::request<http::string_body> build_anthropic_probe_request(const AccountConfig& account,
                                                               const UpstreamUrl& url);

}  // namespace sb
