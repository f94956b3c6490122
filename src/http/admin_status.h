// The body of `GET /admin/status` (and so of `switchboard status --json`): per group in config
// order, its pin and each deployment (the pin first, as walks see them) with the router's view:
//
//   {"default_group": "coding" | null,
//    "groups": [{"name", "pin": "ACCOUNT/MODEL" | null,
//                "deployments": [{"deployment", "state": ready|cooling|disabled|circuit_open|
//                                 half_open, "cooling_class", "until", "reason",
//                                 "last_error": {"class", "detail", "at"} | null,
//                                 "requests", "failures", "error_rate", "p50_ms",
//                                 "health": {"1m"|"15m"|"1h": WINDOW}}]}]}
//   WINDOW = {"requests", "errors", "error_rate", "errors_by_class": {CLASS: n},
//             "availability", "latency_ms": {"p50", "p95", "p99"}, "ttft_ms": {...},
//             "tokens_per_second"}   (rates, percentiles and speed null without data)
//   and, when budgets are configured, "budgets": [{"scope", "period", "limit_usd", "spent_usd",
//   "resets_at", "on_exceed"}]; when probes are, "probes": [{"account", "state":
//   unknown|up|slow|erring|down, "latency_ms", "detail", "at"}]
//
// `until` is a cooldown's end, or when an open circuit admits its probe; `error_rate` is over the
// circuit breaker's window (null when it saw no request); `p50_ms` over recent successes. The
// health windows are metrics/health_window.h's, per attempt.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "budget/budget_tracker.h"
#include "http/prober.h"
#include "metrics/health_board.h"
#include "routing/router.h"

namespace sb {

// What status shows besides the router's view; each may be absent.
struct StatusSources {
  const HealthBoard* health = nullptr;    // no health windows
  const BudgetTracker* budgets = nullptr;  // no budgets configured
  const std::vector<ProbeResult>* probes = nullptr;  // no probes configured
};

// `now_ms`: the wall time the windows end at and the budgets are read at.
std::string admin_status_json(const Config& config, const Router& router,
                              const StatusSources& sources, std::int64_t now_ms);

// One health window's JSON (WINDOW above).
boost::json::object health_window_json(const HealthSummary& summary);

}  // namespace sb
