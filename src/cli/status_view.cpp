// Status rendering (see status_view.h). Every JSON field is read through the small accessors
// below, which answer "absent" for a missing key, a null or a value of the wrong type alike, so a
// single surprising field degrades one cell instead of the whole view.
#include "cli/status_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>

#include "cli/table.h"
#include "routing/reset_time.h"

namespace sb::cli {

namespace json = boost::json;

namespace {

const json::value* field(const json::value& v, std::string_view key) {
  const auto* obj = v.if_object();
  if (!obj) return nullptr;
  const auto* found = obj->if_contains(key);
  return found && !found->is_null() ? found : nullptr;
}

std::optional<std::string> string_field(const json::value& v, std::string_view key) {
  const auto* f = field(v, key);
  if (!f || !f->is_string()) return std::nullopt;
  return std::string(f->get_string());
}

std::optional<double> number_field(const json::value& v, std::string_view key) {
  const auto* f = field(v, key);
  if (!f || !f->is_number()) return std::nullopt;
  return f->to_number<double>();
}

const json::array* array_field(const json::value& v, std::string_view key) {
  const auto* f = field(v, key);
  return f ? f->if_array() : nullptr;
}

constexpr std::string_view kNone = "-";

std::string format_remaining(std::chrono::seconds left) {
  using namespace std::chrono;
  const auto s = left.count();
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", (s + 59) / 60);
  if (s < 86400) {
    const auto m = (s + 59) / 60;
    return m % 60 ? fmt::format("{}h {}m", m / 60, m % 60) : fmt::format("{}h", m / 60);
  }
  const auto h = (s + 3599) / 3600;
  return h % 24 ? fmt::format("{}d {}h", h / 24, h % 24) : fmt::format("{}d", h / 24);
}

// A past moment (when an error happened) never gets "(in ...)", even from a server whose clock
// runs a little ahead of ours.
std::string moment(SysTime t, SysTime now, bool with_remaining) {
  using namespace std::chrono;
  const std::string full = format_utc(t);  // YYYY-MM-DDTHH:MM:SSZ
  const bool same_day = floor<days>(t) == floor<days>(now);
  std::string text = same_day ? full.substr(11) : full.substr(0, 10) + " " + full.substr(11);
  if (with_remaining && t > now) text += " (in " + format_remaining(ceil<seconds>(t - now)) + ")";
  return text;
}

// An end time as the status shows it; the raw text when it does not parse.
std::string moment_text(const json::value& v, std::string_view key, SysTime now) {
  auto text = string_field(v, key);
  if (!text) return {};
  auto t = parse_utc(*text);
  return t ? format_moment(*t, now) : *text;
}

std::string state_text(const json::value& d, SysTime now) {
  const auto state = string_field(d, "state");
  if (!state) return std::string(kNone);
  const auto until = moment_text(d, "until", now);
  const auto suffix = until.empty() ? std::string() : " until " + until;
  if (*state == "cooling") {
    const auto cls = string_field(d, "cooling_class");
    return "cooling" + (cls ? " (" + *cls + ")" : std::string()) + suffix;
  }
  if (*state == "disabled") return "disabled" + suffix;
  // For an open circuit `until` is when one probe is let through, not when it closes.
  if (*state == "circuit_open") {
    return "circuit open" + (until.empty() ? std::string() : ", probe at " + until);
  }
  if (*state == "half_open") return "half-open (probing)";
  return *state;
}

std::string reason_text(const json::value& d, SysTime now) {
  if (auto reason = string_field(d, "reason"); reason && !reason->empty()) return *reason;
  const auto* last = field(d, "last_error");
  if (!last || !last->is_object()) return std::string(kNone);
  std::string text = "last error: " + string_field(*last, "class").value_or("unknown");
  if (auto detail = string_field(*last, "detail"); detail && !detail->empty()) {
    text += " (" + *detail + ")";
  }
  if (auto at = string_field(*last, "at")) {
    auto t = parse_utc(*at);
    text += " at " + (t ? moment(*t, now, false) : *at);
  }
  return text;
}

std::string count_text(const json::value& d, std::string_view key) {
  auto n = number_field(d, key);
  return n ? fmt::format("{}", static_cast<long long>(std::llround(*n))) : std::string(kNone);
}

std::string milliseconds_text(std::optional<double> ms) {
  if (!ms) return std::string(kNone);
  if (*ms < 1000) return fmt::format("{:.0f}ms", *ms);
  return fmt::format("{:.1f}s", *ms / 1000);
}

std::string latency_text(const json::value& d) { return milliseconds_text(number_field(d, "p50_ms")); }

std::string percent_text(std::optional<double> fraction, int decimals) {
  return fraction ? fmt::format("{:.{}f}%", *fraction * 100, decimals) : std::string(kNone);
}

std::string percentile_text(const json::value& window, std::string_view histogram,
                            std::string_view q) {
  const auto* h = field(window, histogram);
  return milliseconds_text(h ? number_field(*h, q) : std::nullopt);
}

std::string classes_text(const json::value& window) {
  const auto* by_class = field(window, "errors_by_class");
  if (!by_class || !by_class->is_object() || by_class->get_object().empty()) {
    return std::string(kNone);
  }
  std::string out;
  for (const auto& [cls, n] : by_class->get_object()) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", std::string_view(cls), n.is_number() ? n.to_number<double>() : 0);
  }
  return out;
}

// The health windows of each deployment that had traffic in the last hour, once per deployment
// however many groups list it.
std::string render_health(const json::array& groups) {
  Table table({"DEPLOYMENT", "WINDOW", "REQUESTS", "ERRORS", "AVAILABLE", "P50", "P95", "P99",
               "TTFT P50", "TTFT P95", "TOKENS/S", "ERRORS BY CLASS"},
              {false, false, true, true, true, true, true, true, true, true, true, false});
  std::vector<std::string> seen;
  bool any_health = false;
  for (const auto& group : groups) {
    const auto* deployments = array_field(group, "deployments");
    if (!deployments) continue;
    for (const auto& d : *deployments) {
      const auto id = string_field(d, "deployment").value_or(std::string(kNone));
      const auto* health = field(d, "health");
      if (!health || std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      any_health = true;
      seen.push_back(id);
      bool first = true;
      for (const char* window_name : {"1m", "15m", "1h"}) {
        const auto* w = field(*health, window_name);
        if (!w || number_field(*w, "requests").value_or(0) == 0) continue;
        const auto speed = number_field(*w, "tokens_per_second");
        table.add({first ? id : "", window_name, count_text(*w, "requests"),
                   percent_text(number_field(*w, "error_rate"), 0),
                   percent_text(number_field(*w, "availability"), 1),
                   percentile_text(*w, "latency_ms", "p50"),
                   percentile_text(*w, "latency_ms", "p95"),
                   percentile_text(*w, "latency_ms", "p99"), percentile_text(*w, "ttft_ms", "p50"),
                   percentile_text(*w, "ttft_ms", "p95"),
                   speed ? fmt::format("{:.0f}", *speed) : std::string(kNone),
                   classes_text(*w)});
        first = false;
      }
    }
  }
  if (!any_health) return {};  // a gateway that keeps no windows
  if (table.rows() == 0) return "\nhealth: no traffic in the last hour\n";
  return "\nhealth (per attempt; a window is its whole minutes and the current one):\n" +
         table.render();
}

std::string group_default_text(const Config& config, const StoredState& stored) {
  if (stored.default_group) {
    std::string text = *stored.default_group + " (set by `switchboard use`";
    if (config.default_group && *config.default_group != *stored.default_group) {
      text += "; the config says " + *config.default_group;
    }
    return text + ")";
  }
  return config.default_group ? *config.default_group + " (from the config)"
                              : "none (requests must name a group)";
}

// Each probed account's last answer.
std::string render_probes(const json::value& status, SysTime now) {
  const auto* probes = array_field(status, "probes");
  if (!probes || probes->empty()) return {};
  Table table({"ACCOUNT", "PROBE", "LATENCY", "AT", "DETAIL"}, {false, false, true, false, false});
  for (const auto& p : *probes) {
    auto at = string_field(p, "at");
    auto t = at ? parse_utc(*at) : std::nullopt;
    auto detail = string_field(p, "detail").value_or("");
    table.add({string_field(p, "account").value_or(std::string(kNone)),
               string_field(p, "state").value_or(std::string(kNone)),
               milliseconds_text(number_field(p, "latency_ms")),
               t ? moment(*t, now, false) : std::string(kNone),
               detail.empty() ? std::string(kNone) : detail});
  }
  return "\nprobes:\n" + table.render();
}

// Each configured limit: spent of limit, and when it resets.
std::string render_budgets(const json::value& status, SysTime now) {
  const auto* budgets = array_field(status, "budgets");
  if (!budgets || budgets->empty()) return {};
  Table table({"BUDGET", "PERIOD", "SPENT", "LIMIT", "USED", "THEN", "RESETS"},
              {false, false, true, true, true, false, false});
  for (const auto& b : *budgets) {
    const auto spent = number_field(b, "spent_usd");
    const auto limit = number_field(b, "limit_usd");
    auto scope = string_field(b, "scope").value_or(std::string(kNone));
    if (scope.starts_with("group:")) scope = "group " + scope.substr(6);
    table.add({scope, string_field(b, "period").value_or(std::string(kNone)),
               spent ? fmt::format("${:.2f}", *spent) : std::string(kNone),
               limit ? fmt::format("${:.2f}", *limit) : std::string(kNone),
               spent && limit && *limit > 0 ? fmt::format("{:.0f}%", *spent / *limit * 100)
                                            : std::string(kNone),
               string_field(b, "on_exceed").value_or(std::string(kNone)),
               moment_text(b, "resets_at", now)});
  }
  return "\nbudgets:\n" + table.render();
}

}  // namespace

// The gateway's own RFC 3339 instants, with a `T` between date and time (what it writes).
std::optional<SysTime> parse_utc(std::string_view s) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return std::nullopt;
  return parse_rfc3339(s);
}

