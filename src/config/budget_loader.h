// The `budgets:` section of the config file (docs/budgets.md), read by the config loader after
// the groups it names.
#pragma once

#include "config/config.h"
#include "config/yaml_reader.h"

namespace sb {

// Throws ConfigError (through the reader) at the first problem.
BudgetsConfig parse_budgets(const YamlReader& reader, const Entry& section, const Config& cfg);

}  // namespace sb
