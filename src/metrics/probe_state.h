// What one active probe (an account's model listing, providers/upstream_endpoint.h) says of the
// account: up, slow (answered, later than `probes.slow`), erring (answered with an error: a key
// refused, a rate limit, a quota) or down (no answer: refused, timed out, or a 5xx).
#pragma once

#include <optional>
#include <string_view>

#include "config/config.h"

namespace sb {

enum class ProbeState { Unknown, Up, Slow, Erring, Down };
std::string_view to_string(ProbeState s);  // unknown, up, slow, erring, down

// `status`: the HTTP status, none when the exchange failed below HTTP.
ProbeState classify_probe(std::optional<unsigned> status, Duration latency, Duration slow);

}  // namespace sb
