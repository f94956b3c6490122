// See env_config.h. The default models are stable, generally available ids from the catalog
// (data/models.json): a newer preview would be a poor first experience if it is withdrawn.
#include "config/env_config.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "core/net.h"

namespace sb {
namespace {

constexpr std::string_view kOpenAiModel = "gpt-5";
constexpr std::string_view kAnthropicModel = "claude-sonnet-4-5";
constexpr std::string_view kGeminiModel = "gemini-2.5-flash";
constexpr std::string_view kDefaultGroup = "default";

// The whole probe (resolve, connect, request, response) must finish within this.
constexpr std::chrono::milliseconds kProbeBudget{300};
constexpr std::size_t kMaxTagsBody = 1024 * 1024;

std::optional<std::string> env_value(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

void add_keyed_account(Config& cfg, std::string name, ProviderType type,
                       const std::optional<std::string>& key, std::string_view env_name,
                       std::string_view model) {
  if (!key || key->empty()) return;
  AccountConfig a;
  a.name = name;
  a.type = type;
  a.auth = AuthMode::ApiKey;
  a.api_key = Secret(*key);
  a.key_source = "env:" + std::string(env_name);
  a.base_url = default_base_url(type);
  cfg.accounts.push_back(std::move(a));
  cfg.groups.push_back(GroupConfig{name, {Deployment{name, std::string(model)}}, cfg.policy});
}

std::string credential_of(const AccountConfig& a) {
  switch (a.auth) {
    case AuthMode::ApiKey: return "key " + (a.key_source.empty() ? "literal" : a.key_source);
    case AuthMode::OAuth: return "oauth login (switchboard login " + a.name + ")";
    case AuthMode::Passthrough: return "the client's own credentials";
    case AuthMode::CredentialStore:
      // A local server usually needs no key; a stored one is used when present.
      if (a.type == ProviderType::OpenAICompatible) {
        return "no key (or one stored by switchboard login " + a.name + ")";
      }
      return "credential store (switchboard login " + a.name + ")";
  }
  return {};
}

// GET /api/tags; sets `body` and `ok` only on a 200 answer.
net::awaitable<void> fetch_tags(OllamaEndpoint at, std::string& body, bool& ok) {
  auto ex = co_await net::this_coro::executor;
  tcp::resolver resolver(ex);
  auto [rec, results] =
      co_await resolver.async_resolve(at.host, std::to_string(at.port), use_tuple);
  if (rec) co_return;
  beast::tcp_stream stream(ex);
  auto [cec, ep] = co_await stream.async_connect(results, use_tuple);
  if (cec) co_return;
  http::request<http::empty_body> req{http::verb::get, "/api/tags", 11};
  req.set(http::field::host, at.host + ":" + std::to_string(at.port));
  req.set(http::field::user_agent, "switchboard");
  auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
  if (wec) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxTagsBody);
  auto [hec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (hec || parser.get().result() != http::status::ok) co_return;
  body = std::move(parser.get().body());
  ok = true;
}

// Every step runs under one deadline: io_context::run_for bounds the lot, and whatever has not
// finished by then is abandoned when the io_context (declared last, destroyed first, before the
// variables the coroutine writes to) goes away.
std::vector<std::string> probe_ollama(const OllamaEndpoint& at, bool& answered) {
  std::string body;
  bool ok = false;
  bool failed = false;
  net::io_context ioc;
  net::co_spawn(ioc, fetch_tags(at, body, ok),
                [&failed](std::exception_ptr e) { failed = e != nullptr; });
  ioc.run_for(kProbeBudget);
  answered = ok && !failed;
  return answered ? parse_ollama_tags(body) : std::vector<std::string>{};
}

}  // namespace

std::string OllamaEndpoint::base_url() const {
  bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/v1";
}

std::optional<OllamaEndpoint> parse_ollama_host(std::string_view text) {
  OllamaEndpoint out;
  if (text.starts_with("https://")) return std::nullopt;
  if (text.starts_with("http://")) text.remove_prefix(7);
  if (auto slash = text.find('/'); slash != std::string_view::npos) text = text.substr(0, slash);

  std::string_view host = text;
  std::string_view port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return std::nullopt;
      port = rest.substr(1);
    }
  } else if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    // More than one colon without brackets is a bare IPv6 address, not host:port.
    if (text.find(':') == colon) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
    }
  }
  if (!port.empty()) {
    unsigned p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p == 0 || p > 65535) {
      return std::nullopt;
    }
    out.port = static_cast<std::uint16_t>(p);
  }
  if (host.empty() || host == "0.0.0.0") {
    out.host = "127.0.0.1";
  } else if (host == "::") {
    out.host = "::1";
  } else {
    out.host = std::string(host);
  }
  return out;
}

std::vector<std::string> parse_ollama_tags(std::string_view json) {
  std::vector<std::string> names;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return names;
  const auto* models = v.as_object().if_contains("models");
  if (models == nullptr || !models->is_array()) return names;
  for (const auto& m : models->as_array()) {
    if (!m.is_object()) continue;
    const auto* name = m.as_object().if_contains("name");
    if (name == nullptr || !name->is_string()) name = m.as_object().if_contains("model");
    if (name != nullptr && name->is_string() && !name->as_string().empty()) {
      names.emplace_back(name->as_string().c_str());
    }
  }
  return names;
}

