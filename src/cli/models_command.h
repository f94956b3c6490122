// `switchboard models [--provider P] [--capability tools|vision|reasoning]... [--max-input-price X]
// [--min-context N] [--json]`: the model catalog compiled into the binary, plus the deployments
// the config's `models:` entries describe, filtered. Works without a running gateway.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model_query.h"
#include "config/config.h"

namespace sb::cli {

// A table (prices in USD per million tokens; token counts written 128k, 1M) or, with `json`, an
// array of {"provider", "id", "name", facts (catalog/model_query.h), "deployment"?}.
int run_models(const Config& config, const ModelQuery& query, bool json, std::ostream& out);

std::string render_models(const std::vector<ModelRow>& rows);
// 200000 -> "200k", 131072 -> "128k", 1048576 -> "1M", 2000000 -> "2M", 1234 -> "1234".
std::string format_token_count(std::int64_t n);
// "128000", "128k", "1M" (k and M as 1000s or 1024s alike: "128k" means 128000); nullopt for
// anything else.
std::optional<std::int64_t> parse_token_count(std::string_view text);

}  // namespace sb::cli
