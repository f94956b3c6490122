#include "catalog/deployment_model.h"

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

std::optional<ModelInfo> deployment_model(const Config& config, const Deployment& d,
                                          const Catalog& catalog) {
  std::optional<ModelInfo> info;
  const AccountConfig* account = config.find_account(d.account);
  if (account) {
    if (const ModelInfo* known = catalog.find(catalog_provider(*account), d.model)) info = *known;
  }
  for (const bool for_deployment : {false, true}) {
    for (const ModelOverride& entry : config.models) {
      if (entry.for_deployment != for_deployment || !override_applies(entry, d)) continue;
      if (!info) info = ModelInfo{d.account, d.model, {}, {}, {}, {}, {}, {}, {}};
      info = apply_override(std::move(*info), entry);
    }
  }
  return info;
}

}  // namespace sb
