// The embedded state database (SPEC §2 `state:`, §3 "cooldowns persist in the state store and
// survive a restart"): one SQLite file, created with its parent directories (mode 0700, the file
// 0600) on first start and brought to the current schema by numbered migrations.
//
// Migrations: step i takes the schema from version i to i+1, recorded in `PRAGMA user_version`,
// and has a way back (roll_back_to), so a release can be undone without losing the file. Each runs
// in its own BEGIN IMMEDIATE transaction that re-reads the version first, so two processes starting
// at once apply each step exactly once, and a failed step leaves the previous version intact. A
// database newer than this binary is refused rather than guessed at.
//
// Threading: like Db, one thread at a time. The server opens it at startup and then hands it to
// the writer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.h"

namespace sb {

// One row of `cooldowns`: a deployment that must not be tried before `until_unix_ms`.
struct CooldownRecord {
  std::string deployment;     // account/model
  std::string failure_class;  // the `class` column: quota_exhausted, rate_limited, ...
  std::int64_t until_unix_ms = 0;
  std::string reason;  // what the provider said, for status output; may be empty
  std::int64_t created_unix_ms = 0;
  bool operator==(const CooldownRecord&) const = default;
};

// One row of `pins`: `deployment` goes first in `group`'s walks.
struct PinRecord {
  std::string group;
  std::string deployment;  // account/model
  bool operator==(const PinRecord&) const = default;
};

// Meta keys with a meaning beyond the store itself.
inline constexpr std::string_view kMetaDefaultGroup = "default_group";  // `switchboard use GROUP`
// The address a running gateway is serving on (`HOST:PORT`), present only while it runs: how the
// CLI finds one started with `--listen` elsewhere than the config's server.listen.
inline constexpr std::string_view kMetaEndpoint = "endpoint";

class StateStore;
using StateStorePtr = std::unique_ptr<StateStore>;

class StateStore {
 public:
  // Creates what is missing and migrates. Throws StoreError (unreadable file, not a database,
  // a schema newer than this binary, a directory it cannot create).
  static StateStorePtr open(const std::string& path);

  int schema_version() const { return schema_version_; }
  // How many migrations this open() applied: 0 when the file was already current.
  int migrations_applied() const { return migrations_applied_; }
  static int latest_schema_version();
  // Undoes migrations down to `version` (each step its own transaction), dropping the tables
  // and data the later steps added; a store opened again migrates forward. Throws StoreError
  // for a version outside 0..latest.
  void roll_back_to(int version);

  std::optional<std::string> get_meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);
  bool delete_meta(std::string_view key);

  void set_pin(std::string_view group, std::string_view deployment);
  bool delete_pin(std::string_view group);
  std::vector<PinRecord> load_pins();  // ordered by group

  // Insert, or replace the row for the same deployment.
  void upsert_cooldown(const CooldownRecord& c);
  // Every row, ordered by deployment.
  std::vector<CooldownRecord> load_cooldowns();
  // True when a row was deleted.
  bool delete_cooldown(std::string_view deployment);
  // Returns the number of rows deleted.
  std::int64_t delete_all_cooldowns();
  std::int64_t delete_expired_cooldowns(std::int64_t now_unix_ms);

  // For stores built on the same file later (usage): share the connection and its thread.
  Db& db() { return db_; }

 private:
  explicit StateStore(Db db) : db_(std::move(db)) {}
  void migrate();

  Db db_;
  int schema_version_ = 0;
  int migrations_applied_ = 0;
};

}  // namespace sb
