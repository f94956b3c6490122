// The OpenAI adapter (types `openai` and `openai-compatible`) for a client that speaks the same
// dialect: the body passes through with only `model` rewritten, and only the auth header and a
// few transport headers are set (providers/upstream_request.h).
#pragma once

#include <string>

#include "config/config.h"
#include "core/net.h"
#include "http/upstream_url.h"

namespace sb {

// POST {base_path}/chat/completions with the account's credentials and extra headers.
http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url,
                                                           std::string body, bool stream);

}  // namespace sb
