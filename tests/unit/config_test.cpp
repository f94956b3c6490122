// The config loader: the SPEC §2 example loads with every value where it belongs; defaults and
// policy merging; and one test per kind of mistake, each pinning file, line, dotted key and the
// gist of the message, and checking that the literal key in the file never leaks into it.
#include "config/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "support/test_env.h"

namespace sb {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kLiteralKey = "sk-literal-SECRET-4242";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_test_dir("sb-config-test");
    env_.set("HOME", dir_.string());
    env_.unset("XDG_DATA_HOME");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  // Parses text that must fail and returns the error; checks the literal key never leaks.
  ConfigError error_of(const std::string& yaml) {
    try {
      parse_config(yaml, "config.yaml");
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).find(kLiteralKey), std::string::npos) << e.what();
      EXPECT_EQ(e.file(), "config.yaml");
      return e;
    }
    ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
    return ConfigError("", 0, "", "");
  }

  fs::path dir_;
  test::ScopedEnv env_;
};

// Two accounts with a literal key on line 2, used by most of the mistake tests.
const std::string kAccounts = std::string(R"(accounts:
  openai: {type: openai, api_key: )") +
                              kLiteralKey + R"(}
  local: {type: openai-compatible, base_url: http://127.0.0.1:11434/v1}
)";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(ConfigTest, LoadsTheSpecExample) {
  env_.set("SWITCHBOARD_ADMIN_TOKEN", "admin-secret");
  env_.set("ANTHROPIC_API_KEY", "sk-ant-123");
  env_.set("OPENAI_API_KEY", "sk-openai-456");
  write_file(dir_ / ".config/gemini.key", "gemini-789\n");
  const std::string yaml = R"(server:
  listen: 127.0.0.1:8787
  admin_token: env:SWITCHBOARD_ADMIN_TOKEN   # when set, /admin/* requires it
state: ~/.local/share/switchboard/state.db    # embedded default: SQLite
accounts:
  anthropic-max:   {type: anthropic, auth: oauth}        # `switchboard login anthropic-max`
  anthropic-work:  {type: anthropic, api_key: env:ANTHROPIC_API_KEY}
  openai:          {type: openai, api_key: env:OPENAI_API_KEY}
  gemini:          {type: gemini, api_key: file:~/.config/gemini.key}
  local:           {type: openai-compatible, base_url: http://127.0.0.1:11434/v1}
groups:
  coding:
    - anthropic-max/claude-sonnet-4-5
    - anthropic-work/claude-sonnet-4-5
    - openai/gpt-5
    - local/qwen3:8b
  fast: [openai/gpt-5-mini, gemini/gemini-2.5-flash]
default_group: coding
policy:            # every value has a sensible default; groups and deployments may override
  retries: 2                      # same deployment, overloaded/server errors only
  max_wait: 10s                   # wait for a cooldown ending this soon when nothing else is left
  backoff: {base: 250ms, max: 8s} # exponential, full jitter
  cooldown: {quota: 1h, rate_limit: 60s, overloaded: 20s, server_error: 30s, auth: 24h}
  timeouts: {connect: 5s, first_byte: 90s, idle: 120s, total: 15m}
  circuit: {window: 60s, min_requests: 8, failure_rate: 0.5, open_for: 30s}
)";
  Config cfg = parse_config(yaml, "spec.yaml");
  EXPECT_EQ(cfg.source, "spec.yaml");
  EXPECT_EQ(cfg.server.listen, "127.0.0.1:8787");
  ASSERT_TRUE(cfg.server.admin_token);
  EXPECT_EQ(cfg.server.admin_token->reveal(), "admin-secret");
  EXPECT_EQ(cfg.server.admin_token_source, "env:SWITCHBOARD_ADMIN_TOKEN");
  EXPECT_EQ(cfg.state_path, (dir_ / ".local/share/switchboard/state.db").string());

  ASSERT_EQ(cfg.accounts.size(), 5u);
  const AccountConfig* max = cfg.find_account("anthropic-max");
  ASSERT_NE(max, nullptr);
  EXPECT_EQ(max->type, ProviderType::Anthropic);
  EXPECT_EQ(max->auth, AuthMode::OAuth);
  EXPECT_FALSE(max->api_key);
  EXPECT_EQ(max->base_url, "https://api.anthropic.com");

  const AccountConfig* work = cfg.find_account("anthropic-work");
  ASSERT_TRUE(work && work->api_key);
  EXPECT_EQ(work->auth, AuthMode::ApiKey);
  EXPECT_EQ(work->api_key->reveal(), "sk-ant-123");
  EXPECT_EQ(work->key_source, "env:ANTHROPIC_API_KEY");

  const AccountConfig* openai = cfg.find_account("openai");
  ASSERT_TRUE(openai && openai->api_key);
  EXPECT_EQ(openai->api_key->reveal(), "sk-openai-456");
  EXPECT_EQ(openai->base_url, "https://api.openai.com/v1");

  const AccountConfig* gemini = cfg.find_account("gemini");
  ASSERT_TRUE(gemini && gemini->api_key);
  EXPECT_EQ(gemini->api_key->reveal(), "gemini-789");  // trailing newline trimmed
  EXPECT_EQ(gemini->key_source, "file:~/.config/gemini.key");
  EXPECT_EQ(gemini->base_url, "https://generativelanguage.googleapis.com");

  const AccountConfig* local = cfg.find_account("local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->type, ProviderType::OpenAICompatible);
  EXPECT_EQ(local->auth, AuthMode::CredentialStore);
  EXPECT_EQ(local->base_url, "http://127.0.0.1:11434/v1");

  ASSERT_EQ(cfg.groups.size(), 2u);
  const GroupConfig* coding = cfg.find_group("coding");
  ASSERT_NE(coding, nullptr);
  ASSERT_EQ(coding->deployments.size(), 4u);
  EXPECT_EQ(coding->deployments[0].id(), "anthropic-max/claude-sonnet-4-5");
  EXPECT_EQ(coding->deployments[3], (Deployment{"local", "qwen3:8b"}));
  ASSERT_NE(cfg.find_group("fast"), nullptr);
  EXPECT_EQ(cfg.find_group("fast")->deployments[1].id(), "gemini/gemini-2.5-flash");
  EXPECT_EQ(cfg.default_group, "coding");

  EXPECT_EQ(cfg.policy.retries, 2);
  EXPECT_EQ(cfg.policy.max_wait, 10s);
  EXPECT_EQ(cfg.policy.backoff.base, 250ms);
  EXPECT_EQ(cfg.policy.backoff.max, 8s);
  EXPECT_EQ(cfg.policy.cooldown.quota, 1h);
  EXPECT_EQ(cfg.policy.cooldown.auth, 24h);
  EXPECT_EQ(cfg.policy.timeouts.total, 15min);
  EXPECT_EQ(cfg.policy.circuit.min_requests, 8);
  EXPECT_DOUBLE_EQ(cfg.policy.circuit.failure_rate, 0.5);
  EXPECT_EQ(coding->policy.timeouts.first_byte, 90s);
}

TEST_F(ConfigTest, MinimalConfigGetsEveryDefault) {
  env_.set("XDG_DATA_HOME", (dir_ / "data").string());
  Config cfg = parse_config(kAccounts, "config.yaml");
  const Policy defaults;
  EXPECT_EQ(cfg.server.listen, "127.0.0.1:8787");
  EXPECT_FALSE(cfg.server.admin_token);
  EXPECT_EQ(cfg.server.threads, 0u);
  EXPECT_EQ(cfg.server.max_body, 32u * 1024 * 1024);
  EXPECT_EQ(cfg.server.max_header, 64u * 1024);
  EXPECT_EQ(cfg.state_path, (dir_ / "data/switchboard/state.db").string());
  EXPECT_TRUE(cfg.groups.empty());
  EXPECT_FALSE(cfg.default_group);
  EXPECT_EQ(cfg.policy.retries, defaults.retries);
  EXPECT_EQ(cfg.policy.cooldown.quota, defaults.cooldown.quota);
  EXPECT_EQ(cfg.policy.circuit.open_for, defaults.circuit.open_for);
  EXPECT_EQ(cfg.find_account("openai")->key_source, "literal");
  EXPECT_EQ(cfg.find_account("openai")->api_key->reveal(), kLiteralKey);
}

TEST_F(ConfigTest, ServerExtensionsParseSizesAndDurations) {
  Config cfg = parse_config(kAccounts + R"(server:
  listen: "[::1]:9000"
  threads: 4
  max_body: 8MiB
  max_header: 16384
  client_timeout: 30s
  keepalive_timeout: 2m
)",
                            "config.yaml");
  EXPECT_EQ(cfg.server.listen, "[::1]:9000");
  EXPECT_EQ(cfg.server.threads, 4u);
  EXPECT_EQ(cfg.server.max_body, 8u * 1024 * 1024);
  EXPECT_EQ(cfg.server.max_header, 16384u);
  EXPECT_EQ(cfg.server.client_timeout, 30s);
  EXPECT_EQ(cfg.server.keepalive_timeout, 2min);
}

