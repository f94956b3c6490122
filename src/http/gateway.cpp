#include "http/gateway.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/json.hpp>

#include "http/admin_api.h"
#include "http/count_tokens.h"
#include "http/error_response.h"
#include "http/models_endpoint.h"
#include "http/proxy.h"
#include "routing/reset_time.h"
#include "store/health_rows.h"

namespace sb {

namespace {

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

http::response<http::string_body> json_response(http::status status, std::string body) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

// The surfaces (SPEC §1), by path; null for any other path.
const Dialect* surface_at(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, Dialect>, 3> kSurfaces = {{
      {"/v1/chat/completions", Dialect::OpenAIChat},
      {"/v1/messages", Dialect::AnthropicMessages},
      {"/v1/responses", Dialect::OpenAIResponses},
  }};
  for (const auto& [at, dialect] : kSurfaces) {
    if (path == at) return &dialect;
  }
  return nullptr;
}

}  // namespace

Gateway::Gateway(ConfigPtr config, StateStorePtr store)
    : config_(std::move(config)), events_(hub_, nullptr), router_(clock_, rng_, &events_) {
  usage_.set_observer(&observability_);
  const ConfigPtr initial = config_.load();
  if (initial->budgets.any() || initial->probes.enabled) {
    outbound_ = std::make_unique<OutboundWorker>();
  }
  if (initial->budgets.any()) {
    budgets_ = std::make_unique<BudgetKeeper>(initial->budgets, events_, *outbound_);
    usage_.set_budgets(budgets_.get());
  }
  if (store) {
    // Read before the writer owns the store; nothing restored is written back.
    restore(*store);
    writer_ = std::make_unique<StateWriter>(std::move(store));
    events_.set_writer(writer_.get());
    usage_.set_writer(writer_.get());
  }
  if (initial->probes.enabled) prober_ = std::make_unique<Prober>(initial, events_, *outbound_);
  housekeeper_ = std::thread([this] { housekeeping(); });
}

Gateway::~Gateway() {
  // Outbound work (probes, webhooks) ends first: it refers to the prober and the keeper.
  if (prober_) prober_->stop();
  if (outbound_) outbound_->finish();
  {
    std::lock_guard lock(housekeeping_mutex_);
    stopping_ = true;
  }
  housekeeping_wake_.notify_all();
  housekeeper_.join();
  persist_health(true);  // the minute under way too: a restart within it merges into its row
  hub_.close();
  if (writer_ && announced_) {
    writer_->submit([](StateStore& s) { s.delete_meta(kMetaEndpoint); });
  }
}

void Gateway::announce_endpoint(const std::string& endpoint) {
  if (!writer_) return;
  announced_ = true;
  writer_->submit([endpoint](StateStore& s) { s.set_meta(kMetaEndpoint, endpoint); });
  writer_->flush();  // at startup, on the caller's thread: the CLI may look at once
}

void Gateway::restore(StateStore& store) {
  const auto wall = clock_.wall_now();
  std::size_t cooldowns = 0;
  for (const auto& row : store.load_cooldowns()) {
    const auto cls = parse_failure_class(row.failure_class);
    const Clock::sys_time until{std::chrono::milliseconds(row.until_unix_ms)};
    if (!cls || until <= wall) continue;
    router_.restore_cooldown(CooldownEntry{row.deployment, *cls, until, row.reason});
    ++cooldowns;
  }
  const auto wall_ms = unix_ms(wall);
  store.delete_expired_cooldowns(wall_ms);
  // The last hour of health refills the status windows; what is older than a week goes.
  const std::int64_t minute = wall_ms / 60'000;
  for (const auto& row : load_health_minutes(store, minute - HealthWindow::kSlots + 1)) {
    observability_.health().restore(row);
  }
  prune_health_minutes(store, minute - kHealthKeptMinutes);
  if (budgets_) budgets_->restore(store, wall);

  ConfigPtr config = config_.load();
  for (const auto& pin : store.load_pins()) {
    const auto deployment = parse_deployment(pin.deployment);
    if (!config->find_group(pin.group) || !deployment || !config->has_deployment(*deployment)) {
      spdlog::warn("dropping the saved pin {} -> {}: no longer in the configuration", pin.group,
                   pin.deployment);
      store.delete_pin(pin.group);
      continue;
    }
    router_.set_pin(pin.group, *deployment);
  }

  if (auto group = store.get_meta(kMetaDefaultGroup)) {
    if (config->find_group(*group)) {
      auto changed = std::make_shared<Config>(*config);
      changed->default_group = *group;
      config_.store(std::move(changed));
    } else {
      spdlog::warn("ignoring the saved default group {}: no longer in the configuration", *group);
      store.delete_meta(kMetaDefaultGroup);
    }
  }
  if (cooldowns > 0) spdlog::info("restored {} cooldown(s) from the state store", cooldowns);
}

void Gateway::housekeeping() {
  std::unique_lock lock(housekeeping_mutex_);
  while (!stopping_) {
    housekeeping_wake_.wait_for(lock, std::chrono::seconds(1));
    if (stopping_) break;
    lock.unlock();
    router_.sweep();
    persist_health(false);
    lock.lock();
  }
}

void Gateway::persist_health(bool with_current_minute) {
  if (!writer_) return;
  const auto now_ms = unix_ms(clock_.wall_now());
  auto finished =
      observability_.health().take_finished(now_ms + (with_current_minute ? 60'000 : 0));
  if (finished.empty()) return;
  // A minute has ended: its rows, and the week-old ones out, in one write.
  writer_->submit([rows = std::move(finished), now_ms](StateStore& store) {
    for (const auto& row : rows) insert_health_minute(store, row);
    prune_health_minutes(store, now_ms / 60'000 - kHealthKeptMinutes);
  });
}

bool Gateway::use_default_group(const std::string& group) {
  std::lock_guard lock(use_mutex_);
  ConfigPtr config = config_.load();
  if (!config->find_group(group)) return false;
  auto changed = std::make_shared<Config>(*config);
  changed->default_group = group;
  config_.store(std::move(changed));
  events_.default_group_changed(group);
  return true;
}

void Gateway::flush_state() {
  if (writer_) writer_->flush();
}

net::awaitable<void> Gateway::handle(Worker& worker, HttpRequest& request, ResponseWriter& out) {
  const std::string_view path = path_of(request.target());
  const auto method = request.method();
  ConfigPtr config = config_.load();

  if (const Dialect* surface = surface_at(path)) {
    const Dialect client = *surface;
    if (method != http::verb::post) {
      const GatewayError error =
          make_error(ErrorKind::MethodNotAllowed, fmt::format("use POST for {}", path));
      co_return (void) co_await send_error(out, client, error);
    }
    const ProxyContext ctx{*config, router_, events_, &usage_, &observability_, budgets_.get()};
    co_return co_await proxy_request(ctx, client, worker, request, out);
  }
  if (path == "/v1/messages/count_tokens") co_return co_await count_tokens(request, out);
  if (path == "/v1/models") {
    if (method != http::verb::get) {
      co_return (void) co_await send_openai_error(
          out, make_error(ErrorKind::MethodNotAllowed, "use GET for /v1/models"));
    }
    co_return (void) co_await out.send(json_response(http::status::ok, models_list_json(*config)));
  }
  if (path == "/metrics") {
    if (!admin_authorized(*config, request)) {
      co_return (void) co_await send_openai_error(out, admin_unauthorized());
    }
    const std::string body =
        observability_.scrape(*config, router_, usage_.waiting(), usage_.dropped());
    http::response<http::string_body> res{http::status::ok, out.version()};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = body;
    co_return (void) co_await out.send(std::move(res));
  }
  if (path == "/healthz") {
    co_return (void) co_await out.send(json_response(http::status::ok, R"({"status":"ok"})"));
  }
  if (path.starts_with("/admin/")) {
    co_return co_await handle_admin(*this, *config, worker, request, out);
  }
  co_await send_openai_error(
      out, make_error(
               ErrorKind::NotFound,
               fmt::format("no endpoint {} {}", std::string_view(request.method_string()), path)));
}

}  // namespace sb
