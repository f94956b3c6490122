// Configurations that do not come from a file (SPEC §2, §6): where the config file is looked for,
// the config built from the environment when there is none (API keys in the usual variables and
// a local Ollama), and the newcomer's demo against the in-process fake provider.
//
// Reading the environment is split from building the config: read_environment() does the getenv
// calls and the one network probe, and config_from_environment() is a pure function of what was
// found, so tests build EnvironmentFacts by hand. Nothing here prints; the caller shows
// describe_config(), which names where each key comes from and never the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace sb {

// What the environment offers. Keys are the values of OPENAI_API_KEY, ANTHROPIC_API_KEY and
// GEMINI_API_KEY (unset or empty: nullopt).
struct EnvironmentFacts {
  std::optional<std::string> openai_key;
  std::optional<std::string> anthropic_key;
  std::optional<std::string> gemini_key;
  std::string ollama_base_url;             // e.g. http://127.0.0.1:11434/v1 when one answered
  std::vector<std::string> ollama_models;  // model names it listed, in its order
};

// getenv for the three keys, plus a probe of a local Ollama (`GET /api/tags` at $OLLAMA_HOST, or
// 127.0.0.1:11434) bounded to 300 ms in total. Blocks; meant to run once at startup. Never throws:
// an unreachable or odd Ollama is simply not there. (One exception to the bound: a host *name* in
// OLLAMA_HOST is resolved by getaddrinfo, which cannot be cancelled, so a stalled DNS server can
// hold the return until its own timeout. Addresses and /etc/hosts names are immediate.)
EnvironmentFacts read_environment();

// Accounts `openai`, `anthropic`, `gemini` (keys held as Secrets, key_source `env:NAME`) and
// `ollama` (openai-compatible, no key); one group per account with a current default model
// (Ollama: its first listed model), plus `default` listing them all in that order, which is the
// default group. Nullopt when nothing was found.
std::optional<Config> config_from_environment(const EnvironmentFacts& facts);

// The demo: account `demo` (openai-compatible at http://127.0.0.1:PORT/v1, key `demo-key`),
// group `demo: [demo/demo-model]`, default group `demo`, source "<demo>". Its state is the
// default state database: the demo is how a newcomer first sees the store created.
Config demo_config(std::uint16_t fake_provider_port);

// The config file to load: `cli_path` (--config), else $SWITCHBOARD_CONFIG, else
// $XDG_CONFIG_HOME/switchboard/config.yaml (default ~/.config/...) when it exists, else nullopt.
// An explicit path (--config or the variable) is returned even when missing, so loading reports
// it instead of silently falling back to the environment.
std::optional<std::string> find_config_file(const std::optional<std::string>& cli_path);

// A few lines for a human: source, accounts (type, base URL, where the credential comes from),
// groups with their deployments, and the default group. Never contains a secret.
std::string describe_config(const Config& cfg);

// Pieces of read_environment(), exposed for tests.
struct OllamaEndpoint {
  std::string host;  // a name or an address; IPv6 without brackets
  std::uint16_t port = 11434;
  std::string base_url() const;  // http://HOST:PORT/v1
};
// Ollama's own OLLAMA_HOST forms: empty, `host`, `host:port`, `:port`, `http://host:port`,
// `[::1]:port`. A wildcard bind address (0.0.0.0, ::) means "this machine". Nullopt for https
// or a malformed value (the probe speaks plain HTTP only).
std::optional<OllamaEndpoint> parse_ollama_host(std::string_view ollama_host);
// The model names in an /api/tags response body; empty when it is not one.
std::vector<std::string> parse_ollama_tags(std::string_view json);

}  // namespace sb
