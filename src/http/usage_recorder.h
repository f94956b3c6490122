// Accounting on the request path: every request that reaches a surface becomes one usage row
// (usage/usage_record.h), handed to the state writer without waiting. Rows wait in the
// recorder's own buffer, and the writer is handed one write per batch of them (one savepoint,
// one closure, one wake-up for hundreds of rows), which is what keeps accounting cheap at the
// request rate. The buffer is bounded: when the store cannot keep up, a row is dropped, counted
// and logged, and the I/O thread never blocks (a burst bigger than the bound is the only way to
// lose one; SIGTERM drains requests in flight and then flushes every buffered row).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "catalog/model_info.h"
#include "config/config.h"
#include "core/dialect.h"
#include "core/net.h"
#include "http/attempt.h"
#include "http/budget_keeper.h"
#include "http/response_writer.h"
#include "metrics/observability.h"
#include "store/state_writer.h"
#include "usage/usage_record.h"

namespace sb {

// About a minute of rows at 1,500 requests a second; each is a few hundred bytes.
inline constexpr std::size_t kUsageQueueLimit = 100'000;

class UsageRecorder {
 public:
  // `writer` may be null: rows are counted and dropped (no state store).
  explicit UsageRecorder(StateWriter* writer, std::size_t queue_limit = kUsageQueueLimit)
      : writer_(writer), limit_(queue_limit) {}

  // Before any request (the gateway restores state first, then starts persisting).
  void set_writer(StateWriter* writer) { writer_ = writer; }
  // Also before any request: who else hears of each row (metrics); may stay null.
  void set_observer(Observability* observer) { observer_ = observer; }
  void set_budgets(BudgetKeeper* budgets) { budgets_ = budgets; }
  // From any thread; never waits for the store.
  void record(UsageRecord record);
  std::uint64_t dropped() const { return dropped_.load(); }  // rows the full buffer refused
  std::size_t waiting() const;                               // rows not written yet

 private:
  // Shared with the write that empties it, so a write still queued when the recorder goes
  // never points at nothing.
  struct Pending {
    std::mutex mutex;
    std::vector<UsageRecord> rows;
    bool write_queued = false;  // a write that will take `rows` is in the writer's queue
  };

  StateWriter* writer_;
  std::shared_ptr<Pending> pending_ = std::make_shared<Pending>();
  Observability* observer_ = nullptr;
  BudgetKeeper* budgets_ = nullptr;
  std::size_t limit_;
  std::atomic<std::uint64_t> dropped_{0};
};

// One request's row in the making. It is recorded when the draft is destroyed, however the
// request ended, so no return path can forget it: the status the client got (499 when it hung up
// before any), the group, deployment and failover chain the gateway's headers named, and the
// last attempt's tokens, cost and timing.
class UsageDraft {
 public:
  // `out` and `head` (the gateway's own response headers) must outlive the draft.
  UsageDraft(UsageRecorder* recorder, Dialect surface, const ResponseWriter& out,
             const http::fields& head);
  ~UsageDraft();
  UsageDraft(const UsageDraft&) = delete;
  UsageDraft& operator=(const UsageDraft&) = delete;

  // After each attempt: the deployment tried (and its id), what is known of its model (null:
  // nothing), and what the attempt learnt. The last attempt's figures are the request's.
  void attempted(const Deployment& deployment, std::string_view deployment_id,
                 std::string_view provider, const ModelInfo* model, const AttemptResult& result);

 private:
  UsageRecorder* recorder_;
  const ResponseWriter& out_;
  const http::fields& head_;
  std::chrono::steady_clock::time_point arrived_;
  std::optional<std::chrono::steady_clock::time_point> first_content_;
  UsageRecord record_;
};

}  // namespace sb