TEST_F(ConfigTest, PartialPolicyMergesKeyByKeyOverDefaults) {
  Config cfg = parse_config(kAccounts + R"(policy:
  retries: 0
  cooldown: {quota: 2h}
  timeouts: {connect: 2s}
)",
                            "config.yaml");
  const Policy defaults;
  EXPECT_EQ(cfg.policy.retries, 0);
  EXPECT_EQ(cfg.policy.cooldown.quota, 2h);
  EXPECT_EQ(cfg.policy.cooldown.rate_limit, defaults.cooldown.rate_limit);
  EXPECT_EQ(cfg.policy.timeouts.connect, 2s);
  EXPECT_EQ(cfg.policy.timeouts.total, defaults.timeouts.total);
  EXPECT_EQ(cfg.policy.max_wait, defaults.max_wait);
}

TEST_F(ConfigTest, GroupPolicyMergesOverTheTopLevelPolicy) {
  Config cfg = parse_config(kAccounts + R"(policy:
  retries: 1
  timeouts: {connect: 3s, total: 5m}
groups:
  plain: [openai/gpt-5]
  patient:
    deployments: [openai/gpt-5, local/qwen3:8b]
    policy:
      timeouts: {total: 30m}
      circuit: {failure_rate: 0.9}
)",
                            "config.yaml");
  const GroupConfig* plain = cfg.find_group("plain");
  const GroupConfig* patient = cfg.find_group("patient");
  ASSERT_TRUE(plain && patient);
  EXPECT_EQ(plain->policy.timeouts.total, 5min);
  EXPECT_EQ(patient->policy.timeouts.total, 30min);  // the group's own
  EXPECT_EQ(patient->policy.timeouts.connect, 3s);   // inherited from the top level
  EXPECT_EQ(patient->policy.retries, 1);             // inherited from the top level
  EXPECT_DOUBLE_EQ(patient->policy.circuit.failure_rate, 0.9);
  EXPECT_EQ(patient->policy.circuit.window, Policy{}.circuit.window);  // the default
  ASSERT_EQ(patient->deployments.size(), 2u);
}

