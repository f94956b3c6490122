// See state_store.h. Migrations are append-only: a released step is never edited, because
// databases in the field have already run it; a change is a new step, with its way back.
#include "store/state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>

namespace sb {
namespace {

// kMigrations[i].up takes the schema from version i to i+1; .down takes it back, dropping what
// .up added (and the data in it).
struct Migration {
  std::string_view up;
  std::string_view down;
};

constexpr Migration kMigrations[] = {
    // 1: meta and persisted cooldowns.
    {R"sql(
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT
      );
      CREATE TABLE cooldowns (
        deployment      TEXT PRIMARY KEY,
        class           TEXT NOT NULL,
        until_unix_ms   INTEGER NOT NULL,
        reason          TEXT,
        created_unix_ms INTEGER NOT NULL
      );
      INSERT INTO meta(key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    )sql",
     "DROP TABLE cooldowns; DROP TABLE meta;"},
    // 2: pins (`switchboard use GROUP DEPLOYMENT`).
    {R"sql(
      CREATE TABLE pins (
        group_name TEXT PRIMARY KEY,
        deployment TEXT NOT NULL
      );
    )sql",
     "DROP TABLE pins;"},
    // 3: one row per request (usage/usage_record.h). Token counts and cost are NULL when the
    // upstream reported none or the price is unknown; a report reads them as 0 and says how many
    // rows lacked them.
    {R"sql(
      CREATE TABLE usage (
        id                 INTEGER PRIMARY KEY,
        unix_ms            INTEGER NOT NULL,
        client_key         TEXT,
        surface            TEXT NOT NULL,
        group_name         TEXT,
        deployment         TEXT,
        provider           TEXT,
        model              TEXT,
        status             INTEGER NOT NULL,
        failure_chain      TEXT,
        input_tokens       INTEGER,
        output_tokens      INTEGER,
        cache_read_tokens  INTEGER,
        cache_write_tokens INTEGER,
        reasoning_tokens   INTEGER,
        cost_usd           REAL,
        latency_ms         INTEGER NOT NULL,
        ttft_ms            INTEGER,
        streamed           INTEGER NOT NULL
      );
      CREATE INDEX usage_by_time ON usage(unix_ms);
    )sql",
     "DROP INDEX usage_by_time; DROP TABLE usage;"},
    // 4: each deployment's health, a row per minute with traffic (metrics/health_window.h),
    // kept 7 days. The histograms are kept whole (LogHistogram::encode), so minutes merge into
    // exact-to-1% percentiles for any period; the percentile columns are for plain SQL readers.
    {R"sql(
      CREATE TABLE health_minutes (
        deployment        TEXT NOT NULL,
        minute            INTEGER NOT NULL,
        requests          INTEGER NOT NULL,
        errors            INTEGER NOT NULL,
        unavailable       INTEGER NOT NULL,
        errors_by_class   TEXT NOT NULL,
        latency_p50_ms    REAL,
        latency_p95_ms    REAL,
        latency_p99_ms    REAL,
        ttft_p50_ms       REAL,
        ttft_p95_ms       REAL,
        ttft_p99_ms       REAL,
        output_tokens     INTEGER NOT NULL,
        generation_ms     REAL NOT NULL,
        latency_histogram TEXT NOT NULL,
        ttft_histogram    TEXT NOT NULL,
        PRIMARY KEY (deployment, minute)
      ) WITHOUT ROWID;
      CREATE INDEX health_by_minute ON health_minutes(minute);
    )sql",
     "DROP INDEX health_by_minute; DROP TABLE health_minutes;"},
    // 5: budget alerts sent (budget/budget_tracker.h): the highest threshold per scope and
    // period, so a restart does not send them again. What was spent is read from `usage`.
    {R"sql(
      CREATE TABLE budget_alerts (
        scope      TEXT NOT NULL,
        period     TEXT NOT NULL,
        period_key TEXT NOT NULL,
        percent    INTEGER NOT NULL,
        spent_usd  REAL NOT NULL,
        unix_ms    INTEGER NOT NULL,
        PRIMARY KEY (scope, period, period_key)
      ) WITHOUT ROWID;
    )sql",
     "DROP TABLE budget_alerts;"},
};

constexpr int kLatest = static_cast<int>(std::size(kMigrations));

[[noreturn]] void fail_errno(const std::string& what, const std::string& path) {
  throw StoreError("state store: " + what + " " + path + ": " + std::strerror(errno));
}

// Parent directories private to the user (0700): the database holds usage and account names.
// Existing directories keep their mode.
void create_parent_dirs(const std::filesystem::path& file) {
  std::filesystem::path current;
  for (const auto& part : file.parent_path()) {
    current /= part;
    std::error_code ec;
    if (std::filesystem::is_directory(current, ec)) continue;
    if (::mkdir(current.c_str(), 0700) != 0 && errno != EEXIST) {
      fail_errno("cannot create directory", current.string());
    }
  }
}

// Creating the file ourselves sets its mode (0600); SQLite would use 0644 minus the umask, and
// gives the -wal and -shm files the same mode as the database.
void create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) fail_errno("cannot create", path);
  ::close(fd);
}

int read_user_version(Db& db) {
  Stmt s = db.prepare("PRAGMA user_version");
  return s.step() ? static_cast<int>(s.column_int64(0)) : 0;
}

}  // namespace

