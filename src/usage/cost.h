// What a request cost, from the tokens its upstream reported and the model's prices (USD per
// million tokens). Each token is priced once: cached input at its cache rate and never also as
// input (Usage::input excludes it), reasoning tokens as the output they are part of.
#pragma once

#include "catalog/model_info.h"
#include "core/conversation.h"

namespace sb {

double cost_usd(const Usage& usage, const ModelPrice& price);

}  // namespace sb
