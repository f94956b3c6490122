// The state writer: writes from many threads all land, in order for the same key; a failing write
// is rolled back and counted without losing the rest of its batch; flush() returns only after the
// commit (another connection sees the rows); destroying the writer applies what is still queued.
#include "store/state_writer.h"

#include "http/store_read.h"
#include "http/usage_recorder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "support/test_env.h"

namespace sb {
namespace {

namespace fs = std::filesystem;

class StateWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = test::make_test_dir("sb-state-writer-test");
    path_ = (root_ / "state.db").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  StateWriterPtr make_writer() { return std::make_unique<StateWriter>(StateStore::open(path_)); }

  // Through a second connection, which sees committed rows only.
  std::int64_t count(const std::string& sql) {
    Db reader(path_);
    Stmt s = reader.prepare(sql);
    EXPECT_TRUE(s.step());
    return s.column_int64(0);
  }
  std::int64_t meta_rows_like(const std::string& pattern) {
    return count("SELECT count(*) FROM meta WHERE key LIKE '" + pattern + "'");
  }

  // Holds the writer thread inside a batch of its own until release(), so that everything
  // submitted meanwhile lands in the next batch together. Waits until the thread is inside: until
  // then it could still take the next writes into the gate's batch.
  void block_writer(StateWriter& writer) {
    std::promise<void> entered;
    auto inside = entered.get_future();
    auto gate = gate_.get_future().share();
    writer.submit([&entered, gate](StateStore&) {
      entered.set_value();
      gate.wait();
    });
    inside.wait();
  }
  void release() { gate_.set_value(); }

  fs::path root_;
  std::string path_;
  std::promise<void> gate_;
};

TEST_F(StateWriterTest, WritesFromSeveralThreadsAllLand) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  auto writer = make_writer();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = "k-" + std::to_string(t) + "-" + std::to_string(i);
        writer->submit([key](StateStore& s) { s.set_meta(key, "v"); });
      }
    });
  }
  for (auto& th : threads) th.join();
  writer->flush();
  EXPECT_EQ(meta_rows_like("k-%"), kThreads * kPerThread);
  EXPECT_EQ(writer->writes_done(), std::uint64_t{kThreads * kPerThread});
  EXPECT_EQ(writer->writes_failed(), 0u);
}

TEST_F(StateWriterTest, OrderIsPreservedForTheSameKey) {
  auto writer = make_writer();
  const CooldownRecord a{"openai/gpt-5", "rate_limited", 5'000, "", 1'000};
  const CooldownRecord b{"local/qwen3:8b", "overloaded", 9'000, "", 2'000};
  writer->submit([a](StateStore& s) { s.upsert_cooldown(a); });
  writer->submit([a](StateStore& s) { s.delete_cooldown(a.deployment); });
  writer->submit([b](StateStore& s) { s.upsert_cooldown(b); });
  writer->submit([](StateStore& s) { s.set_meta("last", "one"); });
  writer->submit([](StateStore& s) { s.set_meta("last", "two"); });
  writer.reset();

  auto store = StateStore::open(path_);
  EXPECT_EQ(store->load_cooldowns(), std::vector<CooldownRecord>{b});
  EXPECT_EQ(store->get_meta("last"), "two");
}

TEST_F(StateWriterTest, AFailingWriteIsCountedAndTheRestOfItsBatchCommits) {
  auto writer = make_writer();
  block_writer(*writer);
  writer->submit([](StateStore& s) { s.set_meta("ok-1", "v"); });
  writer->submit([](StateStore& s) { s.db().exec("INSERT INTO no_such_table VALUES (1)"); });
  // Partly applied before throwing: its own row must be rolled back with it.
  writer->submit([](StateStore& s) {
    s.set_meta("partial", "v");
    throw StoreError("refused");
  });
  writer->submit([](StateStore&) { throw 42; });
  writer->submit([](StateStore& s) { s.set_meta("ok-2", "v"); });
  release();
  writer->flush();

  EXPECT_EQ(writer->writes_failed(), 3u);
  EXPECT_EQ(writer->writes_done(), 3u);  // the gate and the two good writes
  EXPECT_EQ(meta_rows_like("ok-%"), 2);
  EXPECT_EQ(meta_rows_like("partial"), 0);
}

