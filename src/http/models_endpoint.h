// GET /v1/models: what a client may put in `model`, in OpenAI's list shape. Groups come first
// (the names most clients should use), then every deployment as `account/model`; each entry
// carries a `switchboard` object saying which it is. A deployment whose model the catalog or the
// config knows carries its facts (catalog/model_query.h: context_window, max_output, price in USD
// per million tokens, tools, vision, reasoning); a group, the largest context_window among them.
#pragma once

#include <string>

#include "config/config.h"

namespace sb {

std::string models_list_json(const Config& config);

}  // namespace sb
