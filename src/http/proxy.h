// The request path of a surface, its stages in order (a reorder is a one-line change here):
//
//   1. scan      validate the body; find `model`, `stream`, tools, images (providers/chat_request)
//   2. resolve   `model` -> group / deployment list                      (routing/model_resolver)
//   3. walk      the router hands out deployments in order, skipping     (routing/request_walk)
//                cooling, circuit-open and unusable ones; waits, retries
//   4. attempt   build, exchange, relay or classify one deployment       (http/attempt)
//   5. decide    the walk turns the failure into retry / fail over /     (routing/request_walk)
//                return to client / give up; back to 3
//   6. answer    exhausted: 429 + Retry-After or 502 listing every       (http/failover_report)
//                deployment and why
//
// Every response names the group (x-switchboard-group) and the deployment that answered
// (x-switchboard-deployment); when any deployment was skipped or failed before it,
// x-switchboard-failover lists each with its reason.
#pragma once

#include "config/config.h"
#include "core/dialect.h"
#include "core/net.h"
#include "http/budget_keeper.h"
#include "http/gateway_events.h"
#include "http/response_writer.h"
#include "http/server.h"
#include "http/usage_recorder.h"
#include "routing/router.h"

namespace sb {

// What the request path shares with the rest of the gateway, for one request.
struct ProxyContext {
  const Config& config;
  Router& router;
  GatewayEvents& events;
  UsageRecorder* usage;   // null: nothing is accounted
  Observability* observe;  // null: no health or metrics
  BudgetKeeper* budgets;   // null: no budgets configured
};

// One request of a surface whose dialect is `client` (POST /v1/chat/completions: OpenAIChat;
// POST /v1/messages: AnthropicMessages; POST /v1/responses: OpenAIResponses); every answer and
// error is in that dialect.
net::awaitable<void> proxy_request(const ProxyContext& ctx, Dialect client, Worker& worker,
                                   HttpRequest& request, ResponseWriter& out);

}  // namespace sb
