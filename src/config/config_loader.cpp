// YAML text to a validated Config (SPEC §2; every key is described in docs/configuration.md).
//
// The loader walks the document once, top to bottom, and stops at the first problem with a
// ConfigError naming the file, the line and the dotted key. Sections are read in dependency order
// (policy before groups, which inherit it; accounts before groups, which name them), whatever
// order the file writes them in. Secrets are resolved here, once: a missing one stops the start.
#include <boost/url/parse.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog/deployment_model.h"
#include "config/budget_loader.h"
#include "config/config.h"
#include "config/yaml_reader.h"

namespace sb {
namespace {

constexpr std::string_view kTopKeys[] = {"server",        "state",  "accounts", "groups",
                                         "default_group", "policy", "models", "budgets",
                                         "probes"};
constexpr std::string_view kServerKeys[] = {"listen",           "admin_token", "threads",
                                            "max_body",         "max_header",  "client_timeout",
                                            "keepalive_timeout"};
constexpr std::string_view kAccountKeys[] = {"type", "api_key", "auth", "base_url", "headers"};
constexpr std::string_view kGroupKeys[] = {"deployments", "policy"};
constexpr std::string_view kPolicyKeys[] = {"retries",
                                            "max_wait",
                                            "backoff",
                                            "cooldown",
                                            "timeouts",
                                            "circuit",
                                            "failover_on_content_filter"};
constexpr std::string_view kBackoffKeys[] = {"base", "max"};
constexpr std::string_view kCooldownKeys[] = {"quota", "rate_limit", "overloaded", "server_error",
                                              "auth"};
constexpr std::string_view kTimeoutKeys[] = {"connect", "first_byte", "idle", "total"};
constexpr std::string_view kCircuitKeys[] = {"window", "min_requests", "failure_rate", "open_for"};
constexpr std::string_view kModelKeys[] = {"context_window", "max_output", "price",
                                           "tools",          "vision",     "reasoning"};
constexpr std::string_view kPriceKeys[] = {"input", "output", "cache_read", "cache_write"};
constexpr std::string_view kAuthModes[] = {"api_key", "oauth", "passthrough"};

// More retries than this on one deployment only delays the failover that would follow anyway.
constexpr long long kMaxRetries = 10;
constexpr long long kMaxThreads = 1024;
// Far beyond any model's window, small enough that sums of token counts cannot overflow.
constexpr long long kMaxTokenCount = 1'000'000'000'000;

// Account and group names travel in headers (`x-switchboard-failover: a/m=reason,...`), in URLs
// and on command lines, so they keep to a conservative alphabet; `/` is excluded because it
// separates account from model and a group name must never look like a deployment.
bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// RFC 9110 token characters, for extra header names.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              kSpecials.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// The schema: which sections and keys exist, what each means, how they combine. Reading and
// type-checking single values is YamlReader's job.
class Loader : private YamlReader {
 public:
  using YamlReader::YamlReader;
  Config load(const YAML::Node& root);

