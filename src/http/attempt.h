// One attempt on one deployment, the body of the proxy's walk loop: build the upstream request,
// exchange it under the policy's timeouts and the walk's deadline, then either relay a 2xx answer
// to the client (streams event by event, the preamble held back: see http/relay.h) or read the
// error answer (bounded) and classify it in the provider's own words
// (providers/failure_class.h). The attempt never decides what happens next: the walk does.
//
// An error answer is kept whole, so that when the walk says "return to the client" (a bad
// request, a content filter) the client receives it as the provider sent it (its error object
// reshaped into the client's dialect when the deployment speaks another).
//
// Dialects: a deployment speaking the client's dialect gets the client's body with only `model`
// replaced (and, for Anthropic, the client's anthropic-version and anthropic-beta); one speaking
// another gets a request built from the neutral conversation, and its answer (whole, streamed or
// an error) is translated back (providers/translation.h).
#pragma once

#include <optional>
#include <string_view>

#include "catalog/model_info.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/conversation.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"
#include "providers/chat_request.h"
#include "providers/translation.h"
#include "routing/failure.h"
#include "routing/request_walk.h"

namespace sb {

// The largest upstream error body read for classification and relaying.
inline constexpr std::size_t kMaxErrorBody = 1024 * 1024;

struct AttemptPlan {
  const AccountConfig& account;
  const Deployment& deployment;
  Dialect client;    // what the client speaks
  Dialect upstream;  // what the deployment is spoken to in
  const HttpRequest& client_request;
  const ChatRequestFacts& facts;
  // For a deployment of another dialect: how (the request in neutral form, and the table row);
  // both null when the dialects match (the body then passes through).
  const Conversation* conversation;
  const Translation* translation;
  const ModelInfo* model;  // what the catalog and config know of the deployment's model, or null
  const Policy& policy;
  Clock::time_point deadline;  // the walk's
  const http::fields& head;    // the gateway's headers for a relayed answer
};

struct AttemptResult {
  enum class Kind {
    Answered,    // the whole answer reached the client
    Failed,      // see failure and facts; nothing reached the client unless facts say so
    ClientGone,  // the client hung up: nobody to answer, nothing to learn about the deployment
  };
  Kind kind = Kind::Failed;
  Failure failure;
  AttemptFacts facts;
  // Answered: from sending the request to the response header.
  std::optional<Duration> latency;
  // For accounting, whatever the kind: what the upstream reported of its tokens, whether the
  // answer was a stream, and when its first content reached the client.
  std::optional<Usage> usage;
  bool streamed = false;
  std::optional<std::chrono::steady_clock::time_point> first_content;
  // Failed before commit: the answer to give the client if the walk returns it, without the
  // gateway's headers.
  std::optional<http::response<http::string_body>> answer;
};

net::awaitable<AttemptResult> run_attempt(const AttemptPlan& plan, Worker& worker,
                                          ResponseWriter& out);

}  // namespace sb
