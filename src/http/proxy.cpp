#include "http/proxy.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "catalog/deployment_model.h"
#include "http/attempt.h"
#include "http/error_response.h"
#include "http/failover_report.h"
#include "providers/chat_request.h"
#include "providers/translation.h"
#include "routing/model_resolver.h"

namespace sb {

namespace {

// How a deployment's account relates to the client's dialect: the same (pass-through), another
// the gateway translates (providers/translation.h), or none it can translate to.
struct DialectRoute {
  Dialect upstream = Dialect::OpenAIChat;
  bool usable = false;
  std::optional<Translation> translation;  // none: pass-through
};

DialectRoute route_for(const AccountConfig& account, Dialect client) {
  DialectRoute route;
  route.upstream = upstream_dialect(account.type, client);
  route.translation = find_translation(client, route.upstream);
  route.usable = route.upstream == client || route.translation;
  return route;
}

// Why a deployment's account cannot serve this client at all, or empty when it can.
std::string unusable_reason(const AccountConfig& account, const DialectRoute& route) {
  if (account.auth == AuthMode::Passthrough) return "unsupported:passthrough";
  if (!route.usable) return "untranslatable";
  return {};
}

bool has_credentials(const AccountConfig& account) {
  switch (account.auth) {
    case AuthMode::ApiKey: return account.api_key.has_value();
    // A local server (Ollama, llama.cpp, vLLM) usually wants no key at all: until the
    // credential store exists, an openai-compatible account without one is sent none.
    case AuthMode::CredentialStore: return account.type == ProviderType::OpenAICompatible;
    case AuthMode::Passthrough: return true;
    case AuthMode::OAuth: return false;
  }
  return false;
}

// The request in neutral form, parsed on first use: only when the walk meets a deployment of
// another dialect.
class LazyConversation {
 public:
  LazyConversation(Dialect client, std::string_view body) : client_(client), body_(body) {}
  const Result<Conversation>& get() {
    if (!value_) value_.emplace(parse_client_request(client_, body_));
    return *value_;
  }
  // Null until something asked for it.
  const Result<Conversation>* parsed() const { return value_ ? &*value_ : nullptr; }