EnvironmentFacts read_environment() {
  EnvironmentFacts facts;
  facts.openai_key = env_value("OPENAI_API_KEY");
  facts.anthropic_key = env_value("ANTHROPIC_API_KEY");
  facts.gemini_key = env_value("GEMINI_API_KEY");
  auto endpoint = parse_ollama_host(env_value("OLLAMA_HOST").value_or(""));
  if (!endpoint) return facts;
  try {
    bool answered = false;
    facts.ollama_models = probe_ollama(*endpoint, answered);
    if (answered) facts.ollama_base_url = endpoint->base_url();
  } catch (const std::exception&) {
    // Only resource exhaustion gets here (the probe's I/O reports errors as values); either way
    // the answer is "no usable Ollama", and startup must not fail over an optional extra.
    facts.ollama_models.clear();
  }
  return facts;
}

std::optional<Config> config_from_environment(const EnvironmentFacts& facts) {
  Config cfg;
  cfg.source = "<environment>";
  cfg.state_path = default_state_path();
  add_keyed_account(cfg, "openai", ProviderType::OpenAI, facts.openai_key, "OPENAI_API_KEY",
                    kOpenAiModel);
  add_keyed_account(cfg, "anthropic", ProviderType::Anthropic, facts.anthropic_key,
                    "ANTHROPIC_API_KEY", kAnthropicModel);
  add_keyed_account(cfg, "gemini", ProviderType::Gemini, facts.gemini_key, "GEMINI_API_KEY",
                    kGeminiModel);
  if (!facts.ollama_base_url.empty()) {
    AccountConfig a;
    a.name = "ollama";
    a.type = ProviderType::OpenAICompatible;
    // The same as `{type: openai-compatible, base_url: ...}` in a file: no key in config.
    a.auth = AuthMode::CredentialStore;
    a.base_url = facts.ollama_base_url;
    cfg.accounts.push_back(std::move(a));
    // Without a pulled model there is nothing to route to by default; `ollama/MODEL` still works.
    if (!facts.ollama_models.empty()) {
      cfg.groups.push_back(
          GroupConfig{"ollama", {Deployment{"ollama", facts.ollama_models.front()}}, cfg.policy});
    }
  }
  if (cfg.accounts.empty()) return std::nullopt;
  if (!cfg.groups.empty()) {
    GroupConfig all{std::string(kDefaultGroup), {}, cfg.policy};
    for (const auto& g : cfg.groups) {
      all.deployments.insert(all.deployments.end(), g.deployments.begin(), g.deployments.end());
    }
    cfg.groups.push_back(std::move(all));
    cfg.default_group = std::string(kDefaultGroup);
  }
  return cfg;
}

Config demo_config(std::uint16_t fake_provider_port) {
  Config cfg;
  cfg.source = "<demo>";
  cfg.state_path = default_state_path();
  const std::string base_url = "http://127.0.0.1:" + std::to_string(fake_provider_port) + "/v1";
  // Two accounts on the fake: the first is out of quota (its key scripts that), so the very
  // first request shows a failover in its headers, and the next ones the cooldown.
  auto account = [&](std::string name, std::string key) {
    AccountConfig a;
    a.name = std::move(name);
    a.type = ProviderType::OpenAICompatible;
    a.auth = AuthMode::ApiKey;
    a.api_key = Secret(std::move(key));
    a.key_source = "literal";
    a.base_url = base_url;
    return a;
  };
  cfg.accounts.push_back(account("demo-free", "demo-key+quota"));
  cfg.accounts.push_back(account("demo", "demo-key"));
  cfg.groups.push_back(GroupConfig{
      "demo", {Deployment{"demo-free", "demo-model"}, Deployment{"demo", "demo-model"}},
      cfg.policy});
  cfg.default_group = "demo";
  return cfg;
}

std::optional<std::string> find_config_file(const std::optional<std::string>& cli_path) {
  if (cli_path && !cli_path->empty()) return expand_home(*cli_path);
  if (auto env = env_value("SWITCHBOARD_CONFIG")) return expand_home(*env);
  std::string dir;
  if (auto xdg = env_value("XDG_CONFIG_HOME"); xdg && xdg->front() == '/') {
    dir = *xdg;
  } else {
    dir = expand_home("~/.config");
  }
  std::string path = dir + "/switchboard/config.yaml";
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return path;
  return std::nullopt;
}

std::string describe_config(const Config& cfg) {
  std::size_t name_width = 0;
  std::size_t type_width = 0;
  std::size_t url_width = 0;
  for (const auto& a : cfg.accounts) {
    name_width = std::max(name_width, a.name.size());
    type_width = std::max(type_width, to_string(a.type).size());
    url_width = std::max(url_width, a.base_url.size());
  }
  std::string out = fmt::format("config: {}\naccounts:\n", cfg.source);
  for (const auto& a : cfg.accounts) {
    out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {}\n", a.name, name_width, to_string(a.type),
                       type_width, a.base_url, url_width, credential_of(a));
  }
  if (cfg.groups.empty()) {
    out += "groups: none (request account/model)\n";
  } else {
    std::size_t group_width = 0;
    for (const auto& g : cfg.groups) group_width = std::max(group_width, g.name.size());
    out += "groups:\n";
    for (const auto& g : cfg.groups) {
      std::string list;
      for (const auto& d : g.deployments) list += (list.empty() ? "" : ", ") + d.id();
      out += fmt::format("  {:<{}}  {}\n", g.name, group_width, list);
    }
  }
  out += "default group: " + cfg.default_group.value_or("none") + "\n";
  return out;
}

}  // namespace sb
