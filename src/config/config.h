// The typed configuration (SPEC §2), validated once at load and then immutable: the server holds
// it as ConfigPtr and a reload swaps the pointer. Durations are std::chrono types; secrets are
// resolved at load (env:NAME, file:PATH, or a literal) and never printed (see Secret).
//
// Invariants once load succeeds: account and group names are unique; every deployment names a
// configured account; default_group, when set, names a group; every policy value is set.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/model_info.h"

namespace sb {

using Duration = std::chrono::milliseconds;

// A credential. Deliberately has no stream operator and no implicit conversion: reading the
// value is always an explicit `reveal()`, which keeps it out of logs and error messages.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

// config.cpp names them in this order.
enum class ProviderType { OpenAI, Anthropic, Gemini, OpenAICompatible };
std::string_view to_string(ProviderType t);
// Every type's config spelling, for messages that list them.
std::span<const std::string_view> provider_type_names();
std::optional<ProviderType> parse_provider_type(std::string_view s);

// How an account authenticates: a key from config, an OAuth login, the calling client's own
// credentials, or (neither api_key nor auth given) a key from the credential store.
enum class AuthMode { ApiKey, OAuth, Passthrough, CredentialStore };

struct AccountConfig {
  std::string name;
  ProviderType type = ProviderType::OpenAI;
  AuthMode auth = AuthMode::ApiKey;
  std::optional<Secret> api_key;
  std::string base_url;  // the type's official default when not given in the file
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers sent upstream
  // Where api_key came from, safe to show: "env:NAME", "file:PATH" as written, or "literal".
  // Empty when there is no api_key (OAuth, passthrough, credential store).
  std::string key_source;
};

struct Deployment {
  std::string account;
  std::string model;
  std::string id() const { return account + "/" + model; }
  bool operator==(const Deployment&) const = default;
};

// Splits `account/model` at the first `/` (model ids may contain `/`, as on OpenRouter). Nullopt
// when there is no `/` or either side is empty. Does not check that the account exists.
std::optional<Deployment> parse_deployment(std::string_view text);

struct BackoffPolicy {
  Duration base{250};
  Duration max{8000};
};

struct CooldownPolicy {
  Duration quota{std::chrono::hours(1)};
  Duration rate_limit{std::chrono::seconds(60)};
  Duration overloaded{std::chrono::seconds(20)};
  Duration server_error{std::chrono::seconds(30)};
  Duration auth{std::chrono::hours(24)};
};

struct TimeoutPolicy {
  Duration connect{std::chrono::seconds(5)};
  Duration first_byte{std::chrono::seconds(90)};
  Duration idle{std::chrono::seconds(120)};
  Duration total{std::chrono::minutes(15)};
};

struct CircuitPolicy {
  Duration window{std::chrono::seconds(60)};
  int min_requests = 8;
  double failure_rate = 0.5;
  Duration open_for{std::chrono::seconds(30)};
};

struct Policy {
  int retries = 2;
  Duration max_wait{std::chrono::seconds(10)};
  // SPEC §3 content_filtered "return to the client (configurable: fail over)": a refusal by one
  // provider's safety filter may pass another's.
  bool failover_on_content_filter = false;
  BackoffPolicy backoff;
  CooldownPolicy cooldown;
  TimeoutPolicy timeouts;
  CircuitPolicy circuit;
};

struct GroupConfig {
  std::string name;
  std::vector<Deployment> deployments;
  Policy policy;  // the top-level policy with this group's overrides merged in
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8787";
  std::optional<Secret> admin_token;
  unsigned threads = 0;                                  // 0: one I/O thread per core
  std::size_t max_body = 32u * 1024 * 1024;              // request body limit, bytes
  std::size_t max_header = 64u * 1024;                   // request header limit, bytes
  Duration client_timeout{std::chrono::seconds(60)};     // reading one request from a client
  Duration keepalive_timeout{std::chrono::seconds(75)};  // idle keep-alive connection
  // Where admin_token came from, like AccountConfig::key_source.
  std::string admin_token_source;
};

// `budgets:` (docs/budgets.md): spending limits in USD per UTC day and calendar month, overall
// and per group, with alerts at percentages of each limit.
enum class BudgetAction {
  Refuse,    // 429 budget_exceeded until the period resets
  Restrict,  // only deployments whose input price is at most max_price (unknown prices excluded)
};

struct BudgetLimit {
  std::optional<double> daily_usd;
  std::optional<double> monthly_usd;
  BudgetAction on_exceed = BudgetAction::Refuse;
  std::optional<double> max_price;  // Restrict: USD per million input tokens
};

struct BudgetsConfig {
  std::vector<int> alert_at{50, 80, 100};  // percent of a limit, ascending
  std::optional<std::string> webhook;      // http(s) URL that receives each alert as a POST
  std::optional<BudgetLimit> overall;
  std::vector<std::pair<std::string, BudgetLimit>> groups;  // in file order
  bool any() const { return overall.has_value() || !groups.empty(); }
};

// `probes:` (docs/observability.md): each account's cheapest call (its model listing) every
// `interval`, with an alert whenever its state changes.
struct ProbesConfig {
  bool enabled = false;  // the section is present
  Duration interval{std::chrono::seconds(60)};
  Duration timeout{std::chrono::seconds(10)};
  Duration slow{std::chrono::seconds(5)};  // an answer slower than this is `slow`
  std::vector<std::string> accounts;       // empty: every account
  std::optional<std::string> webhook;      // receives each state change as a POST
};

struct Config {
  std::string source;  // the file it came from, or "<environment>" / "<demo>"
  ServerConfig server;
  std::string state_path;  // `~` already expanded
  std::vector<AccountConfig> accounts;
  std::vector<GroupConfig> groups;
  std::optional<std::string> default_group;
  Policy policy;
  // `models:` entries in file order: facts that add to or replace the catalog's (see
  // catalog/deployment_model.h).
  std::vector<ModelOverride> models;
  BudgetsConfig budgets;
  ProbesConfig probes;