std::string format_utc(SysTime t) {
  return format_rfc3339(std::chrono::floor<std::chrono::seconds>(t));
}

std::string format_moment(SysTime t, SysTime now) { return moment(t, now, true); }

std::string render_status(const json::value& status, SysTime now) {
  const auto default_group = string_field(status, "default_group");
  std::string out =
      "default group: " + default_group.value_or("none (requests must name a group)") + "\n";
  const auto* groups = array_field(status, "groups");
  if (!groups || groups->empty()) return out + "no groups\n";

  Table table({"GROUP", "DEPLOYMENT", "STATE", "REQUESTS", "FAILED", "ERROR RATE", "P50",
               "REASON / LAST ERROR"},
              {false, false, false, true, true, true, true, false});
  for (const auto& group : *groups) {
    const auto name = string_field(group, "name").value_or(std::string(kNone));
    const auto pin = string_field(group, "pin");
    const auto* deployments = array_field(group, "deployments");
    if (!deployments || deployments->empty()) {
      table.add({name, "(no deployments)", "", "", "", "", "", ""});
      continue;
    }
    bool first = true;
    for (const auto& d : *deployments) {
      auto id = string_field(d, "deployment").value_or(std::string(kNone));
      if (pin && *pin == id) id += " (pinned)";
      table.add({first ? name : "", id, state_text(d, now), count_text(d, "requests"),
                 count_text(d, "failures"), percent_text(number_field(d, "error_rate"), 0),
                 latency_text(d), reason_text(d, now)});
      first = false;
    }
  }
  return out + "\n" + table.render() + render_health(*groups) + render_probes(status, now) +
         render_budgets(status, now);
}

