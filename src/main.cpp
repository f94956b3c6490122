// The switchboard command line: one binary, one verb per task (SPEC §6). Verbs that exist today:
// serve, check, the admin verbs status, use and cooldowns clear (cli/admin_commands.h), models
// and usage.
// Exit codes (cli/exit_code.h): 0 success, 1 failure at run time, 2 usage error, 3 invalid
// configuration, 4 the listen address cannot be bound.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/admin_commands.h"
#include "cli/exit_code.h"
#include "cli/models_command.h"
#include "cli/usage_command.h"
#include "core/clock.h"
#include "config/config.h"
#include "config/env_config.h"
#include "fake_provider/fake_provider.h"
#include "http/gateway.h"
#include "http/server.h"
#include "http/upstream_client.h"
#include "store/state_store.h"

namespace {

using enum sb::cli::Exit;

struct LoadedConfig {
  sb::Config config;
  std::unique_ptr<sb::fake::FakeProvider> demo_provider;  // only for the demo
};

// --config, $SWITCHBOARD_CONFIG, ~/.config/switchboard/config.yaml, else the environment, else
// the demo. Throws ConfigError for an invalid file.
LoadedConfig load_config(const std::optional<std::string>& cli_path, bool allow_demo) {
  if (auto path = sb::find_config_file(cli_path)) return {sb::load_config_file(*path), nullptr};
  if (auto from_env = sb::config_from_environment(sb::read_environment())) {
    return {std::move(*from_env), nullptr};
  }
  if (!allow_demo) return {sb::Config{}, nullptr};
  auto fake = sb::fake::FakeProvider::start("127.0.0.1", 0, 1);
  auto config = sb::demo_config(fake->port());
  return {std::move(config), std::move(fake)};
}

void print_demo_banner(const LoadedConfig& loaded, const std::string& listen) {
  fmt::print(
      "\n  DEMO MODE: no config file and no provider key in the environment.\n"
      "  The `demo` group is served by a built-in fake provider on 127.0.0.1:{}; its answers\n"
      "  are canned. To use a real provider, set OPENAI_API_KEY (or ANTHROPIC_API_KEY,\n"
      "  GEMINI_API_KEY) before starting, or write ~/.config/switchboard/config.yaml\n"
      "  (see docs/configuration.md).\n\n"
      "  The group's first account is out of quota: watch the x-switchboard-failover header.\n"
      "  Try it:\n"
      "    curl http://{}/v1/models\n"
      "    curl -i http://{}/v1/chat/completions -H 'content-type: application/json' \\\n"
      "         -d "
      "'{{\"model\":\"demo\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}'\n\n",
      loaded.demo_provider->port(), listen, listen);
}

std::string printable_endpoint(const sb::tcp::endpoint& ep) {
  auto address = ep.address();
  std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(ep.port());
}

int run_serve(const std::optional<std::string>& config_path, const std::string& listen) {
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // the main thread alone receives them through sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  LoadedConfig loaded;
  try {
    loaded = load_config(config_path, true);
  } catch (const sb::ConfigError& e) {
    fmt::print(stderr, "switchboard: invalid configuration: {}\n", e.what());
    return kBadConfig;
  }
  fmt::print("{}", sb::describe_config(loaded.config));

  std::unique_ptr<sb::StateStore> state;
  try {
    state = sb::StateStore::open(loaded.config.state_path);
  } catch (const std::exception& e) {
    fmt::print(stderr, "switchboard: cannot open the state store {}: {}\n",
               loaded.config.state_path, e.what());
    return kFailure;
  }

  auto tls = sb::make_client_tls_context();
  std::unique_ptr<sb::Gateway> gateway_owner;
  try {
    // Restores cooldowns and pins, reading the store (busy, damaged: say so and stop).
    gateway_owner = std::make_unique<sb::Gateway>(std::make_shared<const sb::Config>(loaded.config),
                                                  std::move(state));
  } catch (const std::exception& e) {
    fmt::print(stderr, "switchboard: cannot restore from the state store {}: {}\n",
               loaded.config.state_path, e.what());
    return kFailure;
  }
  sb::Gateway& gateway = *gateway_owner;
  sb::Server server(loaded.config.server, gateway.handler(), *tls);
  try {
    server.start(listen);
  } catch (const std::exception& e) {
    fmt::print(stderr, "switchboard: cannot listen on {}: {}\n",
               listen.empty() ? loaded.config.server.listen : listen, e.what());
    return kCannotListen;
  }
  const std::string where = printable_endpoint(server.local_endpoint());
  gateway.announce_endpoint(where);
  if (loaded.demo_provider) print_demo_banner(loaded, where);
  fmt::print("listening on http://{}\n", where);
  if (!loaded.config.server.admin_token && !server.local_endpoint().address().is_loopback()) {
    spdlog::warn("the admin API (/admin/*) is open to the network: set server.admin_token");
  }
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received {}, draining", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  gateway.close_events();
  server.shutdown(std::chrono::seconds(10));
  // Store reads of admin requests post their answers to the server's threads: done before it goes.
  gateway.flush_state();
  if (loaded.demo_provider) loaded.demo_provider->stop();
  spdlog::info("stopped");
  return kOk;
}

int run_check(const std::optional<std::string>& config_path) {
  try {
    auto loaded = load_config(config_path, false);
    if (loaded.config.accounts.empty()) {
      fmt::print(
          "no config file and no provider keys in the environment: `serve` would start "
          "the demo\n");
      return kOk;
    }
    fmt::print("{}configuration OK\n", sb::describe_config(loaded.config));
    return kOk;
  } catch (const sb::ConfigError& e) {
    fmt::print(stderr, "switchboard: invalid configuration: {}\n", e.what());
    return kBadConfig;
  }
}

// The other verbs load the config as `check` does (never the demo: a running demo gateway is
// still found at the default server.listen) and leave the rest to cli/admin_commands.h and
// cli/models_command.h.
template <class Verb>
int run_config_verb(const std::optional<std::string>& config_path, Verb verb) {
  LoadedConfig loaded;
  try {
    loaded = load_config(config_path, false);
  } catch (const sb::ConfigError& e) {
    fmt::print(stderr, "switchboard: invalid configuration: {}\n", e.what());
    return kBadConfig;
  }
  return verb(loaded.config);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"switchboard: a high-availability gateway for LLM APIs"};
  app.set_version_flag("--version", std::string("switchboard ") + SWITCHBOARD_VERSION);
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  std::optional<std::string> config_path;
  std::string listen;
  auto* serve = app.add_subcommand("serve", "Start the gateway");
  serve->add_option("--config", config_path,
                    "Config file (default: $SWITCHBOARD_CONFIG, else "
                    "~/.config/switchboard/config.yaml, else from the environment)");
  serve->add_option("--listen", listen, "HOST:PORT to listen on (overrides server.listen)");

