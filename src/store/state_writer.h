// The single writer of the state store while the server runs: one thread that owns the store, so
// no SQLite write (and no fsync) ever happens on an I/O thread. Any thread hands it a write with
// submit(); the thread lets writes gather (up to kLinger after the first, or until kFullBatch),
// takes everything queued at once and applies it, in submission order, inside one transaction
// (a batch), then commits: usage rows at the request rate cost one commit per batch, and the
// thread is woken once per batch, not once per write.
//
// Failure isolation, by savepoint: each write runs inside `SAVEPOINT` ... `RELEASE`, and a write
// that throws is rolled back to its savepoint, logged and counted, while the rest of its batch
// still commits. This is simpler than "apply the batch, on failure replay it one by one", which
// would need every write to be safe to run twice. If the transaction itself fails (BEGIN cannot
// get the lock within the busy timeout, COMMIT fails, or SQLite abandoned the transaction so a
// savepoint can no longer be rolled back), the whole batch is lost and every write in it is counted
// as failed. Nothing thrown by a write or by SQLite escapes the thread.
//
// Invariants: writes apply in submission order (a later write to the same key wins); submit()
// holds a mutex only to append, never waits for the thread and never calls out, so it is safe
// under another component's lock; the destructor applies everything still queued, then joins.
// writes_done() counts committed writes, writes_failed() the rest; once flush() returns, every
// write submitted before it is counted in one or the other.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/state_store.h"

namespace sb {

class StateWriter {
 public:
  using Write = std::function<void(StateStore&)>;

  // Takes the store (no other thread may touch it from now on) and starts the thread.
  explicit StateWriter(StateStorePtr store);
  ~StateWriter();
  StateWriter(const StateWriter&) = delete;
  StateWriter& operator=(const StateWriter&) = delete;

  // From any thread but the writer's own (a write must not submit or flush). Must not race with
  // the destructor.
  void submit(Write write);
  // Blocks until every write submitted before the call is committed (or failed). For shutdown,
  // tests and tools: never call it on an I/O thread, nor from inside a write (it would deadlock).
  void flush();

  std::uint64_t writes_done() const { return writes_done_.load(); }
  std::uint64_t writes_failed() const { return writes_failed_.load(); }

 private:
  void run();
  void apply_batch(std::vector<Write>& batch);
  bool apply_one(Write& write);

  StateStorePtr store_;
  std::atomic<std::uint64_t> writes_done_{0};
  std::atomic<std::uint64_t> writes_failed_{0};

  // How long the thread lets writes gather after the first one arrives, unless the batch fills,
  // someone flushes or the writer stops. Writes are durable within this much of being submitted.
  static constexpr std::chrono::milliseconds kLinger{20};
  static constexpr std::size_t kFullBatch = 2048;

  mutable std::mutex mutex_;
  std::condition_variable work_;       // the thread waits on it for writes or stopping_
  std::condition_variable processed_;  // flush() waits on it for applied_
  std::vector<Write> queue_;
  std::uint64_t submitted_ = 0;  // writes ever submitted; under mutex_
  std::uint64_t applied_ = 0;    // writes ever committed or failed; under mutex_
  bool stopping_ = false;
  int flushing_ = 0;  // flush() calls waiting; under mutex_

  std::thread thread_;  // last: started once everything above exists
};

using StateWriterPtr = std::unique_ptr<StateWriter>;

}  // namespace sb
