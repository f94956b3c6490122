// The translations the gateway can do, one row per (client dialect, upstream dialect) pair, each
// through the neutral model (STYLE principle 2: hub and spoke, never a converter per pair): parse
// the client's request into a Conversation, build the upstream's request from it, and turn the
// upstream's answer (streamed, whole, or an error) back into the client's words. A pair that is
// not in the table cannot be served (the deployment is skipped as `untranslatable`); the same
// dialect on both sides never comes here (bodies pass through).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/conversation.h"
#include "core/dialect.h"
#include "core/error.h"
#include "providers/stream_translator.h"

namespace sb {

struct Translation {
  // The upstream request body for the deployment's `model`.
  Result<std::string> (*build)(const Conversation& request, const std::string& model);
  StreamTranslatorPtr (*stream)(std::int64_t created, bool include_usage);
  BodyTranslator (*body)(std::int64_t created);
  ErrorTranslator (*error)();
};

// The dialect a provider type's deployments speak (Gemini's is not built yet: nullopt).
std::optional<Dialect> dialect_of(ProviderType type);

// The client's request in neutral form; the same for every upstream it is translated for.
Result<Conversation> parse_client_request(Dialect client, std::string_view body);

// Null when there is no translation between them (or they are the same dialect).
const Translation* find_translation(Dialect client, Dialect upstream);

}  // namespace sb