TEST_F(StateWriterTest, ALostTransactionCountsTheWholeBatchAsFailed) {
  auto writer = make_writer();
  block_writer(*writer);
  writer->submit([](StateStore& s) { s.set_meta("gone", "v"); });
  // Ends the batch's transaction behind the writer's back, so its savepoint cannot be released.
  writer->submit([](StateStore& s) { s.db().exec("ROLLBACK"); });
  release();
  writer->flush();
  EXPECT_EQ(writer->writes_done(), 1u);  // the gate, in its own batch
  EXPECT_EQ(writer->writes_failed(), 2u);
  EXPECT_EQ(meta_rows_like("gone"), 0);

  // The next batch starts a fresh transaction.
  writer->submit([](StateStore& s) { s.set_meta("after", "v"); });
  writer->flush();
  EXPECT_EQ(writer->writes_done(), 2u);
  EXPECT_EQ(meta_rows_like("after"), 1);
}

// A usage batch the writer lost without running (its transaction broke first) must not stop
// accounting: the next row hands over a new write, which takes the rows still waiting.
TEST_F(StateWriterTest, UsageRowsSurviveALostBatch) {
  auto writer = make_writer();
  UsageRecorder recorder(writer.get());
  UsageRecord row;
  row.surface = "openai-chat";
  row.status = 200;
  block_writer(*writer);
  writer->submit([](StateStore& s) { s.db().exec("ROLLBACK"); });  // breaks the next batch
  row.unix_ms = 1;
  recorder.record(row);  // its write sits behind the ROLLBACK, in the batch that is lost
  release();
  writer->flush();
  EXPECT_EQ(count("SELECT count(*) FROM usage"), 0);
  row.unix_ms = 2;
  recorder.record(row);
  writer->flush();
  EXPECT_EQ(count("SELECT count(*) FROM usage"), 2);
  EXPECT_EQ(recorder.waiting(), 0u);
}

net::awaitable<void> read_one(StateWriter& writer, std::string& outcome) {
  try {
    const int value = co_await read_store<int>(writer, [](StateStore&) { return 7; });
    outcome = "read " + std::to_string(value);
  } catch (const StoreError& e) {
    outcome = e.what();
  }
}

// A read whose batch is lost still answers its coroutine: with an error, never with silence.
TEST_F(StateWriterTest, AStoreReadInALostBatchAnswersWithAnError) {
  auto writer = make_writer();
  net::io_context io;
  std::string outcome;
  net::co_spawn(io, read_one(*writer, outcome), net::detached);
  io.run();  // the read is answered normally
  EXPECT_EQ(outcome, "read 7");

  io.restart();
  block_writer(*writer);
  writer->submit([](StateStore& s) { s.db().exec("ROLLBACK"); });
  net::co_spawn(io, read_one(*writer, outcome), net::detached);
  io.poll();  // submits the read, behind the ROLLBACK
  release();
  writer->flush();
  io.run();
  EXPECT_EQ(outcome, "the state store read was lost");
}

TEST_F(StateWriterTest, FlushReturnsAfterTheCommit) {
  auto writer = make_writer();
  for (int i = 0; i < 50; ++i) {
    std::string key = "f-" + std::to_string(i);
    writer->submit([key](StateStore& s) { s.set_meta(key, "v"); });
    writer->flush();
    EXPECT_EQ(meta_rows_like("f-%"), i + 1);
  }
}

TEST_F(StateWriterTest, FlushWithNothingSubmittedReturns) {
  auto writer = make_writer();
  writer->flush();
  EXPECT_EQ(writer->writes_done(), 0u);
}

TEST_F(StateWriterTest, DestructorAppliesEverythingQueued) {
  {
    auto writer = make_writer();
    block_writer(*writer);
    for (int i = 0; i < 100; ++i) {
      std::string key = "d-" + std::to_string(i);
      writer->submit([key](StateStore& s) { s.set_meta(key, "v"); });
    }
    release();
  }
  auto store = StateStore::open(path_);
  EXPECT_EQ(store->migrations_applied(), 0);
  EXPECT_EQ(meta_rows_like("d-%"), 100);
}

}  // namespace
}  // namespace sb
