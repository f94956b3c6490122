// The alerting sections of the config file, `budgets:` (docs/budgets.md) and `probes:`
// (docs/observability.md), read by the config loader after the groups and accounts they name.
#pragma once

#include "config/config.h"
#include "config/yaml_reader.h"

namespace sb {

// "no group named "x" (did you mean ...? groups: a, b)": for every key that must name a group.
std::string no_group_named(const Config& cfg, const std::string& name);

// Throws ConfigError (through the reader) at the first problem.
BudgetsConfig parse_budgets(const YamlReader& reader, const Entry& section, const Config& cfg);
// The `probes:` section, read after the accounts it names.
ProbesConfig parse_probes(const YamlReader& reader, const Entry& section, const Config& cfg);

}  // namespace sb