  const AccountConfig* find_account(std::string_view name) const;
  const GroupConfig* find_group(std::string_view name) const;
  // Whether some group lists `d`: what a pin may name, so a typo in a model cannot take over a
  // group (its 404 would go back to every client as a bad request).
  bool has_deployment(const Deployment& d) const;
};

using ConfigPtr = std::shared_ptr<const Config>;

// Every problem in a config file: which file, which line (1-based, 0 when unknown), which key
// (a dotted path such as `groups.coding[1]`) and what is wrong. what() renders all four.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, std::string key, std::string problem);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string problem_;
};

// Parses and validates YAML text; `source` names it in errors. Throws ConfigError.
Config parse_config(std::string_view yaml_text, const std::string& source);
// Reads the file and parses it. Throws ConfigError (also when the file cannot be read).
Config load_config_file(const std::string& path);

// `250ms`, `2s`, `10m`, `1h`, `1d`; nullopt when malformed.
std::optional<Duration> parse_duration(std::string_view text);
// Renders a duration back in the largest unit that divides it (`90s`, `2h`).
std::string format_duration(Duration d);
// `1024`, `64KiB`, `32MiB`, `1GiB` (also KB/MB/GB as powers of 1000); nullopt when malformed.
std::optional<std::size_t> parse_size(std::string_view text);
// `~/x` -> `$HOME/x`.
std::string expand_home(const std::string& path);

// The embedded default for `state` when the file does not set it.
std::string default_state_path();
// The store a config means: its `state`, or the default when a config built from nothing (no
// file, no environment) left it empty, as the gateway would.
std::string state_path_of(const Config& config);
// The official base URL of each provider type (SPEC §2 conventions).
std::string default_base_url(ProviderType t);

}  // namespace sb
