// `switchboard usage [--since 24h|7d|DATE] [--until ...] [--by provider|model|deployment|group|day]
// [--csv|--json]`: what the requests of a period cost, read from the state store, so it works
// whether or not a gateway is running (SQLite lets a reader in beside the gateway's writer).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "config/config.h"
#include "usage/usage_report.h"

namespace sb::cli {

struct UsageArgs {
  std::string since;  // empty: 24h
  std::string until;  // empty: now
  std::string by;     // empty: the total alone
  bool csv = false;
  bool json = false;
};

int run_usage(const Config& config, const UsageArgs& args, std::int64_t now_ms, std::ostream& out,
              std::ostream& err);

// The human-readable table: a line per key and a total line.
std::string render_usage(const UsageReport& report);

}  // namespace sb::cli
