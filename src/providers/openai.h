// The OpenAI adapter (types `openai` and `openai-compatible`), transport side: where Chat
// Completions and (for `openai`) Responses requests go and how they authenticate. For a client
// of the same dialect the body passes through with only `model` rewritten; only the auth header
// and a few transport headers are set (providers/upstream_request.h).
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

// POST {base_path}/responses, the same way (type `openai` only, for Responses clients).
http::request<http::string_body> build_openai_responses_request(const AccountConfig& account,
                                                                const UpstreamUrl& url,
                                                                std::string body, bool stream);

}  // namespace sb
