// The `usage` table (migration 3): rows in, and reports out for `switchboard usage` and
// GET /admin/usage.
#pragma once

#include <span>
#include <vector>

#include "store/state_store.h"
#include "usage/usage_record.h"
#include "usage/usage_report.h"

namespace sb {

void insert_usage(StateStore& store, const UsageRecord& record);
// Many rows, several to a statement (what the writer does with a batch).
void insert_usage(StateStore& store, std::span<const UsageRecord> rows);
// Every row in [since_ms, until_ms), oldest first (tests, exports).
std::vector<UsageRecord> load_usage(StateStore& store, std::int64_t since_ms,
                                    std::int64_t until_ms);
// The rows in [query.since_ms, query.until_ms) summed, by query.by (rows ordered by key, a row
// whose key is unknown has key ""), with the total over all of them.
UsageReport usage_report(StateStore& store, const UsageReportQuery& query);

}  // namespace sb
