// The `usage` table (migration 3): rows in, and reports out for `switchboard usage` and
// GET /admin/usage.
#pragma once

#include <vector>

#include "store/state_store.h"
#include "usage/usage_record.h"

namespace sb {

void insert_usage(StateStore& store, const UsageRecord& record);
// Every row in [since_ms, until_ms), oldest first (tests, exports).
std::vector<UsageRecord> load_usage(StateStore& store, std::int64_t since_ms,
                                    std::int64_t until_ms);

}  // namespace sb
