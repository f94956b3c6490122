#include "routing/model_resolver.h"

#include <fmt/format.h>

namespace sb {

std::string_view to_string(Resolution::Via via) {
  switch (via) {
    case Resolution::Via::Group: return "group";
    case Resolution::Via::Deployment: return "deployment";
    case Resolution::Via::ModelId: return "model";
    case Resolution::Via::DefaultGroup: return "default_group";
  }
  return "group";
}

namespace {

Resolution from_group(const GroupConfig& group, Resolution::Via via) {
  return Resolution{via, group.name, group.deployments, &group.policy};
}

std::string known_groups(const Config& config) {
  std::string names;
  for (const auto& g : config.groups) {
    if (!names.empty()) names += ", ";
    names += g.name;
  }
  return names.empty() ? "none configured" : names;
}

}  // namespace

Result<Resolution> resolve_model(const Config& config, std::string_view requested) {
  if (const auto* group = config.find_group(requested)) {
    return from_group(*group, Resolution::Via::Group);
  }
  if (auto slash = requested.find('/'); slash != std::string_view::npos) {
    if (config.find_account(requested.substr(0, slash))) {
      Deployment d{std::string(requested.substr(0, slash)),
                   std::string(requested.substr(slash + 1))};
      if (!d.model.empty()) {
        return Resolution{Resolution::Via::Deployment, std::string(requested), {std::move(d)},
                          &config.policy};
      }
    }
  }
  Resolution by_model{Resolution::Via::ModelId, std::string(requested), {}, &config.policy};
  for (const auto& group : config.groups) {
    for (const auto& d : group.deployments) {
      if (d.model != requested) continue;
      if (std::find(by_model.deployments.begin(), by_model.deployments.end(), d) ==
          by_model.deployments.end()) {
        by_model.deployments.push_back(d);
      }
    }
  }
  if (!by_model.deployments.empty()) return by_model;
  if (config.default_group) {
    if (const auto* group = config.find_group(*config.default_group)) {
      return from_group(*group, Resolution::Via::DefaultGroup);
    }
  }
  return make_error(ErrorKind::ModelNotFound,
                    fmt::format("The model `{}` is not served by this gateway. Known groups: {}.",
                                requested, known_groups(config)),
                    "model", "model_not_found");
}

}  // namespace sb
