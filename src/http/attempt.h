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
// Dialects: `openai` / `openai-compatible` deployments get the client's body with only `model`
// replaced; `anthropic` ones a Messages request built from the neutral conversation, whose
// answer (whole or streamed) is translated back (providers/stream_translator.h).
#pragma once

#include <optional>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "core/conversation.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"
#include "providers/chat_request.h"
#include "routing/failure.h"
#include "routing/request_walk.h"

namespace sb {

// The largest upstream error body read for classification and relaying.
inline constexpr std::size_t kMaxErrorBody = 1024 * 1024;

struct AttemptPlan {
  const AccountConfig& account;
  const Deployment& deployment;
  std::string_view client_body;
  const ChatRequestFacts& facts;
  // The request in neutral form, for a deployment of another dialect; null when the client's
  // dialect is the deployment's (the body then passes through).
  const Conversation* conversation;
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
  // Failed before commit: the answer to give the client if the walk returns it, without the
  // gateway's headers.
  std::optional<http::response<http::string_body>> answer;
};

net::awaitable<AttemptResult> run_attempt(const AttemptPlan& plan, Worker& worker,
                                          ResponseWriter& out);

}  // namespace sb
