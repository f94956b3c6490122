// GET /v1/models: what a client may put in `model`, in OpenAI's list shape. Groups come first
// (the names most clients should use), then every deployment as `account/model`; each entry
// carries a `switchboard` object saying which it is.
#pragma once

#include <string>

#include "config/config.h"

namespace sb {

std::string models_list_json(const Config& config);

}  // namespace sb