 private:
  Dialect client_;
  std::string_view body_;
  std::optional<Result<Conversation>> value_;
};

// Called while the walk starts, never later.
DeploymentFacts deployment_facts(const Config& config, Dialect client,
                                 LazyConversation& conversation) {
  return [&config, client, &conversation](const Deployment& d) {
    DeploymentInfo info;
    const AccountConfig* account = config.find_account(d.account);
    if (!account) {
      info.unusable = "unknown_account";
      return info;
    }
    const DialectRoute route = route_for(*account, client);
    info.unusable = unusable_reason(*account, route);
    if (info.unusable.empty() && route.translation && !conversation.get()) {
      info.unusable = "untranslatable";
    }
    info.has_credentials = has_credentials(*account);
    if (const DeploymentModel model = deployment_model(config, d)) {
      info.tools = model->tools;
      info.images = model->vision;
      info.context_window = model->context_window;
      if (model->price) info.input_price = model->price->input;
    }
    return info;
  };
}

void set_failover_header(http::fields& head, const RequestWalk& walk, const Deployment* answering) {
  const std::string trail = failover_header(walk.trail(), answering);
  if (trail.empty()) {
    head.erase("x-switchboard-failover");
  } else {
    head.set("x-switchboard-failover", trail);
  }
}

double milliseconds_between(std::chrono::steady_clock::time_point from,
                            std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// One attempt as its deployment's health sees it. A client that left taught nothing about the
// deployment: no sample.
void observe_attempt(Observability& observe, std::string_view deployment, const AttemptResult& r,
                     std::chrono::steady_clock::time_point started) {
  if (r.kind == AttemptResult::Kind::ClientGone) return;
  const auto ended = std::chrono::steady_clock::now();
  AttemptSample s;
  if (r.kind == AttemptResult::Kind::Failed) s.failure = r.failure.cls;
  s.latency_ms = milliseconds_between(started, ended);
  if (r.first_content) s.ttft_ms = milliseconds_between(started, *r.first_content);
  if (r.usage) s.output_tokens = r.usage->output;
  s.generation_ms = r.first_content ? milliseconds_between(*r.first_content, ended) : s.latency_ms;
  const auto now_ms = unix_ms(std::chrono::system_clock::now());
  observe.attempt(deployment, s, now_ms);
}

}  // namespace

net::awaitable<void> proxy_request(const ProxyContext& ctx, Dialect client, Worker& worker,
                                   HttpRequest& request, ResponseWriter& out) {
  const Config& config = ctx.config;
  http::fields head;  // the gateway's own headers, on every response once the model resolves
  UsageDraft accounting(ctx.usage, client, out, head);

  // 1. scan
  auto facts =
      scan_chat_request(request.body(), client == Dialect::OpenAIResponses ? "input" : "messages");
  if (!facts) co_return (void) co_await send_error(out, client, facts.error());

  // 2. resolve
  auto resolution = resolve_model(config, facts->model);
  if (!resolution) co_return (void) co_await send_error(out, client, resolution.error());
  head.set("x-switchboard-group", resolution->name);
  if (resolution->via == Resolution::Via::DefaultGroup) {
    head.set("x-switchboard-resolved-by", to_string(resolution->via));
  }

  RequestNeeds needs;
  needs.tools = facts->has_tools;
  needs.images = facts->has_images;
  if (ctx.budgets) {
    const auto now = std::chrono::system_clock::now();
    const BudgetVerdict budget = ctx.budgets->check(resolution->name, now);
    if (budget.kind == BudgetVerdict::Kind::Refuse) {
      const auto wait = std::chrono::ceil<std::chrono::seconds>(budget.resets_at - now);
      head.set(http::field::retry_after, std::to_string(std::max<long long>(1, wait.count())));
      const GatewayError refusal = budget_exceeded_error(budget);
      co_return (void) co_await send_error(out, client, refusal, &head);
    }
    if (budget.kind == BudgetVerdict::Kind::Restrict) {
      needs.max_input_price = budget.max_price;
      head.set("x-switchboard-budget", "restricted");
    }
  }
  LazyConversation conversation(client, request.body());
  RequestWalk walk = ctx.router.start(
      route_request(*resolution, needs, deployment_facts(config, client, conversation)));
  const Policy& policy = *resolution->policy;
  // The last answer that blamed the request itself (context too long; a content filter, when
  // configured to fail over): when no other deployment answers, the client gets it rather than
  // a 502, since its SDK knows what to do with it (an agent compacts its context).
  std::optional<http::response<http::string_body>> own_fault;
  std::optional<Deployment> own_fault_from;

  for (;;) {
    // 3. walk
    const RequestWalk::Step step = walk.next();
    if (step.kind == RequestWalk::Step::Kind::Wait) {
      net::steady_timer timer(worker.io, step.wait);
      co_await timer.async_wait(use_tuple);
      continue;
    }
    if (step.kind == RequestWalk::Step::Kind::Exhausted) {
      // 6. answer
      const auto report = walk.report();
      if (own_fault) {
        head.set("x-switchboard-deployment", own_fault_from->id());
        set_failover_header(head, walk, &*own_fault_from);
        copy_fields(head, own_fault->base());
        ctx.events.exhausted(resolution->name, own_fault->result_int(), report);
        co_await out.send(std::move(*own_fault));
        co_return;
      }
      head.erase("x-switchboard-deployment");  // nobody answered
      set_failover_header(head, walk, nullptr);
      if (const auto* parsed = conversation.parsed(); parsed && !*parsed && !step.all_cooling) {
        // Deployments of another dialect could not take it, and the rest did not answer: what
        // the client can fix is the request.
        ctx.events.exhausted(resolution->name, 400, report);
        const GatewayError untranslatable = parsed->error();
        co_await send_error(out, client, untranslatable, &head);
        co_return;
      }
      auto res = exhausted_response(client, resolution->name, step, report,
                                    std::chrono::system_clock::now(), out.version(), head);
      ctx.events.exhausted(resolution->name, res.result_int(), report);
      co_await out.send(std::move(res));
      co_return;
    }

    // 4. attempt
    const Deployment& deployment = step.deployment;
    const std::string deployment_id = deployment.id();
    const AccountConfig* account = config.find_account(deployment.account);
    head.set("x-switchboard-deployment", deployment_id);
    set_failover_header(head, walk, &deployment);
    const DialectRoute route = route_for(*account, client);
    const Conversation* neutral_request = route.translation ? &conversation.get().value() : nullptr;
    const DeploymentModel model = deployment_model(config, deployment);
    const AttemptPlan plan{
        *account,    deployment, client,          route.upstream,
        request,     *facts,     neutral_request, route.translation ? &*route.translation : nullptr,
        model.get(), policy,     walk.deadline(), head};
    const auto attempt_started = std::chrono::steady_clock::now();
    AttemptResult result = co_await run_attempt(plan, worker, out);
    accounting.attempted(deployment, deployment_id, catalog_provider(*account), plan.model, result);
    if (ctx.observe) observe_attempt(*ctx.observe, deployment_id, result, attempt_started);
    if (result.kind == AttemptResult::Kind::Answered) {
      walk.on_success(result.latency);
      co_return;
    }
    if (result.kind == AttemptResult::Kind::ClientGone) co_return;  // the walk abandons it

    // 5. decide
    const RequestWalk::Decision decision = walk.on_failure(result.failure, result.facts);
    ctx.events.attempt_failed(resolution->name, deployment, result.failure, decision.kind);
    if (ctx.observe && decision.kind == RequestWalk::Decision::Kind::FailOver) {
      ctx.observe->failover(resolution->name, deployment_id, result.failure.cls);
    }
    if (decision.kind == RequestWalk::Decision::Kind::ReturnToClient && result.answer) {
      copy_fields(head, result.answer->base());
      co_await out.send(std::move(*result.answer));
      co_return;
    }
    // Committed: the relay already ended the stream with an error event; nothing more to say.
    if (result.facts.response_committed) co_return;
    const bool blames_request = result.failure.cls == FailureClass::ContextTooLong ||
                                result.failure.cls == FailureClass::ContentFiltered;
    if (blames_request && result.answer) {
      own_fault = std::move(result.answer);
      own_fault_from = deployment;
    }
  }
}

}  // namespace sb