TEST_F(ConfigTest, ModelIdsMayContainSlashes) {
  Config cfg = parse_config(R"(accounts:
  openrouter: {type: openai-compatible, base_url: "https://openrouter.ai/api/v1/", api_key: x}
groups:
  big: [openrouter/meta-llama/llama-3-70b]
)",
                            "config.yaml");
  const auto& d = cfg.find_group("big")->deployments.at(0);
  EXPECT_EQ(d.account, "openrouter");
  EXPECT_EQ(d.model, "meta-llama/llama-3-70b");
  EXPECT_EQ(cfg.find_account("openrouter")->base_url, "https://openrouter.ai/api/v1");
  EXPECT_EQ(parse_deployment("a/b/c"), (Deployment{"a", "b/c"}));
  EXPECT_FALSE(parse_deployment("gpt-5"));
  EXPECT_FALSE(parse_deployment("/gpt-5"));
  EXPECT_FALSE(parse_deployment("openai/"));
}

TEST_F(ConfigTest, JsonIsValidYaml) {
  env_.set("SB_TEST_JSON_KEY", "from-env");
  Config cfg = parse_config(R"({
  "server": {"listen": "0.0.0.0:8080"},
  "accounts": {
    "openai": {"type": "openai", "api_key": "env:SB_TEST_JSON_KEY"},
    "claude": {"type": "anthropic", "auth": "passthrough", "headers": {"anthropic-beta": "x"}}
  },
  "groups": {"main": {"deployments": ["openai/gpt-5", "claude/claude-sonnet-4-5"],
                      "policy": {"retries": 1, "backoff": {"base": "100ms"}}}},
  "default_group": "main"
})",
                            "config.json");
  EXPECT_EQ(cfg.server.listen, "0.0.0.0:8080");
  EXPECT_EQ(cfg.find_account("openai")->api_key->reveal(), "from-env");
  EXPECT_EQ(cfg.find_account("claude")->auth, AuthMode::Passthrough);
  ASSERT_EQ(cfg.find_account("claude")->headers.size(), 1u);
  EXPECT_EQ(cfg.find_account("claude")->headers[0].first, "anthropic-beta");
  EXPECT_EQ(cfg.find_group("main")->policy.backoff.base, 100ms);
  EXPECT_EQ(cfg.default_group, "main");
}

