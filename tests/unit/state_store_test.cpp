// The state store: first open creates private directories and the database and runs the
// migrations; reopening keeps the data and runs nothing; meta and cooldown accessors; a database
// from a newer switchboard is refused.
#include "store/state_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_env.h"

namespace sb {
namespace {

namespace fs = std::filesystem;

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = test::make_test_dir("sb-state-store-test");
    path_ = (root_ / "a/b/state.db").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  static unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }

  fs::path root_;
  std::string path_;
};

TEST_F(StateStoreTest, FirstOpenCreatesPrivateDirectoriesAndTheDatabase) {
  auto store = StateStore::open(path_);
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_EQ(mode_of(root_ / "a"), 0700u);
  EXPECT_EQ(mode_of(root_ / "a/b"), 0700u);
  EXPECT_EQ(mode_of(path_), 0600u);
  EXPECT_EQ(store->schema_version(), StateStore::latest_schema_version());
  EXPECT_EQ(store->schema_version(), 5);
  EXPECT_EQ(store->migrations_applied(), 5);
  auto created = store->get_meta("created_at");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->size(), std::string("2026-01-01T00:00:00.000Z").size()) << *created;
}

TEST_F(StateStoreTest, ReopeningKeepsDataAndRunsNoMigration) {
  std::string created;
  {
    auto store = StateStore::open(path_);
    created = store->get_meta("created_at").value_or("");
    store->set_meta("note", "kept");
    store->upsert_cooldown({"openai/gpt-5", "quota_exhausted", 2'000, "insufficient_quota", 1'000});
  }
  auto store = StateStore::open(path_);
  EXPECT_EQ(store->migrations_applied(), 0);
  EXPECT_EQ(store->schema_version(), 5);
  EXPECT_EQ(store->get_meta("created_at"), created);
  EXPECT_EQ(store->get_meta("note"), "kept");
  ASSERT_EQ(store->load_cooldowns().size(), 1u);
  EXPECT_EQ(store->load_cooldowns()[0].reason, "insufficient_quota");
}

TEST_F(StateStoreTest, MetaGetAndSet) {
  auto store = StateStore::open(path_);
  EXPECT_FALSE(store->get_meta("missing"));
  store->set_meta("k", "one");
  store->set_meta("k", "two");
  EXPECT_EQ(store->get_meta("k"), "two");
}

TEST_F(StateStoreTest, MetaDelete) {
  auto store = StateStore::open(path_);
  store->set_meta(kMetaDefaultGroup, "coding");
  EXPECT_TRUE(store->delete_meta(kMetaDefaultGroup));
  EXPECT_FALSE(store->delete_meta(kMetaDefaultGroup));
  EXPECT_FALSE(store->get_meta(kMetaDefaultGroup));
}

TEST_F(StateStoreTest, PinsSetReplaceAndDelete) {
  auto store = StateStore::open(path_);
  store->set_pin("fast", "openai/gpt-5-mini");
  store->set_pin("coding", "openai/gpt-5");
  store->set_pin("coding", "local/qwen3:8b");  // one pin per group: replaced
  EXPECT_EQ(store->load_pins(),
            (std::vector<PinRecord>{{"coding", "local/qwen3:8b"}, {"fast", "openai/gpt-5-mini"}}));
  EXPECT_TRUE(store->delete_pin("coding"));
  EXPECT_FALSE(store->delete_pin("coding"));
  EXPECT_EQ(store->load_pins(), (std::vector<PinRecord>{{"fast", "openai/gpt-5-mini"}}));
}

TEST_F(StateStoreTest, AVersionOneDatabaseMigratesKeepingItsCooldowns) {
  {
    auto store = StateStore::open(path_);
    store->upsert_cooldown({"a/m", "rate_limited", 5'000, "", 1'000});
    store->roll_back_to(1);
    EXPECT_EQ(store->schema_version(), 1);
    EXPECT_THROW(store->set_pin("g", "a/m"), StoreError);  // version 1 has no pins
  }
  auto store = StateStore::open(path_);
  EXPECT_EQ(store->migrations_applied(), StateStore::latest_schema_version() - 1);
  EXPECT_EQ(store->schema_version(), StateStore::latest_schema_version());
  EXPECT_EQ(store->load_cooldowns().size(), 1u);
  store->set_pin("g", "a/m");
  EXPECT_EQ(store->load_pins().size(), 1u);
}

