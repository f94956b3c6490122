// POST /v1/messages/count_tokens: an Anthropic-dialect request's input tokens, estimated
// locally (providers/token_estimate.h) rather than asked of a deployment, so it answers even
// when every deployment is cooling and costs no upstream call. The answer is Anthropic's,
// `{"input_tokens": N}`, marked `x-switchboard-estimate: true`; errors are Anthropic's too.
#pragma once

#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"

namespace sb {

net::awaitable<void> count_tokens(HttpRequest& request, ResponseWriter& out);

}  // namespace sb
