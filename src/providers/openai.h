// The OpenAI adapter (types `openai` and `openai-compatible`), transport side: where Chat
// Completions and (for `openai`) Responses requests go and how they authenticate. For a client
// of the same dialect the body passes through with only `model` rewritten; only the auth header
// and a few transport headers are set (providers/upstream_request.h).
#pragma once

#include <string>

#include "config/config.h"
#include "core/net.h"
#include "http/upstream_url.h"
#include "providers/call_ids.h"

namespace sb {

// How the host restricts tool-call ids (providers/call_ids.h): OpenAI's own API takes at most
// 40 characters, Mistral's (`api.mistral.ai`, an `openai-compatible` account) exactly 9
// alphanumerics; other compatible servers take any.
CallIdRule call_id_rule(const AccountConfig& account, const UpstreamUrl& url);

// POST {base_path}/chat/completions with the account's credentials and extra headers; the
// history's tool-call ids fitted to the host's rule when the longest of them (found by the
// request scan) may break it; for Mistral, a stream's `stream_options` removed (it refuses the
// key and reports usage unasked).
http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url, std::string body,
                                                           bool stream,
                                                           std::size_t longest_call_id);

// GET {base_path}/models: the cheapest call that proves the host answers and takes the key.
http::request<http::string_body> build_openai_probe_request(const AccountConfig& account,
                                                            const UpstreamUrl& url);

// POST {base_path}/responses, the same way (type `openai` only, for Responses clients).
http::request<http::string_body> build_openai_responses_request(const AccountConfig& account,
                                                                const UpstreamUrl& url,
                                                                std::string body, bool stream);

}  // namespace sb
