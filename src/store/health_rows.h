// The `health_minutes` table (migration 4): each deployment's finished minutes, written by the
// housekeeping thread through the state writer, read back at start (the last hour refills the
// status windows) and dropped after seven days.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/health_board.h"
#include "store/state_store.h"

namespace sb {

inline constexpr std::int64_t kHealthKeptMinutes = 7 * 24 * 60;

// Insert, or replace the row of the same deployment and minute.
void insert_health_minute(StateStore& store, const DeploymentMinute& row);
// Every row of minute >= since_minute, by deployment then minute.
std::vector<DeploymentMinute> load_health_minutes(StateStore& store, std::int64_t since_minute);
// Deletes the rows of minutes before `before_minute`; returns how many.
std::int64_t prune_health_minutes(StateStore& store, std::int64_t before_minute);

}  // namespace sb
