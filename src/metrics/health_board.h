// Every deployment's HealthWindow (metrics/health_window.h), shared by the request path, which
// records one sample per attempt, and by status, /metrics and the housekeeping thread, which read
// windows and take finished minutes for the store. One mutex; each call holds it briefly.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/health_window.h"

namespace sb {

struct DeploymentMinute {
  std::string deployment;  // ACCOUNT/MODEL
  HealthMinute minute;
};

class HealthBoard {
 public:
  void record(std::string_view deployment, const AttemptSample& sample, std::int64_t now_ms);
  // An empty summary for a deployment never recorded.
  HealthSummary window(std::string_view deployment, int minutes, std::int64_t now_ms) const;
  std::vector<DeploymentMinute> take_finished(std::int64_t now_ms);
  void restore(const DeploymentMinute& row);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, HealthWindow, std::less<>> windows_;
};

}  // namespace sb
