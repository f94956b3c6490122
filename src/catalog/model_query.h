// `switchboard models` and GET /v1/models: which models the catalog and the config know, filtered
// by provider, capability, price and context window, and each one's facts as JSON.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/model_info.h"
#include "config/config.h"

namespace sb {

// Every condition given must hold; an unknown fact never satisfies one.
struct ModelQuery {
  std::optional<std::string> provider;    // a catalog provider, or an account's name
  std::vector<std::string> capabilities;  // each of tools, vision, reasoning named must be true
  std::optional<double> max_input_price;  // USD per million input tokens, at most
  std::optional<std::int64_t> min_context;
};

struct ModelRow {
  ModelInfo model;
  // Set for a configured deployment that the config's `models:` entries describe: its facts as
  // the gateway uses them, listed under its account.
  std::optional<Deployment> deployment;
  const std::string& lister() const { return deployment ? deployment->account : model.provider; }
};

// The catalog's models in its order (provider, then model id), then the configured deployments
// that `models:` entries describe, in config order.
std::vector<ModelRow> query_models(const Catalog& catalog, const Config& config,
                                   const ModelQuery& query);

// {"context_window", "max_output", "price": {"input", "output", "cache_read", "cache_write"}
// (USD per million tokens), "tools", "vision", "reasoning"}; unknown facts are left out.
boost::json::object model_facts_json(const ModelInfo& model);

}  // namespace sb