TEST_F(ConfigTest, LoadsAFileAndResolvesRelativeSecretFilesBesideIt) {
  write_file(dir_ / "conf/keys/openai.key", "  sk-from-file  \n\n");
  write_file(dir_ / "conf/config.yaml", R"(accounts:
  openai: {type: openai, api_key: file:keys/openai.key}
state: state/sb.db
)");
  Config cfg = load_config_file((dir_ / "conf/config.yaml").string());
  EXPECT_EQ(cfg.source, (dir_ / "conf/config.yaml").string());
  EXPECT_EQ(cfg.find_account("openai")->api_key->reveal(), "sk-from-file");
  EXPECT_EQ(cfg.state_path, (dir_ / "conf/state/sb.db").string());
}

TEST_F(ConfigTest, MissingFileIsAnError) {
  std::string path = (dir_ / "nope.yaml").string();
  try {
    load_config_file(path);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0);
    EXPECT_TRUE(contains(e.problem(), "not found")) << e.what();
  }
}

TEST_F(ConfigTest, ErrorRendersFileLineKeyAndProblem) {
  ConfigError e("config.yaml", 12, "groups.coding[1]", "account \"nope\" is not defined");
  EXPECT_STREQ(e.what(), "config.yaml:12: groups.coding[1]: account \"nope\" is not defined");
  EXPECT_STREQ(ConfigError("c.yaml", 0, "", "empty").what(), "c.yaml: empty");
}

// ---- one test per kind of mistake --------------------------------------------------------

TEST_F(ConfigTest, UnknownKeySuggestsTheClosestAllowedKey) {
  auto e = error_of(kAccounts + "policy:\n  retires: 3\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "policy.retires");
  EXPECT_TRUE(contains(e.problem(), "unknown key \"retires\"")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "did you mean \"retries\"?")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "retries, max_wait, backoff")) << e.what();
}

TEST_F(ConfigTest, UnknownKeyWithoutAnObviousTypoListsAllowedKeys) {
  auto e = error_of(kAccounts + "listen: 1.2.3.4:80\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "listen");
  EXPECT_FALSE(contains(e.problem(), "did you mean")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "allowed here: server, state, accounts")) << e.what();
}

