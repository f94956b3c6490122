// Thin RAII over the sqlite3 C API: a connection (Db), a prepared statement (Stmt) and an
// immediate write transaction (Txn). Every failure throws StoreError carrying SQLite's own message,
// because callers either run at startup (where an exception stops the start with a clear reason)
// or on the store's writer thread, which catches at its top and reports.
//
// Invariants: a Db and its Stmts are used by one thread at a time (the connection is opened
// serialized, but a Stmt's step/bind/reset sequence and a Txn span calls, so sharing them across
// threads would still interleave); a Stmt never outlives its Db; a Txn left without commit() rolls
// back in its destructor.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sb {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Stmt {
 public:
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQL (`?1`). Distinct names rather than overloads: an int
  // literal would be ambiguous between int64 and double.
  Stmt& bind_int64(int index, std::int64_t value);
  Stmt& bind_double(int index, double value);
  Stmt& bind_text(int index, std::string_view value);  // copied by SQLite
  // Not copied: `value` must stay unchanged until the statement is stepped and reset (rows of a
  // batch insert, which outlive it).
  Stmt& bind_text_unowned(int index, std::string_view value);
  Stmt& bind_null(int index);

  // Runs to the next row: true when a row is available, false when the statement is done.
  bool step();
  // Columns are 0-based, as in sqlite3_column_*.
  std::int64_t column_int64(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;  // empty for NULL
  bool column_is_null(int index) const;
  // Ready to run again, with its bindings cleared.
  void reset();

 private:
  friend class Db;
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void check_bind(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // Opens (creating if missing) the database at `path` in WAL mode with a busy timeout, so a
  // reader in another process (`switchboard status`) never blocks the writer for long.
  explicit Db(const std::string& path);
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  Stmt prepare(std::string_view sql);
  // A statement prepared once per connection and kept, ready to bind (reset on each call): for
  // the writes that come at the request rate, where preparing costs more than running. The
  // reference stays valid as long as the Db.
  Stmt& cached(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::map<std::string, Stmt, std::less<>> cache_;  // finalized before the connection closes
};

// BEGIN IMMEDIATE takes the write lock at once, so a transaction never fails halfway with
// SQLITE_BUSY on its first write.
class Txn {
 public:
  explicit Txn(Db& db);
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  ~Txn();
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace sb
