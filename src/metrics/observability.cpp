#include "metrics/observability.h"

#include <array>
#include <charconv>

namespace sb {

namespace {

std::string_view status_text(unsigned status, std::array<char, 8>& buffer) {
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), status);
  return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

double circuit_value(DeploymentState state) {
  if (state == DeploymentState::CircuitOpen) return 2;
  if (state == DeploymentState::HalfOpen) return 1;
  return 0;
}

}  // namespace

void Observability::attempt(std::string_view deployment, const AttemptSample& sample,
                            std::int64_t now_ms) {
  health_.record(deployment, sample, now_ms);
  auto m = metrics_.batch();
  m.add(MetricId::attempts_total,
        {deployment, sample.failure ? to_string(*sample.failure) : std::string_view("ok")});
  if (!sample.failure) {
    m.observe(MetricId::attempt_duration_seconds, {deployment}, sample.latency_ms / 1000);
  }
  if (sample.ttft_ms) {
    m.observe(MetricId::time_to_first_token_seconds, {deployment}, *sample.ttft_ms / 1000);
  }
}

void Observability::failover(std::string_view group, std::string_view deployment,
                             FailureClass cls) {
  metrics_.batch().add(MetricId::failovers_total, {group, deployment, to_string(cls)});
}

void Observability::request(const UsageRecord& r) {
  std::array<char, 8> buffer{};
  auto m = metrics_.batch();
  m.add(MetricId::requests_total, {r.surface, r.group, status_text(r.status, buffer)});
  m.observe(MetricId::request_duration_seconds, {r.surface},
            static_cast<double>(r.latency_ms) / 1000);
  if (r.usage) {
    const Usage& u = *r.usage;
    for (const auto& [kind, n] : {std::pair<std::string_view, std::int64_t>{"input", u.input},
                                  {"output", u.output},
                                  {"cache_read", u.cache_read},
                                  {"cache_write", u.cache_write},
                                  {"reasoning", u.reasoning}}) {
      if (n > 0) m.add(MetricId::tokens_total, {r.deployment, kind}, static_cast<double>(n));
    }
  }
  if (r.cost_usd && *r.cost_usd > 0) {
    m.add(MetricId::cost_usd_total, {r.group, r.deployment}, *r.cost_usd);
  }
}

std::string Observability::scrape(const Config& config, const Router& router,
                                  std::size_t queue_depth, std::uint64_t rows_dropped) {
  {
    std::array<double, kFailureClassCount> cooling{};
    std::vector<std::pair<std::string, double>> circuits;
    for (const auto& group : config.groups) {
      for (const auto& d : group.deployments) {
        const DeploymentStatus s = router.status(d);
        circuits.emplace_back(s.deployment, circuit_value(s.state));
      }
    }
    for (const DeploymentStatus& s : router.status()) {
      if (s.cooling_class) ++cooling[static_cast<std::size_t>(*s.cooling_class)];
    }
    auto m = metrics_.batch();
    for (FailureClass cls : kFailureClasses) {
      m.set(MetricId::cooldowns_active, {to_string(cls)}, cooling[static_cast<std::size_t>(cls)]);
    }
    for (const auto& [deployment, value] : circuits) {
      m.set(MetricId::circuit_state, {deployment}, value);
    }
    m.set(MetricId::usage_queue_depth, {}, static_cast<double>(queue_depth));
    m.set(MetricId::usage_rows_dropped_total, {}, static_cast<double>(rows_dropped));
    m.set(MetricId::build_info, {SWITCHBOARD_VERSION}, 1);
  }
  return metrics_.exposition();
}

}  // namespace sb
