// The admin API (SPEC §6), under /admin/, for the CLI verbs that talk to a running gateway and
// for scripts. When `server.admin_token` is set every call must carry
// `Authorization: Bearer TOKEN` (compared in constant time); otherwise the API is open, which is
// why the default listen address is loopback.
//
//   GET  /admin/status           groups, their pins and every deployment's state (admin_status.h)
//   POST /admin/use              {"group"} switch the default group; {"group","deployment"} pin
//                                it first in the group; {"group","clear":true} remove the pin
//   POST /admin/cooldowns/clear  {} every cooldown, or {"deployment":"ACCOUNT/MODEL"}
//   GET  /admin/events           server-sent events as they happen (http/gateway_events.h),
//                                a comment every 15 s to keep idle proxies from closing it
//
// Errors are OpenAI-style error objects, like everything else the gateway says.
#pragma once

#include "config/config.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"

namespace sb {

class Gateway;

// Whether the request may use the admin API (and GET /metrics): always when no admin_token is
// set, else with `Authorization: Bearer TOKEN`.
bool admin_authorized(const Config& config, const HttpRequest& request);
GatewayError admin_unauthorized();

net::awaitable<void> handle_admin(Gateway& gateway, const Config& config, Worker& worker,
                                  HttpRequest& request, ResponseWriter& out);

}  // namespace sb
