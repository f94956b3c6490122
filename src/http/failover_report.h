// What the client is told about failover (SPEC §3): the `x-switchboard-failover` header on every
// response whose walk skipped or failed a deployment, and the "nothing left" answer when the walk
// is exhausted: 429 with Retry-After (whole seconds to the earliest cooldown end) when every
// deployment is cooling, else 502; the body, in the OpenAI dialect, lists every deployment and
// why it did not answer, in words (`message`) and as data (`error.deployments`).
//
// Reasons, as the walk records them (routing/request_walk.h): a failure is its class
// (`quota_exhausted`), a skip is `cooling:CLASS`, `circuit_open`, `no_credentials`,
// `context_too_small`, `lacks:CAPABILITY`, `untranslatable` or `unsupported:WHAT`, an unreached
// one `skipped`.
// Times are UTC, RFC 3339, rounded up to the second (a client retrying at the shown time is
// never early).
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/dialect.h"
#include "core/net.h"
#include "routing/request_walk.h"

namespace sb {

// `ACCOUNT/MODEL=REASON,...`; empty when the trail is. `answering`, when given, is left out: a
// deployment retried (or waited for) and then answering is not one that was failed over from.
std::string failover_header(const std::vector<RequestWalk::Entry>& trail,
                            const Deployment* answering = nullptr);

// One deployment's line in the exhausted message: `quota_exhausted until 2026-...Z`,
// `failed: server_error (500)`, `circuit_open`, `skipped`.
std::string describe_entry(const RequestWalk::Entry& entry);

// The whole exhausted response for `group`, in the client's dialect (the deployments listed in
// `error.deployments` either way); `head` holds the gateway's headers to add.
http::response<http::string_body> exhausted_response(Dialect client, const std::string& group,
                                                     const RequestWalk::Step& step,
                                                     const std::vector<RequestWalk::Entry>& report,
                                                     Clock::sys_time now, unsigned version,
                                                     const http::fields& head);

}  // namespace sb
