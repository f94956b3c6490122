// Accounting on the request path: every request that reaches a surface becomes one usage row
// (usage/usage_record.h), handed to the state writer without waiting. The writer's queue is
// bounded for these rows: when the store cannot keep up, a row is dropped, counted and logged,
// and the I/O thread never blocks (a burst bigger than the bound is the only way to lose one;
// SIGTERM drains requests in flight and then flushes every queued row).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "catalog/model_info.h"
#include "config/config.h"
#include "core/dialect.h"
#include "core/net.h"
#include "http/attempt.h"
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
  // From any thread; never waits for the store.
  void record(UsageRecord record);
  std::uint64_t queued() const { return queued_.load(); }    // rows handed to the writer
  std::uint64_t dropped() const { return dropped_.load(); }  // rows the full queue refused

 private:
  StateWriter* writer_;
  Observability* observer_ = nullptr;
  std::size_t limit_;
  std::atomic<std::uint64_t> queued_{0};
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

  // After each attempt: the deployment tried, what is known of its model (null: nothing), and
  // what the attempt learnt. The last attempt's figures are the request's.
  void attempted(const Deployment& deployment, std::string_view provider, const ModelInfo* model,
                 const AttemptResult& result);

 private:
  UsageRecorder* recorder_;
  const ResponseWriter& out_;
  const http::fields& head_;
  std::chrono::steady_clock::time_point arrived_;
  std::optional<std::chrono::steady_clock::time_point> first_content_;
  UsageRecord record_;
};

}  // namespace sb
