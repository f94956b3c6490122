// Active probes (config `probes:`, docs/observability.md): every `interval`, each probed
// account's cheapest call (its model listing, providers/upstream_endpoint.h) from the outbound
// thread, classified up / slow / erring / down (metrics/probe_state.h). A change of state is an
// alert: a log line, a `probe` event on /admin/events and, with `probes.webhook`, a POST. The
// latest result per account is in `switchboard status`.
//
// Probes only observe: they never cool a deployment or open a circuit (requests decide that from
// what they meet), so a probe of a slow listing endpoint cannot take a working account away.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "http/gateway_events.h"
#include "http/outbound_worker.h"
#include "http/webhook_sender.h"
#include "metrics/probe_state.h"

namespace sb {

struct ProbeResult {
  std::string account;
  ProbeState state = ProbeState::Unknown;
  double latency_ms = 0;
  std::string detail;      // "HTTP 401", a transport error; empty when up
  std::int64_t at_ms = 0;  // when it ended (unix ms); 0 before the first probe
};

class Prober {
 public:
  // Starts probing at once on `outbound`, which must outlive the prober; call stop() and then
  // the worker's finish() before destroying it.
  Prober(ConfigPtr config, GatewayEvents& events, OutboundWorker& outbound);

  // Ends the waits between probes; a probe under way ends within its timeout. Idempotent.
  void stop();
  // One per probed account, in config order.
  std::vector<ProbeResult> results() const;

 private:
  net::awaitable<void> loop(std::size_t index);
  net::awaitable<ProbeResult> probe(const AccountConfig& account);
  void record(std::size_t index, ProbeResult result);

  ConfigPtr config_;
  GatewayEvents& events_;
  OutboundWorker& outbound_;
  std::unique_ptr<WebhookSender> webhook_;
  std::vector<const AccountConfig*> accounts_;
  std::vector<std::unique_ptr<net::steady_timer>> timers_;  // the outbound thread's only
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<ProbeResult> results_;  // under mutex_
};

}  // namespace sb
