// What the request path reports for observation, in one place: per attempt, a health sample
// (metrics/health_board.h) and the attempt metrics; per failover, its class; per request, the
// usage row's figures. GET /metrics renders the registry after setting the gauges that are read
// rather than counted (cooldowns, circuits, the writer's queue).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.h"
#include "metrics/health_board.h"
#include "metrics/metrics.h"
#include "routing/router.h"
#include "usage/usage_record.h"

namespace sb {

class Observability {
 public:
  void attempt(std::string_view deployment, const AttemptSample& sample, std::int64_t now_ms);
  void failover(std::string_view group, std::string_view deployment, FailureClass cls);
  void request(const UsageRecord& record);

  // The exposition, with the read gauges set from `router` (every deployment of `config`),
  // the writer's queue depth and the usage rows dropped so far.
  std::string scrape(const Config& config, const Router& router, std::size_t queue_depth,
                     std::uint64_t rows_dropped);

  HealthBoard& health() { return health_; }
  Metrics& metrics() { return metrics_; }

 private:
  Metrics metrics_;
  HealthBoard health_;
};

}  // namespace sb
