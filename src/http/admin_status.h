// The body of `GET /admin/status` (and so of `switchboard status --json`): per group in config
// order, its pin and each deployment (the pin first, as walks see them) with the router's view:
//
//   {"default_group": "coding" | null,
//    "groups": [{"name", "pin": "ACCOUNT/MODEL" | null,
//                "deployments": [{"deployment", "state": ready|cooling|disabled|circuit_open|
//                                 half_open, "cooling_class", "until", "reason",
//                                 "last_error": {"class", "detail", "at"} | null,
//                                 "requests", "failures", "error_rate", "p50_ms"}]}]}
//
// `until` is a cooldown's end, or when an open circuit admits its probe; `error_rate` is over the
// circuit breaker's window (null when it saw no request); `p50_ms` over recent successes.
#pragma once

#include <string>

#include "config/config.h"
#include "routing/router.h"

namespace sb {

std::string admin_status_json(const Config& config, const Router& router);

}  // namespace sb
