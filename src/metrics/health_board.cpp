#include "metrics/health_board.h"

namespace sb {

void HealthBoard::record(std::string_view deployment, const AttemptSample& sample,
                         std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(deployment);
  if (it == windows_.end()) it = windows_.emplace(std::string(deployment), HealthWindow{}).first;
  it->second.record(sample, now_ms);
}

HealthSummary HealthBoard::window(std::string_view deployment, int minutes,
                                  std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  const auto it = windows_.find(deployment);
  return it == windows_.end() ? HealthSummary{} : it->second.window(minutes, now_ms);
}

void HealthBoard::restore(const DeploymentMinute& row) {
  std::lock_guard lock(mutex_);
  windows_[row.deployment].restore(row.minute);
}

std::vector<DeploymentMinute> HealthBoard::take_finished(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::vector<DeploymentMinute> out;
  for (auto& [deployment, window] : windows_) {
    for (auto& minute : window.take_finished(now_ms))
      out.push_back({deployment, std::move(minute)});
  }
  return out;
}

}  // namespace sb
