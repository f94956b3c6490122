// The switchboard command line: one binary, one verb per task (SPEC §6). Verbs that exist today:
// serve, check. Exit codes: 0 success, 1 failure at run time, 2 usage error, 3 invalid
// configuration, 4 the listen address cannot be bound.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "config/config.h"
#include "config/env_config.h"
#include "fake_provider/fake_provider.h"
#include "http/gateway.h"
#include "http/server.h"
#include "http/upstream_client.h"
#include "store/state_store.h"

namespace {

enum Exit { kOk = 0, kFailure = 1, kUsage = 2, kBadConfig = 3, kCannotListen = 4 };

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
      "  Try it:\n"
      "    curl http://{}/v1/models\n"
      "    curl http://{}/v1/chat/completions -H 'content-type: application/json' \\\n"
      "         -d '{{\"model\":\"demo\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}'\n\n",
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
  sb::Gateway gateway(std::make_shared<const sb::Config>(loaded.config));
  sb::Server server(loaded.config.server, gateway.handler(), *tls);
  try {
    server.start(listen);
  } catch (const std::exception& e) {
    fmt::print(stderr, "switchboard: cannot listen on {}: {}\n",
               listen.empty() ? loaded.config.server.listen : listen, e.what());
    return kCannotListen;
  }
  const std::string where = printable_endpoint(server.local_endpoint());
  if (loaded.demo_provider) print_demo_banner(loaded, where);
  fmt::print("listening on http://{}\n", where);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received {}, draining", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  server.shutdown(std::chrono::seconds(10));
  if (loaded.demo_provider) loaded.demo_provider->stop();
  spdlog::info("stopped");
  return kOk;
}

int run_check(const std::optional<std::string>& config_path) {
  try {
    auto loaded = load_config(config_path, false);
    if (loaded.config.accounts.empty()) {
      fmt::print("no config file and no provider keys in the environment: `serve` would start "
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
  return kUsage;
}
