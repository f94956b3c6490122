// The verbs that act on a running gateway through its admin API (SPEC §6): `status`,
// `use GROUP [DEPLOYMENT] [--clear]` and `cooldowns clear [DEPLOYMENT]`.
//
// Each verb first checks its arguments against the config (the group exists; a deployment is
// ACCOUNT/MODEL with a configured account) and refuses with exit 2 before any I/O. Then it asks
// the gateway. When nothing listens at server.listen, the changes are still worth making:
// `use` and `cooldowns clear` write the state store the gateway reads when it starts (exit 0,
// saying so); `status` shows what that store holds and exits 1, because the gateway is not
// running. A refused admin token and any other error answer exit 1 with the server's message.
//
// Results go to `out`, diagnostics to `err`, so `status --json` keeps stdout parseable. The admin
// token is never printed.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "config/config.h"

namespace sb::cli {

struct AdminOptions {
  std::chrono::milliseconds timeout{5000};  // the whole exchange with the gateway
};

// `--json`: the gateway's body as it came. Offline, a JSON summary of the store (see
// stored_state_json) still goes to `out` with exit 1.
int run_status(const Config& config, bool json, std::ostream& out, std::ostream& err,
               const AdminOptions& options = {});

// No deployment and no clear: switch the default group. A deployment: pin it first in the group.
// `clear`: remove the group's pin (a deployment with it is a usage error).
int run_use(const Config& config, const std::string& group,
            const std::optional<std::string>& deployment, bool clear, std::ostream& out,
            std::ostream& err, const AdminOptions& options = {});

// No deployment: every cooldown.
int run_cooldowns_clear(const Config& config, const std::optional<std::string>& deployment,
                        std::ostream& out, std::ostream& err, const AdminOptions& options = {});

}  // namespace sb::cli
