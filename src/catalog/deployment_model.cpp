#include "catalog/deployment_model.h"

#include <algorithm>

namespace sb {

ModelInfo apply_override(ModelInfo base, const ModelOverride& o) {
  if (o.context_window) base.context_window = o.context_window;
  if (o.max_output) base.max_output = o.max_output;
  if (o.price) base.price = o.price;
  if (o.tools) base.tools = o.tools;
  if (o.vision) base.vision = o.vision;
  if (o.reasoning) base.reasoning = o.reasoning;
  return base;
}

bool override_applies(const ModelOverride& entry, const Deployment& d) {
  if (!entry.for_deployment) return entry.key == d.model;
  const std::string_view key = entry.key;
  return key.size() == d.account.size() + 1 + d.model.size() && key.starts_with(d.account) &&
         key[d.account.size()] == '/' && key.ends_with(d.model);
}

DeploymentModel deployment_model(const Config& config, const Deployment& d,
                                 const Catalog& catalog) {
  const AccountConfig* account = config.find_account(d.account);
  const ModelInfo* known = account ? catalog.find(catalog_provider(*account), d.model) : nullptr;
  const bool overridden =
      std::any_of(config.models.begin(), config.models.end(),
                  [&](const ModelOverride& e) { return override_applies(e, d); });
  if (!overridden) return DeploymentModel(known);
  std::optional<ModelInfo> info;
  if (known) info = *known;
  for (const bool for_deployment : {false, true}) {
    for (const ModelOverride& entry : config.models) {
      if (entry.for_deployment != for_deployment || !override_applies(entry, d)) continue;
      if (!info) info = ModelInfo{d.account, d.model, {}, {}, {}, {}, {}, {}, {}};
      info = apply_override(std::move(*info), entry);
    }
  }
  return DeploymentModel(std::move(*info));
}

}  // namespace sb
