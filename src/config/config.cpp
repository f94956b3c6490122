// The small, data-free parts of the configuration: names of provider types, official base URLs,
// default paths, deployment syntax, lookups and the rendering of ConfigError. The YAML loader and
// its validation live in config_loader.cpp; durations and sizes in duration.cpp.
#include "config/config.h"

#include <algorithm>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace sb {
namespace {

// Indexed by ProviderType, in its declaration order.
constexpr std::string_view kProviderNames[] = {"openai", "anthropic", "gemini",
                                               "openai-compatible"};
static_assert(std::size(kProviderNames) == std::size_t(ProviderType::OpenAICompatible) + 1);

std::string render_error(const std::string& file, int line, const std::string& key,
                         const std::string& problem) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += problem;
  return out;
}

std::string home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  // No $HOME (a service manager may start us without one): ask the password database.
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::string buf(size > 0 ? static_cast<std::size_t>(size) : 16384, '\0');
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(::getuid(), &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr &&
      found->pw_dir != nullptr) {
    return found->pw_dir;
  }
  return {};
}

}  // namespace

ConfigError::ConfigError(std::string file, int line, std::string key, std::string problem)
    : std::runtime_error(render_error(file, line, key, problem)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

std::string_view to_string(ProviderType t) { return kProviderNames[std::size_t(t)]; }

std::span<const std::string_view> provider_type_names() { return kProviderNames; }

std::optional<ProviderType> parse_provider_type(std::string_view s) {
  for (std::size_t i = 0; i < std::size(kProviderNames); ++i) {
    if (kProviderNames[i] == s) return ProviderType(i);
  }
  return std::nullopt;
}

std::string default_base_url(ProviderType t) {
  switch (t) {
    case ProviderType::OpenAI: return "https://api.openai.com/v1";
    case ProviderType::Anthropic: return "https://api.anthropic.com";
    case ProviderType::Gemini: return "https://generativelanguage.googleapis.com";
    case ProviderType::OpenAICompatible: return {};  // no official host: the file must say
  }
  return {};
}

std::optional<Deployment> parse_deployment(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size()) {
    return std::nullopt;
  }
  return Deployment{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

std::string expand_home(const std::string& path) {
  // Only `~` and `~/...`: `~user` forms are left alone (rare in configs, and not worth a lookup).
  if (path.empty() || path[0] != '~') return path;
  if (path.size() > 1 && path[1] != '/') return path;
  std::string home = home_dir();
  if (home.empty()) return path;
  return home + path.substr(1);
}

std::string default_state_path() {
  // XDG says a relative $XDG_DATA_HOME is invalid and must be ignored.
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/switchboard/state.db";
  }
  return expand_home("~/.local/share/switchboard/state.db");
}

std::string state_path_of(const Config& config) {
  return config.state_path.empty() ? default_state_path() : config.state_path;
}

const AccountConfig* Config::find_account(std::string_view name) const {
  for (const auto& a : accounts) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const GroupConfig* Config::find_group(std::string_view name) const {
  for (const auto& g : groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

bool Config::has_deployment(const Deployment& d) const {
  for (const auto& g : groups) {
    if (std::find(g.deployments.begin(), g.deployments.end(), d) != g.deployments.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace sb