TEST_F(ConfigTest, WrongTypeMapWhereStringExpected) {
  auto e = error_of(kAccounts + "server:\n  listen: {host: 127.0.0.1}\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "server.listen");
  EXPECT_TRUE(contains(e.problem(), "expected a string, got a map")) << e.what();
}

TEST_F(ConfigTest, WrongTypeTextWhereNumberExpected) {
  auto e = error_of(kAccounts + "policy:\n  retries: \"x\"\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "policy.retries");
  EXPECT_TRUE(contains(e.problem(), "expected a whole number from 0 to 10, got \"x\"")) << e.what();
}

TEST_F(ConfigTest, FailoverOnContentFilterIsABooleanAndDefaultsToFalse) {
  EXPECT_FALSE(parse_config(kAccounts, "config.yaml").policy.failover_on_content_filter);
  Config cfg =
      parse_config(kAccounts + "policy: {failover_on_content_filter: true}\n", "config.yaml");
  EXPECT_TRUE(cfg.policy.failover_on_content_filter);
  auto e = error_of(kAccounts + "policy:\n  failover_on_content_filter: yes\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "policy.failover_on_content_filter");
  EXPECT_TRUE(contains(e.problem(), "expected true or false, got \"yes\"")) << e.what();
}

TEST_F(ConfigTest, SecretOfWrongTypeNeverShowsItsContent) {
  auto e = error_of(std::string("accounts:\n  openai:\n    type: openai\n    api_key: [") +
                    kLiteralKey + "]\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.openai.api_key");
  EXPECT_TRUE(contains(e.problem(), "got a list")) << e.what();
}

TEST_F(ConfigTest, BadDuration) {
  auto e = error_of(kAccounts + "policy:\n  timeouts:\n    connect: 5 seconds\n");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "policy.timeouts.connect");
  EXPECT_TRUE(contains(e.problem(), "bad duration \"5 seconds\"")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "250ms, 2s, 10m, 1h, 1d")) << e.what();
}

TEST_F(ConfigTest, BadSize) {
  auto e = error_of(kAccounts + "server:\n  max_body: 32 megs\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "server.max_body");
  EXPECT_TRUE(contains(e.problem(), "bad size \"32 megs\"")) << e.what();
}

TEST_F(ConfigTest, UndefinedAccountInAGroup) {
  auto e = error_of(kAccounts + "groups:\n  coding:\n    - openai/gpt-5\n    - nope/model\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "groups.coding[1]");
  EXPECT_EQ(e.problem(), "account \"nope\" is not defined (known accounts: openai, local)");
  EXPECT_TRUE(contains(e.what(), "config.yaml:7: groups.coding[1]: account \"nope\"")) << e.what();
}

TEST_F(ConfigTest, UndefinedAccountSuggestsATypo) {
  auto e = error_of(kAccounts + "groups:\n  coding: [opnai/gpt-5]\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "groups.coding[0]");
  EXPECT_TRUE(contains(e.problem(), "did you mean \"openai\"?")) << e.what();
}

TEST_F(ConfigTest, MissingSecretFromAnUnsetVariable) {
  env_.unset("SB_TEST_UNSET_KEY");
  auto e = error_of(kAccounts + "  other: {type: openai, api_key: env:SB_TEST_UNSET_KEY}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.other.api_key");
  EXPECT_TRUE(contains(e.problem(), "missing secret")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "SB_TEST_UNSET_KEY is not set")) << e.what();
}

TEST_F(ConfigTest, MissingSecretFromAnEmptyVariable) {
  env_.set("SB_TEST_EMPTY_KEY", "");
  auto e = error_of(kAccounts + "server:\n  admin_token: env:SB_TEST_EMPTY_KEY\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "server.admin_token");
  EXPECT_TRUE(contains(e.problem(), "SB_TEST_EMPTY_KEY is empty")) << e.what();
}

TEST_F(ConfigTest, MissingSecretFromAMissingFile) {
  auto e = error_of(kAccounts + "  other: {type: gemini, api_key: file:~/no/such.key}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.other.api_key");
  EXPECT_TRUE(contains(e.problem(), "missing secret: cannot read")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "file:~/no/such.key")) << e.what();
}

TEST_F(ConfigTest, MissingSecretFromAnEmptyFile) {
  write_file(dir_ / "empty.key", "\n  \n");
  auto e = error_of(
      kAccounts + "  other: {type: gemini, api_key: file:" + (dir_ / "empty.key").string() + "}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_TRUE(contains(e.problem(), "is empty")) << e.what();
}

TEST_F(ConfigTest, DuplicateAccountNameInTheYamlMap) {
  auto e = error_of(kAccounts + "  openai: {type: openai, api_key: env:HOME}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.openai");
  EXPECT_TRUE(contains(e.problem(), "duplicate key \"openai\" (first defined on line 2"))
      << e.what();
}

TEST_F(ConfigTest, DuplicateSectionKey) {
  auto e = error_of(kAccounts + "policy: {retries: 1}\npolicy: {retries: 2}\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "policy");
  EXPECT_TRUE(contains(e.problem(), "duplicate key")) << e.what();
}

TEST_F(ConfigTest, DuplicateDeploymentInAGroup) {
  auto e = error_of(kAccounts + "groups:\n  coding:\n    deployments:\n      - openai/gpt-5\n" +
                    "      - local/qwen3\n      - openai/gpt-5\n");
  EXPECT_EQ(e.line(), 9);
  EXPECT_EQ(e.key(), "groups.coding.deployments[2]");
  EXPECT_TRUE(contains(e.problem(), "duplicate deployment \"openai/gpt-5\"")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "groups.coding.deployments[0]")) << e.what();
}

TEST_F(ConfigTest, UnknownProviderType) {
  auto e = error_of(kAccounts + "  third: {type: opneai, api_key: x}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.third.type");
  EXPECT_TRUE(contains(e.problem(), "unknown provider type \"opneai\"")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "did you mean \"openai\"?")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "openai, anthropic, gemini, openai-compatible")) << e.what();
}

TEST_F(ConfigTest, DefaultGroupNamingNoGroup) {
  auto e = error_of(kAccounts + "groups:\n  coding: [openai/gpt-5]\ndefault_group: codnig\n");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "default_group");
  EXPECT_TRUE(contains(e.problem(), "no group named \"codnig\"")) << e.what();
  EXPECT_TRUE(contains(e.problem(), "did you mean \"coding\"?")) << e.what();
}

TEST_F(ConfigTest, YamlSyntaxError) {
  auto e = error_of(kAccounts + "groups:\n  coding: [openai/gpt-5\n  fast: [local/x]\n");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "");
  EXPECT_TRUE(contains(e.problem(), "YAML syntax error")) << e.what();
}

