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

#include "catalog/model_info.h"
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

// When a translated request has no token limit and the upstream dialect requires one
// (Anthropic), the limit sent is the model's max output (catalog or config), lowered to the room
// its context window leaves after the prompt (estimated) and to kMaxDefaultMaxTokens: what coding
// agents ask for themselves, since Anthropic counts a request's max_tokens against the
// account's output-tokens-per-minute limit as it starts. kDefaultMaxTokens when nothing is known
// of the model; never below kMinDefaultMaxTokens.
inline constexpr std::int64_t kDefaultMaxTokens = 8192;
inline constexpr std::int64_t kMaxDefaultMaxTokens = 32000;
inline constexpr std::int64_t kMinDefaultMaxTokens = 1024;

// The token limit to send upstream for a translated request: the client's own, lowered to the
// model's max output when that is known (a limit one model takes is a 400 from a smaller one,
// which would end a failover); else, when `required`, the default above; else none.
std::optional<std::int64_t> upstream_max_tokens(const Conversation& request, const ModelInfo* model,
                                                bool required);

// The upstream request body for the deployment's model (`model_id`; `model`: what is known of
// it, or null).
Result<std::string> build_upstream_request(const Translation& t, const Conversation& request,
                                           const std::string& model_id, const ModelInfo* model);

// A whole upstream answer in the client's dialect, or an UpstreamProtocol error.
Result<std::string> translate_reply(const Translation& t, std::string_view upstream_body,
                                    std::int64_t created);

// An upstream error body in the client's error shape (its type and message kept).
std::string translate_error(const Translation& t, std::string_view upstream_body);

}  // namespace sb
