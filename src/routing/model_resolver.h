// Turns the `model` a client sent into the deployments that may serve it (SPEC §2), in this
// order: a group name; `account/model` with a configured account; a bare model id, meaning every
// configured deployment serving that model in config order; else the default group, if set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/error.h"

namespace sb {

struct Resolution {
  enum class Via { Group, Deployment, ModelId, DefaultGroup };
  Via via = Via::Group;
  std::string name;  // the group's name, or the deployment / model id that was asked for
  std::vector<Deployment> deployments;
  const Policy* policy = nullptr;  // points into the Config, which outlives the request
};

std::string_view to_string(Resolution::Via via);

// ModelNotFound, naming the known groups, when nothing matches and there is no default group.
Result<Resolution> resolve_model(const Config& config, std::string_view requested);

}  // namespace sb