TEST_F(ConfigTest, OpenAiCompatibleNeedsABaseUrl) {
  auto e = error_of(kAccounts + "  vllm: {type: openai-compatible}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.vllm.base_url");
  EXPECT_TRUE(contains(e.problem(), "has no default host")) << e.what();
}

TEST_F(ConfigTest, BaseUrlMustBeHttp) {
  auto e = error_of(kAccounts + "  vllm: {type: openai-compatible, base_url: 127.0.0.1:8000}\n");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "accounts.vllm.base_url");
  EXPECT_TRUE(contains(e.problem(), "expected an http:// or https:// URL")) << e.what();
}

TEST_F(ConfigTest, GroupWithoutDeployments) {
  auto e = error_of(kAccounts + "groups:\n  empty: []\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "groups.empty");
  EXPECT_TRUE(contains(e.problem(), "has no deployments")) << e.what();
}

TEST_F(ConfigTest, GroupNameMustNotLookLikeADeployment) {
  auto e = error_of(kAccounts + "groups:\n  openai/gpt-5: [openai/gpt-5]\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "groups.openai/gpt-5");
  EXPECT_TRUE(contains(e.problem(), "bad group name")) << e.what();
}

TEST_F(ConfigTest, DeploymentWithoutAccount) {
  auto e = error_of(kAccounts + "groups:\n  coding: [gpt-5]\n");
  EXPECT_EQ(e.key(), "groups.coding[0]");
  EXPECT_TRUE(contains(e.problem(), "is not account/model")) << e.what();
}

TEST_F(ConfigTest, ApiKeyConflictsWithOauth) {
  auto e = error_of(kAccounts + "  claude: {type: anthropic, auth: oauth, api_key: x}\n");
  EXPECT_EQ(e.key(), "accounts.claude.api_key");
  EXPECT_TRUE(contains(e.problem(), "cannot be combined with auth: oauth")) << e.what();
}

TEST_F(ConfigTest, FailureRateOutOfRange) {
  auto e = error_of(kAccounts + "policy:\n  circuit: {failure_rate: 1.5}\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "policy.circuit.failure_rate");
  EXPECT_TRUE(contains(e.problem(), "above 0 and at most 1")) << e.what();
}

TEST_F(ConfigTest, GroupBackoffBaseAboveInheritedMax) {
  auto e = error_of(kAccounts + "groups:\n  g:\n    deployments: [openai/gpt-5]\n" +
                    "    policy:\n      backoff: {base: 10s}\n");
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "groups.g.policy.backoff");
  EXPECT_TRUE(contains(e.problem(), "base (10s) is longer than max (8s)")) << e.what();
}

TEST_F(ConfigTest, EmptyFileAndNoAccounts) {
  auto e = error_of("");
  EXPECT_TRUE(contains(e.problem(), "empty")) << e.what();
  auto f = error_of("groups: {}\naccounts: {}\n");
  EXPECT_EQ(f.line(), 2);
  EXPECT_EQ(f.key(), "accounts");
  EXPECT_TRUE(contains(f.problem(), "no accounts")) << f.what();
}

// ---- models: ----------------------------------------------------------------------------------

const std::string kModelGroups = kAccounts + "groups:\n  g: [openai/gpt-5, local/qwen3:8b]\n";

TEST_F(ConfigTest, ModelEntriesNameADeploymentOrAModel) {
  const Config cfg = parse_config(kModelGroups + R"(models:
  local/qwen3:8b: {context_window: 32768, max_output: 8192, tools: false}
  gpt-5: {price: {input: 1, output: 8}, vision: true, reasoning: true}
)",
                                  "config.yaml");
  ASSERT_EQ(cfg.models.size(), 2u);
  const ModelOverride& local = cfg.models[0];
  EXPECT_EQ(local.key, "local/qwen3:8b");
  EXPECT_TRUE(local.for_deployment);
  EXPECT_EQ(local.context_window, 32768);
  EXPECT_EQ(local.max_output, 8192);
  EXPECT_EQ(local.tools, false);
  EXPECT_FALSE(local.price);
  const ModelOverride& gpt = cfg.models[1];
  EXPECT_FALSE(gpt.for_deployment);
  // Cached tokens default to the input price: never an undercount.
  EXPECT_EQ(gpt.price, (ModelPrice{1, 8, 1, 1}));
  EXPECT_EQ(gpt.vision, true);
  EXPECT_EQ(gpt.reasoning, true);
}

TEST_F(ConfigTest, ModelEntryNamingNothingConfigured) {
  auto e = error_of(kModelGroups + "models:\n  gpt-6: {max_output: 1000}\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "models.gpt-6");
  EXPECT_TRUE(contains(e.problem(), "names no deployment in any group")) << e.what();
}

TEST_F(ConfigTest, ModelEntryUnknownKeySuggestsTheFact) {
  auto e = error_of(kModelGroups + "models:\n  gpt-5: {max_ouput: 1000}\n");
  EXPECT_EQ(e.key(), "models.gpt-5.max_ouput");
  EXPECT_TRUE(contains(e.problem(), "did you mean \"max_output\"?")) << e.what();
}

TEST_F(ConfigTest, ModelPriceNeedsInputAndOutputAndNoNegatives) {
  auto e = error_of(kModelGroups + "models:\n  gpt-5:\n    price: {input: 1}\n");
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "models.gpt-5.price");
  EXPECT_TRUE(contains(e.problem(), "needs both input and output")) << e.what();
  auto f = error_of(kModelGroups + "models:\n  gpt-5:\n    price: {input: 1, output: -2}\n");
  EXPECT_EQ(f.key(), "models.gpt-5.price.output");
  EXPECT_TRUE(contains(f.problem(), "cannot be negative")) << f.what();
}

TEST_F(ConfigTest, ModelMaxOutputBeyondItsWindow) {
  auto e = error_of(kModelGroups +
                    "models:\n  local/qwen3:8b: {context_window: 4096, max_output: 8192}\n");
  EXPECT_EQ(e.key(), "models.local/qwen3:8b");
  EXPECT_TRUE(contains(e.problem(), "max_output is larger than context_window")) << e.what();
}

// ---- budgets: ---------------------------------------------------------------------------------

TEST_F(ConfigTest, BudgetsOverallAndPerGroup) {
  const Config cfg = parse_config(kModelGroups + R"(budgets:
  alert_at: [80, 50, 100, 80]
  webhook: https://hooks.example.com/budget
  overall: {monthly: 800}
  groups:
    g: {daily: 20.5, on_exceed: restrict, max_price: 0}
)",
                                  "config.yaml");
  const BudgetsConfig& b = cfg.budgets;
  EXPECT_TRUE(b.any());
  EXPECT_EQ(b.alert_at, (std::vector<int>{50, 80, 100}));
  EXPECT_EQ(b.webhook, "https://hooks.example.com/budget");
  ASSERT_TRUE(b.overall);
  EXPECT_EQ(b.overall->monthly_usd, 800);
  EXPECT_FALSE(b.overall->daily_usd);
  EXPECT_EQ(b.overall->on_exceed, BudgetAction::Refuse);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ(b.groups[0].first, "g");
  EXPECT_EQ(b.groups[0].second.daily_usd, 20.5);
  EXPECT_EQ(b.groups[0].second.on_exceed, BudgetAction::Restrict);
  EXPECT_EQ(b.groups[0].second.max_price, 0);
  EXPECT_FALSE(parse_config(kModelGroups, "config.yaml").budgets.any());
}

