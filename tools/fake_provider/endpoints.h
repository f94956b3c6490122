// The dialects the fake provider speaks, one handler per endpoint, each in its own file
// (chat_endpoint.cpp, messages_endpoint.cpp, responses_endpoint.cpp, gemini_endpoint.cpp). A
// handler reads the request the way its provider does (auth, then body, in the provider's order),
// applies the directives of behaviour.h, and answers through the shared writers of exchange.h
// with the bytes its *_replies.h builds. It returns whether the connection may carry another
// request. The session (session.cpp) routes to them.
#pragma once

#include "fake_provider/exchange.h"
#include "fake_provider/gemini_target.h"

namespace sb::fake {

// POST /v1/chat/completions: OpenAI Chat Completions (PROVIDERS.md §1).
net::awaitable<bool> serve_chat(Exchange& x, const Request& req);
// POST /v1/messages: Anthropic Messages (PROVIDERS.md §2).
net::awaitable<bool> serve_messages(Exchange& x, const Request& req);
// POST /v1/responses: OpenAI Responses (PROVIDERS.md §1).
net::awaitable<bool> serve_responses(Exchange& x, const Request& req);
// POST /v1beta/models/{model}:generateContent and :streamGenerateContent (PROVIDERS.md §3).
net::awaitable<bool> serve_gemini(Exchange& x, const Request& req, const GeminiTarget& target);

// A Gemini request's API key: x-goog-api-key, else the ?key= value, else a Bearer token (how
// OAuth callers authenticate); "" when there is none.
std::string_view gemini_key(const Request& req, std::string_view query_key);

}  // namespace sb::fake
