// The Gemini adapter (type `gemini`), transport side: where a generateContent request goes and
// how it authenticates (PROVIDERS.md §3). The body comes from the translation
// (providers/gemini_build.h); `base_url` is the host, as in Google's SDKs, and the model is part
// of the path, not the body. Streams use `alt=sse` (without it Gemini streams one JSON array).
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

// POST {base}/v1beta/models/{model}:generateContent, or :streamGenerateContent?alt=sse, with
// `x-goog-api-key` and the account's extra headers.
http::request<http::string_body> gemini_http_request(const AccountConfig& account,
                                                      const UpstreamUrl& url,
                                                      std::string_view model, std::string body,
                                                      bool stream);
// GET {base}/v1beta/models with the same auth: the probe.
http::request<http::string_body> gemini_probe_request(const AccountConfig& account,
                                                      const UpstreamUrl& url);

}  // namespace sb