TEST_F(ConfigTest, BudgetMistakesNameTheirKey) {
  auto e = error_of(kModelGroups + "budgets:\n  groups:\n    h: {daily: 1}\n");
  EXPECT_EQ(e.key(), "budgets.groups.h");
  EXPECT_TRUE(contains(e.problem(), "no group named \"h\"")) << e.what();
  e = error_of(kModelGroups + "budgets:\n  overall: {on_exceed: refuse}\n");
  EXPECT_EQ(e.key(), "budgets.overall");
  EXPECT_TRUE(contains(e.problem(), "daily, monthly or both")) << e.what();
  e = error_of(kModelGroups + "budgets:\n  overall: {daily: 0}\n");
  EXPECT_EQ(e.key(), "budgets.overall.daily");
  e = error_of(kModelGroups + "budgets:\n  overall: {daily: 5, on_exceed: restrict}\n");
  EXPECT_TRUE(contains(e.problem(), "needs max_price")) << e.what();
  e = error_of(kModelGroups + "budgets:\n  overall: {daily: 5, max_price: 1}\n");
  EXPECT_EQ(e.key(), "budgets.overall.max_price");
  e = error_of(kModelGroups + "budgets:\n  overall: {daily: 5, on_exceed: panic}\n");
  EXPECT_EQ(e.key(), "budgets.overall.on_exceed");
  e = error_of(kModelGroups + "budgets:\n  alert_at: [50, 0]\n  overall: {daily: 5}\n");
  EXPECT_EQ(e.key(), "budgets.alert_at[1]");
  e = error_of(kModelGroups + "budgets:\n  webhook: ftp://x\n  overall: {daily: 5}\n");
  EXPECT_EQ(e.key(), "budgets.webhook");
  e = error_of(kModelGroups + "budgets:\n  overall: {dialy: 5}\n");
  EXPECT_TRUE(contains(e.problem(), "did you mean \"daily\"?")) << e.what();
}

}  // namespace
}  // namespace sb