  auto* check = app.add_subcommand("check", "Validate the configuration and print a summary");
  check->add_option("--config", config_path, "Config file (same defaults as serve)");

  // The admin verbs find the gateway through server.listen and server.admin_token.
  bool status_json = false;
  auto* status = app.add_subcommand("status", "Show the gateway's groups, deployments and health");
  status->footer(
      "When the gateway is not running, shows what the state store holds and exits 1.\n"
      "--json prints the gateway's answer byte for byte.");
  status->add_option("--config", config_path, "Config file (same defaults as serve)");
  status->add_flag("--json", status_json, "Print the gateway's /admin/status JSON as it came");

  std::string use_group;
  std::optional<std::string> use_deployment;
  bool use_clear = false;
  auto* use = app.add_subcommand("use", "Switch the default group, or pin a deployment first");
  use->footer(
      "`use GROUP` makes GROUP the default; `use GROUP DEPLOYMENT` tries DEPLOYMENT first in\n"
      "GROUP; `use GROUP --clear` removes that pin. When the gateway is not running, the\n"
      "change is saved to the state store and takes effect when it starts.");
  use->add_option("GROUP", use_group, "Group to make the default (or to pin in)")->required();
  auto* use_deployment_option =
      use->add_option("DEPLOYMENT", use_deployment, "ACCOUNT/MODEL to try first in GROUP");
  use->add_flag("--clear", use_clear, "Remove GROUP's pin")->excludes(use_deployment_option);
  use->add_option("--config", config_path, "Config file (same defaults as serve)");

