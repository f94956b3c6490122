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

// A deployment's model facts without a copy on the request path: the catalog's entry itself
// when no `models:` entry applies (the common case), else the merged facts, owned.
class DeploymentModel {
 public:
  DeploymentModel() = default;
  explicit DeploymentModel(const ModelInfo* catalog) : catalog_(catalog) {}
  explicit DeploymentModel(ModelInfo merged) : merged_(std::move(merged)) {}

  // Null when neither the catalog nor the config knows the model.
  const ModelInfo* get() const { return merged_ ? &*merged_ : catalog_; }
  explicit operator bool() const { return get() != nullptr; }
  // Some `models:` entry applies to the deployment.
  bool from_config() const { return merged_.has_value(); }
  const ModelInfo* operator->() const { return get(); }
  const ModelInfo& operator*() const { return *get(); }

 private:
  const ModelInfo* catalog_ = nullptr;
  std::optional<ModelInfo> merged_;
};

DeploymentModel deployment_model(const Config& config, const Deployment& d,
                                 const Catalog& catalog = Catalog::builtin());

// `base` with every fact the entry states replaced.
ModelInfo apply_override(ModelInfo base, const ModelOverride& entry);

// Whether a `models:` entry applies to `d`.
bool override_applies(const ModelOverride& entry, const Deployment& d);

}  // namespace sb
