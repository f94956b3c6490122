// See state_writer.h. The queue is swapped out whole under the mutex, so submitters wait at most
// for a vector swap, never for SQLite.
#include "store/state_writer.h"

#include <spdlog/spdlog.h>

#include <cassert>
#include <exception>
#include <utility>

namespace sb {

StateWriter::StateWriter(StateStorePtr store) : store_(std::move(store)) {
  assert(store_ != nullptr);
  thread_ = std::thread([this] { run(); });
}

StateWriter::~StateWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void StateWriter::submit(Write write) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(write));
    ++submitted_;
    wake = queue_.size() == 1 || queue_.size() == kFullBatch;
  }
  // The thread sleeps only on an empty queue, or lingers until a batch is full: waking it for
  // every write would cost a context switch per batch, not per write.
  if (wake) work_.notify_one();
}

void StateWriter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = submitted_;
  ++flushing_;
  work_.notify_one();  // no lingering for a batch someone waits on
  processed_.wait(lock, [&] { return applied_ >= target; });
  --flushing_;
}

void StateWriter::run() {
  std::vector<Write> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued has been applied
      // Let a batch gather: at the request rate, one transaction per batch instead of per row.
      work_.wait_for(lock, kLinger, [&] {
        return stopping_ || flushing_ > 0 || queue_.size() >= kFullBatch;
      });
      batch.swap(queue_);
    }
    apply_batch(batch);
    {
      std::lock_guard lock(mutex_);
      applied_ += batch.size();
    }
    processed_.notify_all();
    batch.clear();
  }
}

void StateWriter::apply_batch(std::vector<Write>& batch) {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  try {
    Txn txn(store_->db());
    for (auto& write : batch) {
      if (apply_one(write)) {
        ++done;
      } else {
        ++failed;
      }
    }
    txn.commit();
  } catch (const std::exception& e) {
    // The transaction is gone (see the header), taking the writes that had succeeded with it.
    spdlog::error("state writer: a batch of {} writes was lost: {}", batch.size(), e.what());
    done = 0;
    failed = batch.size();
  }
  writes_done_ += done;
  writes_failed_ += failed;
}

// False when the write threw and was rolled back. Throws only when the savepoint itself fails,
// which means the enclosing transaction is unusable.
bool StateWriter::apply_one(Write& write) {
  Db& db = store_->db();
  db.cached("SAVEPOINT sb_write").step();
  try {
    write(*store_);
  } catch (const std::exception& e) {
    spdlog::error("state writer: a write failed and was rolled back: {}", e.what());
    db.exec("ROLLBACK TO sb_write; RELEASE sb_write");
    return false;
  } catch (...) {
    // Writes are ours and throw only std exceptions, but one escaping would end the process.
    spdlog::error("state writer: a write threw a non-standard exception and was rolled back");
    db.exec("ROLLBACK TO sb_write; RELEASE sb_write");
    return false;
  }
  db.cached("RELEASE sb_write").step();
  return true;
}

}  // namespace sb
