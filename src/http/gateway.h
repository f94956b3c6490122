// The application behind the HTTP server: routes each request to its endpoint and owns what
// every endpoint shares: the current configuration (an immutable snapshot, swapped whole, so a
// request sees one consistent config from start to end), the router (cooldowns, circuits, pins),
// the event hub behind `GET /admin/events`, and the state writer that persists routing state.
//
// Startup restores what the state store holds: cooldowns still ahead, pins whose group and
// account still exist, the default group chosen by `switchboard use` (if that group still
// exists). From then on the store is written only by the writer thread. A housekeeping thread
// sweeps the router once a second, so cooldown and circuit endings become events (and store
// deletions) even when no request looks at the deployment.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config/config.h"
#include "core/clock.h"
#include "core/net.h"
#include "core/rng.h"
#include "http/budget_keeper.h"
#include "http/event_hub.h"
#include "http/outbound_worker.h"
#include "http/prober.h"
#include "http/gateway_events.h"
#include "http/response_writer.h"
#include "http/server.h"
#include "http/usage_recorder.h"
#include "metrics/observability.h"
#include "routing/router.h"
#include "store/state_store.h"
#include "store/state_writer.h"

namespace sb {

class Gateway {
 public:
  // `store` may be null: nothing is restored or persisted.
  Gateway(ConfigPtr config, StateStorePtr store = nullptr);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  ConfigPtr config() const { return config_.load(); }
  void set_config(ConfigPtr config) { config_.store(std::move(config)); }

  net::awaitable<void> handle(Worker& worker, HttpRequest& request, ResponseWriter& out);

  // A Server::Handler that forwards to this gateway.
  Server::Handler handler() {
    return [this](Worker& w, HttpRequest& r, ResponseWriter& o) { return handle(w, r, o); };
  }

  Router& router() { return router_; }
  UsageRecorder& usage() { return usage_; }
  Observability& observability() { return observability_; }
  BudgetKeeper* budgets() { return budgets_.get(); }  // null without budgets
  Prober* prober() { return prober_.get(); }          // null without probes
  // The state store's only writer (http/store_read.h reads through it); null without a store.
  StateWriter* state_writer() { return writer_.get(); }
  GatewayEvents& events() { return events_; }
  EventHub& hub() { return hub_; }

  // `switchboard use GROUP`: the default group from now on, persisted. False: no such group.
  bool use_default_group(const std::string& group);

  // Records where the server listens (`HOST:PORT`) in the state store, for the CLI; the record
  // is removed when the gateway stops. Waits for the write: call it at startup, not on an I/O
  // thread.
  void announce_endpoint(const std::string& endpoint);

  // Ends the event streams (they would otherwise hold the server's drain to its bound). Call
  // before Server::shutdown.
  void close_events() { hub_.close(); }
  // Blocks until every state write queued so far is committed (tests, shutdown).
  void flush_state();

 private:
  void restore(StateStore& store);
  void housekeeping();
  // Hands each deployment's finished minutes to the writer (health_minutes), once each, and
  // with `with_current_minute` the one under way (at shutdown).
  void persist_health(bool with_current_minute);

  std::atomic<ConfigPtr> config_;
  // Serialises `use` switches, so the snapshot and the store agree on the last one.
  std::mutex use_mutex_;
  SteadyClock clock_;
  SystemRng rng_;
  EventHub hub_;
  std::unique_ptr<StateWriter> writer_;
  Observability observability_;
  std::unique_ptr<OutboundWorker> outbound_;  // webhooks and probes, when configured
  std::unique_ptr<BudgetKeeper> budgets_;     // when the config has budgets
  std::unique_ptr<Prober> prober_;            // when the config has probes
  UsageRecorder usage_{nullptr};  // writes through writer_ once there is one
  GatewayEvents events_;
  Router router_;

  std::mutex housekeeping_mutex_;
  std::condition_variable housekeeping_wake_;
  bool stopping_ = false;
  bool announced_ = false;
  std::thread housekeeper_;
};

}  // namespace sb