std::string render_stored_state(const Config& config, const StoredState& stored, SysTime now) {
  std::string out = "state store " + stored.store_path;
  if (!stored.store_exists) return out + ": not created yet, nothing saved\n";
  out += ":\n  default group: " + group_default_text(config, stored) + "\n";

  if (stored.pins.empty()) {
    out += "  pins: none\n";
  } else {
    out += "  pins:\n";
    Table pins({"GROUP", "FIRST"}, {false, false});
    for (const auto& p : stored.pins) pins.add({p.group, p.deployment});
    out += pins.render("    ");
  }

  if (stored.cooldowns.empty()) return out + "  cooldowns: none\n";
  out += "  cooldowns:\n";
  Table cooldowns({"DEPLOYMENT", "CLASS", "UNTIL", "REASON"}, {false, false, false, false});
  for (const auto& c : stored.cooldowns) {
    const SysTime until{std::chrono::milliseconds(c.until_unix_ms)};
    cooldowns.add({c.deployment, c.failure_class.empty() ? std::string(kNone) : c.failure_class,
                   format_moment(until, now), c.reason.empty() ? std::string(kNone) : c.reason});
  }
  return out + cooldowns.render("    ");
}

json::value stored_state_json(const Config& config, const StoredState& stored,
                              std::string_view address) {
  json::object out;
  out["running"] = false;
  out["address"] = address;
  const auto group = stored.default_group ? stored.default_group : config.default_group;
  out["default_group"] = group ? json::value(*group) : json::value(nullptr);
  json::array pins;
  for (const auto& p : stored.pins) {
    pins.push_back({{"group", p.group}, {"deployment", p.deployment}});
  }
  out["pins"] = std::move(pins);
  json::array cooldowns;
  for (const auto& c : stored.cooldowns) {
    cooldowns.push_back({{"deployment", c.deployment},
                         {"class", c.failure_class},
                         {"until", format_utc(SysTime{std::chrono::milliseconds(c.until_unix_ms)})},
                         {"reason", c.reason}});
  }
  out["cooldowns"] = std::move(cooldowns);
  return out;
}

}  // namespace sb::cli
