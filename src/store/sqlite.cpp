// See sqlite.h. Error messages name the operation and the database file and quote SQLite's
// message. Values are always bound, never spliced into SQL, so no message can carry one.
#include "store/sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace sb {
namespace {

// How long a statement waits on another connection's lock before SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 5000;

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  std::string message = "sqlite: " + std::string(what);
  if (db != nullptr) {
    message += ": ";
    message += sqlite3_errmsg(db);
    if (const char* file = sqlite3_db_filename(db, "main"); file != nullptr && *file != '\0') {
      message += " (";
      message += file;
      message += ")";
    }
  }
  throw StoreError(message);
}

}  // namespace

// ---- Stmt -----------------------------------------------------------------------------------

Stmt::Stmt(Stmt&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

void Stmt::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) fail(db_, "bind parameter " + std::to_string(index));
}

Stmt& Stmt::bind_int64(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Stmt& Stmt::bind_double(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Stmt& Stmt::bind_text(int index, std::string_view value) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Stmt& Stmt::bind_text_unowned(int index, std::string_view value) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8),
      index);
  return *this;
}

Stmt& Stmt::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

std::int64_t Stmt::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

double Stmt::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Stmt::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  int bytes = sqlite3_column_bytes(stmt_, index);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

bool Stmt::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

void Stmt::reset() {
  // sqlite3_reset repeats the last step's error, which step() has already thrown.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// ---- Db -------------------------------------------------------------------------------------

Db::Db(const std::string& path) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // A handle is returned even on failure (unless out of memory) and must be closed.
    std::string message = "sqlite: cannot open " + path + ": " +
                          (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  try {
    // WAL: readers do not block the writer; NORMAL sync is durable across a process crash and
    // loses at most the last transactions on power loss, which suits cooldowns and usage.
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Db::Db(Db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    cache_.clear();
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Db::~Db() {
  cache_.clear();
  // close_v2 defers the close until every statement is finalized, so destruction order between
  // a Db and a stray Stmt cannot leak the connection.
  sqlite3_close_v2(db_);
}

void Db::exec(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a terminated string
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg holds the same text for fail()
  if (rc != SQLITE_OK) fail(db_, "exec");
}

Stmt Db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    constexpr std::size_t kShown = 80;
    fail(db_,
         "prepare `" + std::string(sql.substr(0, kShown)) + (sql.size() > kShown ? "...`" : "`"));
  }
  return Stmt(db_, stmt);
}

Stmt& Db::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(std::string(sql), prepare(sql)).first;
  it->second.reset();
  return it->second;
}

std::int64_t Db::changes() const { return sqlite3_changes64(db_); }

// ---- Txn ------------------------------------------------------------------------------------

Txn::Txn(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Txn::~Txn() {
  if (done_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const StoreError&) {
    // SQLite may already have rolled back on its own (after SQLITE_FULL, for one); there is
    // nothing left to undo, and a destructor must not throw.
  }
}

void Txn::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace sb
