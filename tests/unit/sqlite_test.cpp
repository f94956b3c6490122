// The SQLite wrapper: binding and reading each type, reuse after reset, transactions that roll
// back unless committed, and errors that carry SQLite's message.
#include "store/sqlite.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override { db_.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT)"); }

  std::int64_t count() {
    Stmt s = db_.prepare("SELECT count(*) FROM t");
    EXPECT_TRUE(s.step());
    return s.column_int64(0);
  }

  Db db_{":memory:"};
};

TEST_F(SqliteTest, BindsAndReadsEveryType) {
  Stmt insert = db_.prepare("INSERT INTO t VALUES (?1, ?2, ?3)");
  insert.bind_int64(1, 1LL << 40)
      .bind_double(2, 0.25)
      .bind_text(3, std::string_view("héllo\0x", 8));
  EXPECT_FALSE(insert.step());
  insert.reset();
  insert.bind_null(1).bind_null(2).bind_null(3);
  EXPECT_FALSE(insert.step());

  Stmt select = db_.prepare("SELECT i, d, s FROM t ORDER BY rowid");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_int64(0), 1LL << 40);
  EXPECT_DOUBLE_EQ(select.column_double(1), 0.25);
  EXPECT_EQ(select.column_text(2), std::string("héllo\0x", 8));  // embedded NUL kept
  EXPECT_FALSE(select.column_is_null(2));
  ASSERT_TRUE(select.step());
  EXPECT_TRUE(select.column_is_null(0));
  EXPECT_EQ(select.column_text(2), "");
  EXPECT_FALSE(select.step());
}

TEST_F(SqliteTest, TransactionRollsBackUnlessCommitted) {
  {
    Txn txn(db_);
    db_.exec("INSERT INTO t(i) VALUES (1)");
  }
  EXPECT_EQ(count(), 0);
  {
    Txn txn(db_);
    db_.exec("INSERT INTO t(i) VALUES (1)");
    txn.commit();
  }
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(db_.changes(), 1);
}

TEST_F(SqliteTest, ErrorsCarrySqlitesMessage) {
  try {
    db_.prepare("SELECT nope FROM t");
    FAIL() << "expected a StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no such column: nope"), std::string::npos) << e.what();
  }
  EXPECT_THROW(db_.exec("INSERT INTO missing VALUES (1)"), StoreError);
  db_.exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
  db_.exec("INSERT INTO u VALUES ('a')");
  Stmt dup = db_.prepare("INSERT INTO u VALUES ('a')");
  EXPECT_THROW(dup.step(), StoreError);
}

TEST(Sqlite, OpeningAnImpossiblePathThrows) {
  EXPECT_THROW(Db("/proc/definitely/not/here.db"), StoreError);
}

}  // namespace
}  // namespace sb