  std::optional<std::string> clear_deployment;
  auto* cooldowns = app.add_subcommand("cooldowns", "Manage deployment cooldowns");
  cooldowns->require_subcommand(1);
  auto* cooldowns_clear =
      cooldowns->add_subcommand("clear", "End cooldowns now, so the deployments are tried again");
  cooldowns_clear->footer(
      "When the gateway is not running, the cooldowns are deleted from the "
      "state store.");
  cooldowns_clear->add_option("DEPLOYMENT", clear_deployment,
                              "ACCOUNT/MODEL to clear (default: every cooldown)");
  cooldowns_clear->add_option("--config", config_path, "Config file (same defaults as serve)");

  bool models_json = false;
  sb::ModelQuery model_query;
  std::optional<std::string> min_context;
  auto* models = app.add_subcommand("models", "List the models the catalog knows, with prices");
  models->footer(
      "The catalog is compiled in; deployments the config's `models:` entries describe are\n"
      "listed under their account. Prices are USD per million tokens. Works without a\n"
      "running gateway.");
  models->add_option("--provider", model_query.provider,
                     "anthropic, openai, google, mistral, deepseek, xai, groq, local, or an "
                     "account's name");
  models->add_option("--capability", model_query.capabilities, "Only models with it (repeatable)")
      ->check(CLI::IsMember({"tools", "vision", "reasoning"}));
  models
      ->add_option("--max-input-price", model_query.max_input_price,
                   "Only models whose input costs at most this (USD per million tokens)")
      ->check(CLI::NonNegativeNumber);
  models
      ->add_option("--min-context", min_context,
                   "Only models whose context window holds at least this many tokens (128000, "
                   "128k, 1M)")
      ->check([](const std::string& text) {
        return sb::cli::parse_token_count(text) ? std::string() : "expected e.g. 128000, 128k, 1M";
      });
  models->add_flag("--json", models_json, "Print JSON for scripts");
  models->add_option("--config", config_path, "Config file (same defaults as serve)");

  sb::cli::UsageArgs usage_args;
  auto* usage = app.add_subcommand("usage", "Show what the requests of a period cost");
  usage->footer(
      "Reads the state store, so it works whether or not the gateway runs. Costs are USD,\n"
      "from the catalog's prices (or the config's models: entries); days are UTC.");
  usage->add_option("--since", usage_args.since,
                    "Start: a span back from now (24h, 7d, 90m), a date (2026-11-01) or an "
                    "RFC 3339 instant (default: 24h)");
  usage->add_option("--until", usage_args.until, "End, excluded: same forms (default: now)");
  usage->add_option("--by", usage_args.by, "One line per provider, model, deployment, group or day")
      ->check(CLI::IsMember({"provider", "model", "deployment", "group", "day"}));
  auto* usage_csv = usage->add_flag("--csv", usage_args.csv, "Print CSV (RFC 4180) for spreadsheets");
  usage->add_flag("--json", usage_args.json, "Print JSON for scripts")->excludes(usage_csv);
  usage->add_option("--config", config_path, "Config file (same defaults as serve)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  auto logger = spdlog::stderr_color_mt("switchboard");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  if (*serve) return run_serve(config_path, listen);
  if (*check) return run_check(config_path);
  if (*status) {
    return run_config_verb(config_path, [&](const sb::Config& config) {
      return sb::cli::run_status(config, status_json, std::cout, std::cerr);
    });
  }
  if (*use) {
    return run_config_verb(config_path, [&](const sb::Config& config) {
      return sb::cli::run_use(config, use_group, use_deployment, use_clear, std::cout, std::cerr);
    });
  }
  if (*models) {
    if (min_context) model_query.min_context = sb::cli::parse_token_count(*min_context);
    return run_config_verb(config_path, [&](const sb::Config& config) {
      return sb::cli::run_models(config, model_query, models_json, std::cout);
    });
  }
  if (*usage) {
    const auto now_ms = sb::unix_ms(std::chrono::system_clock::now());
    return run_config_verb(config_path, [&](const sb::Config& config) {
      return sb::cli::run_usage(config, usage_args, now_ms, std::cout, std::cerr);
    });
  }
  if (*cooldowns_clear) {
    return run_config_verb(config_path, [&](const sb::Config& config) {
      return sb::cli::run_cooldowns_clear(config, clear_deployment, std::cout, std::cerr);
    });
  }
  return kUsage;
}
