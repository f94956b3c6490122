// What `switchboard status` shows: the gateway's GET /admin/status answer as a table for a human,
// and, when the gateway is not running, what the state store holds (the `use` override, pins and
// cooldowns still ahead) as a table or as JSON.
//
// Pure functions of their inputs, the current time included (it decides how an end time is
// written: a time of day when it falls on today's UTC date, a full date otherwise, and how long
// is left). The rendering never throws on a surprising answer: a server newer or older than this
// CLI may add, drop or null any field, and a missing value shows as "-".
//
// `status --json` does not come through here: it prints the server's body byte for byte, so a
// script sees exactly the documented admin API.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "store/state_store.h"

namespace sb::cli {

using SysTime = std::chrono::system_clock::time_point;

// One line naming the default group, then one row per deployment: GROUP (on a group's first row
// only), DEPLOYMENT (with "(pinned)" on the pin), STATE, REQUESTS, FAILED, ERROR RATE, P50, and
// REASON / LAST ERROR last, because it is the one free-text column of unbounded width.
std::string render_status(const boost::json::value& status, SysTime now);

// The state store's view, read while the gateway is down.
struct StoredState {
  std::string store_path;
  bool store_exists = true;                  // false: nothing was ever saved
  std::optional<std::string> default_group;  // `use GROUP` override (meta default_group)
  std::vector<PinRecord> pins;
  std::vector<CooldownRecord> cooldowns;  // only those whose end is still ahead
};

std::string render_stored_state(const Config& config, const StoredState& stored, SysTime now);
// {"running": false, "address": "...", "default_group": "g" | null,
//  "pins": [{"group", "deployment"}], "cooldowns": [{"deployment", "class", "until", "reason"}]}
// where default_group is the override, else the config's.
boost::json::value stored_state_json(const Config& config, const StoredState& stored,
                                     std::string_view address);

// "2026-11-23T14:05:00Z" and the same with fractional seconds or a numeric offset; nullopt for
// anything else.
std::optional<SysTime> parse_utc(std::string_view text);
std::string format_utc(SysTime t);  // "2026-11-23T14:05:00Z", whole seconds
// "14:05:00Z (in 42m)" on the same UTC date as now, else "2026-11-24 14:05:00Z (in 1d 2h)";
// no "(in ...)" once t is past.
std::string format_moment(SysTime t, SysTime now);

}  // namespace sb::cli
