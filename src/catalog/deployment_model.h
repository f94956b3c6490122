// What is known of a deployment's model: the catalog's entry for its account's provider and its
// model, then the config's `models:` entries that name it, a bare model id first and then
// ACCOUNT/MODEL, so the more specific wins. Computed when asked (a few lookups, no parsing), so
// that deployments requested as ACCOUNT/MODEL outside any group are known too.
#pragma once

#include <optional>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/model_info.h"
#include "config/config.h"

namespace sb {

// Nullopt when neither the catalog nor the config knows the model.
std::optional<ModelInfo> deployment_model(const Config& config, const Deployment& d,
                                          const Catalog& catalog = Catalog::builtin());

// `base` with every fact the entry states replaced.
ModelInfo apply_override(ModelInfo base, const ModelOverride& entry);

// Whether a `models:` entry applies to `d`.
bool override_applies(const ModelOverride& entry, const Deployment& d);

}  // namespace sb