 private:
  void parse_server(const Entry& e, ServerConfig& server) const;
  Policy parse_policy(const Entry& e, Policy base) const;
  AccountConfig parse_account(const Entry& e) const;
  std::string parse_base_url(const Entry& e) const;
  GroupConfig parse_group(const Entry& e, const Config& cfg) const;
  void parse_deployments(const YAML::Node& items, const std::string& path, int line,
                         const Config& cfg, GroupConfig& group) const;
  ModelOverride parse_model(const Entry& e, const Config& cfg) const;
  ModelPrice parse_price(const Entry& e) const;
};

void Loader::parse_server(const Entry& e, ServerConfig& server) const {
  for (const Entry& x : entries(e.value, e.path, e.line, kServerKeys)) {
    if (x.name == "listen") {
      std::string listen = text(x);
      auto colon = listen.rfind(':');
      unsigned port = 0;
      std::string_view digits =
          colon == std::string::npos ? "" : std::string_view(listen).substr(colon + 1);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
      if (colon == std::string::npos || colon == 0 || digits.empty() || ec != std::errc() ||
          ptr != digits.data() + digits.size() || port > 65535) {
        fail(x.line, x.path,
             "expected host:port (e.g. 127.0.0.1:8787 or [::1]:8787), got \"" + listen + "\"");
      }
      server.listen = listen;
    } else if (x.name == "admin_token") {
      server.admin_token = secret(x, server.admin_token_source);
    } else if (x.name == "threads") {
      server.threads = static_cast<unsigned>(integer(x, 0, kMaxThreads));
    } else if (x.name == "max_body") {
      server.max_body = size(x);
    } else if (x.name == "max_header") {
      server.max_header = size(x);
    } else if (x.name == "client_timeout") {
      server.client_timeout = duration(x, Duration{1});
    } else if (x.name == "keepalive_timeout") {
      server.keepalive_timeout = duration(x, Duration{1});
    }
  }
}

Policy Loader::parse_policy(const Entry& e, Policy p) const {
  int backoff_line = e.line;
  std::string backoff_path = join_key(e.path, "backoff");
  const Duration zero{0};
  const Duration positive{1};
  for (const Entry& x : entries(e.value, e.path, e.line, kPolicyKeys)) {
    if (x.name == "retries") {
      p.retries = static_cast<int>(integer(x, 0, kMaxRetries));
    } else if (x.name == "max_wait") {
      p.max_wait = duration(x, zero);
    } else if (x.name == "failover_on_content_filter") {
      p.failover_on_content_filter = boolean(x);
    } else if (x.name == "backoff") {
      backoff_line = x.line;
      for (const Entry& y : entries(x.value, x.path, x.line, kBackoffKeys)) {
        (y.name == "base" ? p.backoff.base : p.backoff.max) = duration(y, zero);
      }
    } else if (x.name == "cooldown") {
      for (const Entry& y : entries(x.value, x.path, x.line, kCooldownKeys)) {
        Duration d = duration(y, zero);
        if (y.name == "quota") p.cooldown.quota = d;
        if (y.name == "rate_limit") p.cooldown.rate_limit = d;
        if (y.name == "overloaded") p.cooldown.overloaded = d;
        if (y.name == "server_error") p.cooldown.server_error = d;
        if (y.name == "auth") p.cooldown.auth = d;
      }
    } else if (x.name == "timeouts") {
      // A zero timeout would fail every request before it started.
      for (const Entry& y : entries(x.value, x.path, x.line, kTimeoutKeys)) {
        Duration d = duration(y, positive);
        if (y.name == "connect") p.timeouts.connect = d;
        if (y.name == "first_byte") p.timeouts.first_byte = d;
        if (y.name == "idle") p.timeouts.idle = d;
        if (y.name == "total") p.timeouts.total = d;
      }
    } else if (x.name == "circuit") {
      for (const Entry& y : entries(x.value, x.path, x.line, kCircuitKeys)) {
        if (y.name == "window") p.circuit.window = duration(y, positive);
        if (y.name == "open_for") p.circuit.open_for = duration(y, positive);
        if (y.name == "min_requests") {
          p.circuit.min_requests = static_cast<int>(integer(y, 1, 1'000'000));
        }
        if (y.name == "failure_rate") {
          double rate = number(y);
          if (!(rate > 0.0 && rate <= 1.0)) {
            fail(y.line, y.path,
                 "expected a fraction above 0 and at most 1 (e.g. 0.5), got \"" + y.value.Scalar() +
                     "\"");
          }
          p.circuit.failure_rate = rate;
        }
      }
    }
  }
  // Checked on the merged values: a group may raise base above the inherited max.
  if (p.backoff.base > p.backoff.max) {
    fail(backoff_line, backoff_path,
         "base (" + format_duration(p.backoff.base) + ") is longer than max (" +
             format_duration(p.backoff.max) + ")");
  }
  return p;
}

std::string Loader::parse_base_url(const Entry& e) const {
  std::string url = text(e);
  auto parsed = boost::urls::parse_absolute_uri(url);
  bool ok = parsed.has_value() &&
            (parsed->scheme_id() == boost::urls::scheme::http ||
             parsed->scheme_id() == boost::urls::scheme::https) &&
            !parsed->encoded_host().empty() && !parsed->has_fragment();
  if (!ok) {
    fail(e.line, e.path,
         "expected an http:// or https:// URL (e.g. http://127.0.0.1:11434/v1), got \"" + url +
             "\"");
  }
  // Adapters append their paths (`/chat/completions`); a trailing slash would double it.
  while (url.ends_with('/')) url.pop_back();
  return url;
}

AccountConfig Loader::parse_account(const Entry& e) const {
  AccountConfig account;
  account.name = e.name;
  if (!valid_name(e.name)) {
    fail(e.line, e.path,
         "bad account name \"" + e.name +
             "\": use letters, digits, '-', '_', '.' or ':' (no '/', which separates account "
             "from model)");
  }
  if (!e.value.IsMap()) {
    fail(e.line, e.path,
         "expected a map such as {type: openai, api_key: env:OPENAI_API_KEY}, got " +
             kind_of(e.value));
  }
  const Entry* type = nullptr;
  const Entry* auth = nullptr;
  const Entry* api_key = nullptr;
  const Entry* base_url = nullptr;
  std::vector<Entry> fields = entries(e.value, e.path, e.line, kAccountKeys);
  for (const Entry& x : fields) {
    if (x.name == "type") type = &x;
    if (x.name == "auth") auth = &x;
    if (x.name == "api_key") api_key = &x;
    if (x.name == "base_url") base_url = &x;
    if (x.name == "headers") {
      for (const Entry& h : entries(x.value, x.path, x.line, {})) {
        if (!valid_header_name(h.name)) fail(h.line, h.path, "not a valid HTTP header name");
        std::string value = text(h);
        if (value.find_first_of("\r\n") != std::string::npos) {
          fail(h.line, h.path, "a header value must not contain a line break");
        }
        account.headers.emplace_back(h.name, std::move(value));
      }
    }
  }

  if (type == nullptr) {
    fail(e.line, join_key(e.path, "type"),
         "missing required key \"type\" (one of: " + comma_list(provider_type_names()) + ")");
  }
  std::string type_name = text(*type);
  auto parsed_type = parse_provider_type(type_name);
  if (!parsed_type) {
    fail(type->line, type->path,
         "unknown provider type \"" + type_name + "\" (" +
             did_you_mean(type_name, provider_type_names()) +
             "known types: " + comma_list(provider_type_names()) + ")");
  }
  account.type = *parsed_type;

  std::string auth_name = auth != nullptr ? text(*auth) : std::string();
  if (auth != nullptr && !contains(kAuthModes, auth_name)) {
    fail(auth->line, auth->path,
         "unknown auth \"" + auth_name + "\" (" + did_you_mean(auth_name, kAuthModes) +
             "one of: " + comma_list(kAuthModes) + ")");
  }
  if (api_key != nullptr && auth != nullptr && auth_name != "api_key") {
    fail(api_key->line, api_key->path, "api_key cannot be combined with auth: " + auth_name);
  }
  if (api_key == nullptr && auth_name == "api_key") {
    fail(auth->line, auth->path,
         "auth: api_key needs an api_key (env:NAME, file:PATH or the key); leave out both to use "
         "the key stored by `switchboard login " +
             e.name + "`");
  }
  if (auth_name == "oauth" && account.type == ProviderType::OpenAICompatible) {
    fail(auth->line, auth->path, "auth: oauth is not available for type openai-compatible");
  }
  if (api_key != nullptr) {
    account.auth = AuthMode::ApiKey;
    account.api_key = secret(*api_key, account.key_source);
  } else if (auth_name == "oauth") {
    account.auth = AuthMode::OAuth;
  } else if (auth_name == "passthrough") {
    account.auth = AuthMode::Passthrough;
  } else {
    account.auth = AuthMode::CredentialStore;
  }

  if (base_url != nullptr) {
    account.base_url = parse_base_url(*base_url);
  } else {
    account.base_url = default_base_url(account.type);
    if (account.base_url.empty()) {
      fail(e.line, join_key(e.path, "base_url"),
           "type " + type_name +
               " has no default host: set base_url (e.g. "
               "http://127.0.0.1:11434/v1 for Ollama)");
    }
  }
  return account;
}

void Loader::parse_deployments(const YAML::Node& items, const std::string& path, int line,
                               const Config& cfg, GroupConfig& group) const {
  if (items.IsNull() || (items.IsSequence() && items.size() == 0)) {
    fail(line, path, "group \"" + group.name + "\" has no deployments");
  }
  if (!items.IsSequence()) {
    fail(line, path, "expected a list of deployments (account/model), got " + kind_of(items));
  }
  std::vector<std::string> known;
  for (const auto& a : cfg.accounts) known.push_back(a.name);

  std::map<std::string, std::string, std::less<>> seen;  // deployment id -> where first listed
  for (std::size_t i = 0; i < items.size(); ++i) {
    const YAML::Node item = items[i];
    std::string where = path + "[" + std::to_string(i) + "]";
    int item_line = line_of(item, line);
    if (!item.IsScalar()) {
      fail(item_line, where, "expected a deployment written account/model, got " + kind_of(item));
    }
    const std::string& written = item.Scalar();
    auto d = parse_deployment(written);
    if (!d) {
      fail(item_line, where,
           "\"" + written +
               "\" is not account/model (e.g. openai/gpt-5; a group lists "
               "deployments, not other groups)");
    }
    if (cfg.find_account(d->account) == nullptr) {
      fail(item_line, where,
           "account \"" + d->account + "\" is not defined (" + did_you_mean(d->account, known) +
               "known accounts: " + comma_list(known) + ")");
    }
    if (auto [first, inserted] = seen.emplace(d->id(), where); !inserted) {
      fail(item_line, where,
           "duplicate deployment \"" + d->id() + "\" (already listed at " + first->second + ")");
    }
    group.deployments.push_back(std::move(*d));
  }
}

GroupConfig Loader::parse_group(const Entry& e, const Config& cfg) const {
  GroupConfig group;
  group.name = e.name;
  group.policy = cfg.policy;
  if (!valid_name(e.name)) {
    fail(e.line, e.path,
         "bad group name \"" + e.name +
             "\": use letters, digits, '-', '_', '.' or ':' (no '/': a requested model with a "
             "'/' means account/model)");
  }
  if (e.value.IsSequence() || e.value.IsNull()) {
    parse_deployments(e.value, e.path, e.line, cfg, group);
    return group;
  }
  if (!e.value.IsMap()) {
    fail(e.line, e.path,
         "expected a list of deployments or a map {deployments: [...], policy: {...}}, got " +
             kind_of(e.value));
  }
  const Entry* deployments = nullptr;
  std::vector<Entry> fields = entries(e.value, e.path, e.line, kGroupKeys);
  for (const Entry& x : fields) {
    if (x.name == "deployments") deployments = &x;
    if (x.name == "policy") group.policy = parse_policy(x, cfg.policy);
  }
  if (deployments == nullptr) {
    fail(e.line, join_key(e.path, "deployments"), "group \"" + e.name + "\" has no deployments");
  }
  parse_deployments(deployments->value, deployments->path, deployments->line, cfg, group);
  return group;
}

ModelPrice Loader::parse_price(const Entry& e) const {
  std::optional<double> input, output, cache_read, cache_write;
  for (const Entry& x : entries(e.value, e.path, e.line, kPriceKeys)) {
    const double value = number(x);
    if (value < 0) fail(x.line, x.path, "a price cannot be negative");
    if (x.name == "input") input = value;
    if (x.name == "output") output = value;
    if (x.name == "cache_read") cache_read = value;
    if (x.name == "cache_write") cache_write = value;
  }
  if (!input || !output) {
    fail(e.line, e.path,
         "a price needs both input and output (USD per million tokens; cache_read and "
         "cache_write default to input)");
  }
  // Charging cached tokens at the full input price never undercounts what the user spent.
  return ModelPrice{*input, *output, cache_read.value_or(*input), cache_write.value_or(*input)};
}

ModelOverride Loader::parse_model(const Entry& e, const Config& cfg) const {
  ModelOverride m;
  m.key = e.name;
  const auto d = parse_deployment(e.name);
  m.for_deployment = d && cfg.find_account(d->account) != nullptr;
  bool used = false;
  for (const auto& g : cfg.groups) {
    for (const auto& member : g.deployments) used = used || override_applies(m, member);
  }
  if (!used) {
    fail(e.line, e.path,
         "\"" + e.name +
             "\" names no deployment in any group: write ACCOUNT/MODEL or a model id that a "
             "group lists");
  }
  for (const Entry& x : entries(e.value, e.path, e.line, kModelKeys)) {
    if (x.name == "context_window") m.context_window = integer(x, 1, kMaxTokenCount);
    if (x.name == "max_output") m.max_output = integer(x, 1, kMaxTokenCount);
    if (x.name == "price") m.price = parse_price(x);
    if (x.name == "tools") m.tools = boolean(x);
    if (x.name == "vision") m.vision = boolean(x);
    if (x.name == "reasoning") m.reasoning = boolean(x);
  }
  if (m.context_window && m.max_output && *m.max_output > *m.context_window) {
    fail(e.line, e.path, "max_output is larger than context_window");
  }
  return m;
}

Config Loader::load(const YAML::Node& root) {
  Config cfg;
  cfg.source = source();
  cfg.state_path = default_state_path();
  if (root.IsNull()) {
    fail(0, "", "the file is empty: define at least one account (see docs/configuration.md)");
  }
  if (!root.IsMap()) {
    fail(line_of(root, 1), "",
         "expected a map of sections (" + comma_list(kTopKeys) + "), got " + kind_of(root));
  }
  std::vector<Entry> top = entries(root, "", 1, kTopKeys);
  auto section = [&](std::string_view name) -> const Entry* {
    for (const Entry& x : top) {
      if (x.name == name) return &x;
    }
    return nullptr;
  };

  // Order matters: groups inherit the top-level policy and refer to accounts.
  if (const Entry* x = section("server")) parse_server(*x, cfg.server);
  if (const Entry* x = section("state")) cfg.state_path = path(*x);
  if (const Entry* x = section("policy")) cfg.policy = parse_policy(*x, Policy{});

  const Entry* accounts = section("accounts");
  std::vector<Entry> account_entries;
  if (accounts != nullptr) {
    account_entries = entries(accounts->value, accounts->path, accounts->line, {});
  }
  if (account_entries.empty()) {
    fail(accounts != nullptr ? accounts->line : 0, "accounts",
         "no accounts are defined; add one, e.g. `openai: {type: openai, api_key: "
         "env:OPENAI_API_KEY}`");
  }
  for (const Entry& a : account_entries) cfg.accounts.push_back(parse_account(a));

  if (const Entry* x = section("groups")) {
    for (const Entry& g : entries(x->value, x->path, x->line, {})) {
      cfg.groups.push_back(parse_group(g, cfg));
    }
  }

  if (const Entry* x = section("models")) {
    for (const Entry& m : entries(x->value, x->path, x->line, {})) {
      cfg.models.push_back(parse_model(m, cfg));
    }
  }

  if (const Entry* x = section("budgets")) cfg.budgets = parse_budgets(*this, *x, cfg);
  if (const Entry* x = section("probes")) cfg.probes = parse_probes(*this, *x, cfg);

  if (const Entry* x = section("default_group")) {
    std::string name = text(*x);
    if (cfg.find_group(name) == nullptr) fail(x->line, x->path, no_group_named(cfg, name));
    cfg.default_group = name;
  }
  return cfg;
}

Config parse_with_base(std::string_view yaml_text, const std::string& source,
                       const std::string& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(source, e.mark.line >= 0 ? e.mark.line + 1 : 0, "",
                      "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source, e.mark.line >= 0 ? e.mark.line + 1 : 0, "",
                      "cannot read YAML: " + e.msg);
  }
  return Loader(source, base_dir).load(root);
}

}  // namespace

Config parse_config(std::string_view yaml_text, const std::string& source) {
  return parse_with_base(yaml_text, source, {});
}

Config load_config_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw ConfigError(path, 0, "", "config file not found");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError(path, 0, "", "is a directory, not a config file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, "", std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path, 0, "", std::string("cannot read: ") + std::strerror(errno));
  std::string base_dir = std::filesystem::absolute(path, ec).parent_path().string();
  return parse_with_base(text.str(), path, base_dir);
}

}  // namespace sb
