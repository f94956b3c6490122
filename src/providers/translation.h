// The translations the gateway can do: a client dialect's spoke paired with an upstream
// dialect's (providers/dialect_spokes.h), through the neutral model (STYLE principle 2: hub and
// spoke, never a converter per pair). Parse the client's request into a Conversation, build the
// upstream's request from it, and turn the upstream's answer (streamed, whole, or an error) back
// into the client's words. A pair without both spokes cannot be served (the deployment is
// skipped as `untranslatable`); the same dialect on both sides never comes here (bodies pass
// through).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/conversation.h"
#include "core/dialect.h"
#include "core/error.h"
#include "providers/dialect_spokes.h"

namespace sb {

struct Translation {
  const ClientSpoke* client;
  const UpstreamSpoke* upstream;
};

// The dialect a deployment of this provider type is spoken to in, for a client of `client`:
// `openai` speaks Responses to a Responses client (so reasoning items and stored responses
// pass through) and Chat Completions to every other; `openai-compatible` servers are sent Chat
// Completions (the one API they all share); `anthropic` Messages; `gemini` generateContent.
Dialect upstream_dialect(ProviderType type, Dialect client);

// The client's request in neutral form; the same for every upstream it is translated for. A
// dialect that is not a surface cannot be parsed (an Internal error).
Result<Conversation> parse_client_request(Dialect client, std::string_view body);

// Nullopt when there is no translation between them (or they are the same dialect).
std::optional<Translation> find_translation(Dialect client, Dialect upstream);

// A translated request without a token limit asks for this much from a dialect that needs one
// (Anthropic), until the model catalog says each model's own limit: enough for a long answer
// from any current model.
inline constexpr std::int64_t kDefaultMaxTokens = 8192;

// The upstream request body for the deployment's `model`.
Result<std::string> build_upstream_request(const Translation& t, const Conversation& request,
                                           const std::string& model);

// A whole upstream answer in the client's dialect, or an UpstreamProtocol error.
Result<std::string> translate_reply(const Translation& t, std::string_view upstream_body,
                                    std::int64_t created);

// An upstream error body in the client's error shape (its type and message kept).
std::string translate_error(const Translation& t, std::string_view upstream_body);

}  // namespace sb
