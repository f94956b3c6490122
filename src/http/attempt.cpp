#include "http/attempt.h"

#include <spdlog/spdlog.h>

#include "http/error_response.h"
#include "http/relay.h"
#include "http/upstream_client.h"
#include "http/upstream_url.h"
#include "providers/failure_class.h"
#include "providers/openai_stream.h"
#include "providers/stream_translator.h"
#include "providers/upstream_endpoint.h"

namespace sb {

namespace {

using Kind = AttemptResult::Kind;

// A gateway-made JSON answer the walk may hand to the client.
http::response<http::string_body> json_answer(http::status status, std::string body) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

std::vector<std::pair<std::string, std::string>> header_list(const http::fields& fields) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : fields) out.emplace_back(f.name_string(), f.value());
  return out;
}

bool stalled(TransportFailure t) {
  return t == TransportFailure::ConnectTimeout || t == TransportFailure::FirstByteTimeout;
}

AttemptResult failed(ProviderType type, const UpstreamOutcome& outcome, bool committed) {
  AttemptResult r;
  r.kind = Kind::Failed;
  r.failure = classify(type, outcome, std::chrono::system_clock::now());
  r.facts.response_committed = committed;
  r.facts.stalled = stalled(outcome.transport);
  return r;
}

// No usable response at all: connect, TLS, send, first-byte failures.
AttemptResult transport_failed(ProviderType type, Dialect client, const GatewayError& error) {
  UpstreamOutcome outcome;
  outcome.transport = error.transport;
  AttemptResult r = failed(type, outcome, false);
  // Our own words, with the peer's host:port and the system's reason ("certificate verify
  // failed"): what the user needs to fix it, and never a secret.
  r.failure.detail += ": " + error.message;
  r.answer =
      json_answer(static_cast<http::status>(http_status(error.kind)), error_body(client, error));
  return r;
}

// A 200 whose body or stream failed: by the error event's content when the upstream sent one,
// else by how the transport broke. `translation` (set when the upstream speaks another dialect)
// rewords the upstream's error event for the client.
AttemptResult relay_failed(ProviderType type, Dialect client, const http::fields& headers,
                           const RelayResult& relayed, const Translation* translation) {
  UpstreamOutcome outcome;
  outcome.status = 200;
  outcome.in_stream = true;
  outcome.headers = header_list(headers);
  if (relayed.upstream_error) outcome.body = *relayed.upstream_error;
  if (relayed.error) outcome.transport = relayed.error->transport;
  const bool committed = relayed.status == RelayResult::Status::FailedAfterCommit;
  AttemptResult r = failed(type, outcome, committed);
  if (committed) return r;
  if (relayed.upstream_error) {
    // Returned to the client only for its own faults (bad request, content filter): a 400.
    r.answer = json_answer(http::status::bad_request,
                           translation ? translate_error(*translation, *relayed.upstream_error)
                                       : *relayed.upstream_error);
  } else {
    const GatewayError error = relayed.error.value_or(GatewayError{});
    r.answer =
        json_answer(static_cast<http::status>(http_status(error.kind)), error_body(client, error));
  }
  return r;
}

}  // namespace

net::awaitable<AttemptResult> run_attempt(const AttemptPlan& plan, Worker& worker,
                                          ResponseWriter& out) {
  const ProviderType type = plan.account.type;
  auto url = parse_base_url(plan.account.base_url);
  if (!url) {
    // Config validation makes this unreachable in practice; a protocol failure if it happens.
    GatewayError error = url.error();
    error.transport = TransportFailure::Protocol;
    AttemptResult r = transport_failed(type, plan.client, error);
    co_return r;
  }
  // The deployment's dialect: pass-through, or a translation both ways.
  std::string body;
  std::optional<StreamTranslator> stream_translator;
  RelayOptions relay_options;
  relay_options.client = plan.client;
  if (plan.translation) {
    auto built = build_upstream_request(*plan.translation, *plan.conversation,
                                        plan.deployment.model, plan.model);
    if (!built) {
      // The request cannot be said in this dialect (its own fault): back to the client.
      AttemptResult r;
      r.failure = Failure{FailureClass::BadRequest, std::nullopt, "untranslatable request"};
      r.answer = json_answer(http::status::bad_request, error_body(plan.client, built.error()));
      co_return r;
    }
    body = std::move(*built);
    relay_options.translation = plan.translation;
    relay_options.created = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    stream_translator.emplace(*plan.translation, relay_options.created, plan.facts.include_usage);
    relay_options.stream = &*stream_translator;
  } else {
    // An OpenAI Chat stream reports its tokens only when asked: ask on the client's behalf, and
    // hide the answer from a client that did not ask.
    const bool ask_usage = plan.client == Dialect::OpenAIChat && plan.facts.stream &&
                           !plan.facts.include_usage;
    body = rewrite_model(plan.client_request.body(), plan.facts, plan.deployment.model, ask_usage);
    if (ask_usage) relay_options.filter = hide_requested_usage;
  }
  http::request<http::string_body> upstream_request = upstream_http_request(
      plan.upstream, plan.account, *url, plan.deployment.model, std::move(body), plan.facts);
  if (!plan.translation && plan.client == Dialect::AnthropicMessages) {
    // Same dialect: the client's API version and betas are its own business.
    for (const std::string_view name : {"anthropic-version", "anthropic-beta"}) {
      const auto it = plan.client_request.find(name);
      if (it != plan.client_request.end()) upstream_request.set(name, it->value());
    }
  }
  const UpstreamTimeouts timeouts{plan.policy.timeouts.connect, plan.policy.timeouts.first_byte,
                                  plan.policy.timeouts.idle, plan.deadline};
  const auto started = std::chrono::steady_clock::now();
  auto exchange =
      co_await UpstreamExchange::start(worker.pool, url->origin, upstream_request, timeouts);
  if (!exchange) {
    spdlog::warn("{}: {}", plan.deployment.id(), exchange.error().message);
    AttemptResult r = transport_failed(type, plan.client, exchange.error());
    co_return r;
  }
  UpstreamExchange& ex = **exchange;
  const auto latency =
      std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  const unsigned status = ex.status();

  if (status < 200 || status >= 300) {
    auto error_body = co_await ex.read_all(kMaxErrorBody);
    UpstreamOutcome outcome;
    outcome.status = status;
    outcome.headers = header_list(ex.headers());
    if (error_body) {
      outcome.body = *error_body;
      ex.finish();
    }
    AttemptResult r = failed(type, outcome, false);
    r.answer.emplace();
    r.answer->result(status);
    for (const auto& field : ex.headers()) {
      if (is_relayed_response_header(field.name_string())) {
        r.answer->insert(field.name_string(), field.value());
      }
    }
    if (error_body) {
      if (plan.translation) {
        r.answer->body() = translate_error(*plan.translation, *error_body);
        r.answer->set(http::field::content_type, "application/json");
      } else {
        r.answer->body() = std::move(*error_body);
      }
    }
    co_return r;
  }

  UsageMeter meter(plan.upstream);
  relay_options.meter = &meter;
  const RelayResult relayed = co_await relay_response(ex, plan.head, out, relay_options);
  AttemptResult r;
  if (relayed.status == RelayResult::Status::Completed) {
    r.kind = Kind::Answered;
    r.latency = latency;
  } else if (relayed.status == RelayResult::Status::ClientGone) {
    r.kind = Kind::ClientGone;
  } else {
    r = relay_failed(type, plan.client, ex.headers(), relayed, plan.translation);
  }
  r.usage = meter.usage();
  r.streamed = relayed.streamed;
  r.first_content = relayed.first_content;
  co_return r;
}

}  // namespace sb