// Every step has its way back: down to nothing and up again, twice, leaves a working store, and
// a step back keeps the data of the steps below it.
TEST_F(StateStoreTest, MigrationsGoDownAndUpAgain) {
  for (int round = 0; round < 2; ++round) {
    auto store = StateStore::open(path_);
    EXPECT_EQ(store->schema_version(), StateStore::latest_schema_version());
    store->upsert_cooldown({"a/m", "rate_limited", 5'000, "", 1'000});
    store->set_pin("g", "a/m");
    store->db().exec("INSERT INTO usage(unix_ms, surface, status, latency_ms, streamed) "
                     "VALUES (1, 'openai-chat', 200, 5, 0)");
    store->roll_back_to(4);  // budget alerts gone
    EXPECT_THROW(store->db().exec("SELECT count(*) FROM budget_alerts"), StoreError);
    store->db().exec("SELECT count(*) FROM health_minutes");
    store->roll_back_to(3);  // health minutes gone, usage kept
    EXPECT_THROW(store->db().exec("SELECT count(*) FROM health_minutes"), StoreError);
    store->db().exec("SELECT count(*) FROM usage");
    store->roll_back_to(2);
    EXPECT_EQ(store->schema_version(), 2);
    EXPECT_EQ(store->load_pins().size(), 1u);
    EXPECT_THROW(store->db().exec("SELECT count(*) FROM usage"), StoreError);
    store->roll_back_to(0);
    EXPECT_EQ(store->schema_version(), 0);
    Stmt tables = store->db().prepare("SELECT count(*) FROM sqlite_master");
    ASSERT_TRUE(tables.step());
    EXPECT_EQ(tables.column_int64(0), 0);  // nothing left behind
  }
  auto store = StateStore::open(path_);
  EXPECT_THROW(store->roll_back_to(StateStore::latest_schema_version() + 1), StoreError);
  EXPECT_THROW(store->roll_back_to(-1), StoreError);
}

TEST_F(StateStoreTest, CooldownUpsertLoadAndDelete) {
  auto store = StateStore::open(path_);
  const CooldownRecord a{"openai/gpt-5", "rate_limited", 5'000, "", 1'000};
  const CooldownRecord b{"anthropic/claude-sonnet-4-5", "overloaded", 9'000, "529", 2'000};
  store->upsert_cooldown(a);
  store->upsert_cooldown(b);
  EXPECT_EQ(store->load_cooldowns(), (std::vector<CooldownRecord>{b, a}));  // by deployment

  // Upsert replaces the row for the same deployment.
  const CooldownRecord a2{"openai/gpt-5", "quota_exhausted", 99'000, "insufficient_quota", 3'000};
  store->upsert_cooldown(a2);
  EXPECT_EQ(store->load_cooldowns(), (std::vector<CooldownRecord>{b, a2}));

  EXPECT_TRUE(store->delete_cooldown("anthropic/claude-sonnet-4-5"));
  EXPECT_FALSE(store->delete_cooldown("anthropic/claude-sonnet-4-5"));
  EXPECT_EQ(store->load_cooldowns(), std::vector<CooldownRecord>{a2});

  store->upsert_cooldown(b);
  EXPECT_EQ(store->delete_all_cooldowns(), 2);
  EXPECT_TRUE(store->load_cooldowns().empty());
}

TEST_F(StateStoreTest, DeleteExpiredCooldownsAtTheBoundary) {
  auto store = StateStore::open(path_);
  store->upsert_cooldown({"a/m", "rate_limited", 1'000, "", 0});
  store->upsert_cooldown({"b/m", "rate_limited", 1'001, "", 0});
  // A cooldown ending exactly now is over.
  EXPECT_EQ(store->delete_expired_cooldowns(1'000), 1);
  ASSERT_EQ(store->load_cooldowns().size(), 1u);
  EXPECT_EQ(store->load_cooldowns()[0].deployment, "b/m");
}

TEST_F(StateStoreTest, RefusesADatabaseFromANewerSwitchboard) {
  { StateStore::open(path_); }
  {
    Db db(path_);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    StateStore::open(path_);
    FAIL() << "expected a StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

TEST_F(StateStoreTest, RefusesAFileThatIsNotADatabase) {
  fs::create_directories(fs::path(path_).parent_path());
  { std::ofstream(path_) << "this is not a database, just text that is long enough to matter"; }
  EXPECT_THROW(StateStore::open(path_), StoreError);
}

TEST_F(StateStoreTest, InMemoryDatabaseNeedsNoFiles) {
  auto store = StateStore::open(":memory:");
  EXPECT_EQ(store->schema_version(), StateStore::latest_schema_version());
  EXPECT_FALSE(fs::exists(":memory:"));
}

}  // namespace
}  // namespace sb