int StateStore::latest_schema_version() { return kLatest; }

StateStorePtr StateStore::open(const std::string& path) {
  // SQLite's in-memory database (tests, a throwaway demo): nothing to create on disk.
  if (path != ":memory:") {
    create_parent_dirs(path);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) create_private_file(path);
  }
  StateStorePtr store(new StateStore(Db(path)));
  store->migrate();
  return store;
}

void StateStore::migrate() {
  schema_version_ = read_user_version(db_);
  if (schema_version_ > kLatest) {
    throw StoreError("state store " + db_.path() + " has schema version " +
                     std::to_string(schema_version_) + ", newer than this switchboard knows (" +
                     std::to_string(kLatest) + "); upgrade switchboard or use another `state:`");
  }
  while (schema_version_ < kLatest) {
    Txn txn(db_);
    // Another process may have migrated between our read and our lock.
    schema_version_ = read_user_version(db_);
    if (schema_version_ >= kLatest) {
      txn.commit();
      break;
    }
    db_.exec(kMigrations[schema_version_].up);
    db_.exec("PRAGMA user_version = " + std::to_string(schema_version_ + 1));
    txn.commit();
    ++schema_version_;
    ++migrations_applied_;
  }
}

void StateStore::roll_back_to(int version) {
  if (version < 0 || version > kLatest) {
    throw StoreError("state store: no schema version " + std::to_string(version) + " (0 to " +
                     std::to_string(kLatest) + ")");
  }
  while (true) {
    Txn txn(db_);
    schema_version_ = read_user_version(db_);
    if (schema_version_ <= version) {
      txn.commit();
      break;
    }
    db_.exec(kMigrations[schema_version_ - 1].down);
    db_.exec("PRAGMA user_version = " + std::to_string(schema_version_ - 1));
    txn.commit();
  }
}

std::optional<std::string> StateStore::get_meta(std::string_view key) {
  Stmt s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
  s.bind_text(1, key);
  if (!s.step()) return std::nullopt;
  return s.column_text(0);
}

void StateStore::set_meta(std::string_view key, std::string_view value) {
  Stmt s = db_.prepare(
      "INSERT INTO meta(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind_text(1, key).bind_text(2, value);
  s.step();
}

bool StateStore::delete_meta(std::string_view key) {
  Stmt s = db_.prepare("DELETE FROM meta WHERE key = ?1");
  s.bind_text(1, key);
  s.step();
  return db_.changes() > 0;
}

void StateStore::set_pin(std::string_view group, std::string_view deployment) {
  Stmt s = db_.prepare(
      "INSERT INTO pins(group_name, deployment) VALUES (?1, ?2) "
      "ON CONFLICT(group_name) DO UPDATE SET deployment = excluded.deployment");
  s.bind_text(1, group).bind_text(2, deployment);
  s.step();
}

bool StateStore::delete_pin(std::string_view group) {
  Stmt s = db_.prepare("DELETE FROM pins WHERE group_name = ?1");
  s.bind_text(1, group);
  s.step();
  return db_.changes() > 0;
}

std::vector<PinRecord> StateStore::load_pins() {
  Stmt s = db_.prepare("SELECT group_name, deployment FROM pins ORDER BY group_name");
  std::vector<PinRecord> out;
  while (s.step()) out.push_back(PinRecord{s.column_text(0), s.column_text(1)});
  return out;
}

void StateStore::upsert_cooldown(const CooldownRecord& c) {
  Stmt s = db_.prepare(
      "INSERT INTO cooldowns(deployment, class, until_unix_ms, reason, created_unix_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(deployment) DO UPDATE SET class = excluded.class, "
      "until_unix_ms = excluded.until_unix_ms, reason = excluded.reason, "
      "created_unix_ms = excluded.created_unix_ms");
  s.bind_text(1, c.deployment).bind_text(2, c.failure_class).bind_int64(3, c.until_unix_ms);
  if (c.reason.empty()) {
    s.bind_null(4);
  } else {
    s.bind_text(4, c.reason);
  }
  s.bind_int64(5, c.created_unix_ms);
  s.step();
}

std::vector<CooldownRecord> StateStore::load_cooldowns() {
  Stmt s = db_.prepare(
      "SELECT deployment, class, until_unix_ms, reason, created_unix_ms FROM cooldowns "
      "ORDER BY deployment");
  std::vector<CooldownRecord> out;
  while (s.step()) {
    out.push_back(CooldownRecord{s.column_text(0), s.column_text(1), s.column_int64(2),
                                 s.column_text(3), s.column_int64(4)});
  }
  return out;
}

bool StateStore::delete_cooldown(std::string_view deployment) {
  Stmt s = db_.prepare("DELETE FROM cooldowns WHERE deployment = ?1");
  s.bind_text(1, deployment);
  s.step();
  return db_.changes() > 0;
}

std::int64_t StateStore::delete_all_cooldowns() {
  db_.exec("DELETE FROM cooldowns");
  return db_.changes();
}

std::int64_t StateStore::delete_expired_cooldowns(std::int64_t now_unix_ms) {
  Stmt s = db_.prepare("DELETE FROM cooldowns WHERE until_unix_ms <= ?1");
  s.bind_int64(1, now_unix_ms);
  s.step();
  return db_.changes();
}

}  // namespace sb
