// The request path of a surface, its stages in order (a reorder is a one-line change here):
//
//   1. scan      validate the body, find `model`, `stream`            (providers/chat_request)
//   2. resolve   `model` -> group / deployment list                   (routing/model_resolver)
//   3. select    the first deployment that can serve                  (select_deployment)
//   4. build     the upstream request in the deployment's dialect     (providers/openai)
//   5. exchange  send, await the response header under the timeouts   (http/upstream_client)
//   6. relay     stream events as they arrive, or the whole answer    (http/relay)
//
// Every response names the deployment that answered (x-switchboard-deployment) and the group
// (x-switchboard-group). Failover across the group is the next step of this file's life.
#pragma once

#include "config/config.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"

namespace sb {

net::awaitable<void> proxy_chat_completions(const Config& config, Worker& worker,
                                            HttpRequest& request, ResponseWriter& out);

}  // namespace sb
