// Configs that do not come from a file: the environment-derived config for each combination of
// what was found (built by hand, no real environment), the demo, the config file search order,
// the summary shown at startup, and the Ollama probe against a local socket on port 0.
#include "config/env_config.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "support/test_env.h"

namespace sb {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ids(const GroupConfig& g) {
  std::vector<std::string> out;
  for (const auto& d : g.deployments) out.push_back(d.id());
  return out;
}

class EnvConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = test::make_test_dir("sb-env-config-test");
    env_.set("HOME", home_.string());
    env_.unset("XDG_CONFIG_HOME");
    env_.unset("XDG_DATA_HOME");
    env_.unset("SWITCHBOARD_CONFIG");
  }
  void TearDown() override { fs::remove_all(home_); }

  fs::path home_;
  test::ScopedEnv env_;
};

TEST_F(EnvConfigTest, NothingFoundMeansNoConfig) {
  EXPECT_FALSE(config_from_environment(EnvironmentFacts{}));
  EnvironmentFacts empty_key;
  empty_key.openai_key = "";
  EXPECT_FALSE(config_from_environment(empty_key));
}

TEST_F(EnvConfigTest, OpenAiKeyOnly) {
  EnvironmentFacts facts;
  facts.openai_key = "sk-env-openai";
  auto cfg = config_from_environment(facts);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->source, "<environment>");
  ASSERT_EQ(cfg->accounts.size(), 1u);
  const AccountConfig& a = cfg->accounts[0];
  EXPECT_EQ(a.name, "openai");
  EXPECT_EQ(a.type, ProviderType::OpenAI);
  EXPECT_EQ(a.auth, AuthMode::ApiKey);
  ASSERT_TRUE(a.api_key);
  EXPECT_EQ(a.api_key->reveal(), "sk-env-openai");
  EXPECT_EQ(a.key_source, "env:OPENAI_API_KEY");
  EXPECT_EQ(a.base_url, "https://api.openai.com/v1");
  ASSERT_NE(cfg->find_group("openai"), nullptr);
  EXPECT_EQ(ids(*cfg->find_group("openai")), std::vector<std::string>{"openai/gpt-5"});
  ASSERT_NE(cfg->find_group("default"), nullptr);
  EXPECT_EQ(ids(*cfg->find_group("default")), std::vector<std::string>{"openai/gpt-5"});
  EXPECT_EQ(cfg->default_group, "default");
  EXPECT_EQ(cfg->state_path, (home_ / ".local/share/switchboard/state.db").string());
}

TEST_F(EnvConfigTest, EverythingFoundListsAllInProviderOrder) {
  EnvironmentFacts facts;
  facts.openai_key = "sk-o";
  facts.anthropic_key = "sk-a";
  facts.gemini_key = "g-key";
  facts.ollama_base_url = "http://127.0.0.1:11434/v1";
  facts.ollama_models = {"qwen3:8b", "llama3.2:3b"};
  auto cfg = config_from_environment(facts);
  ASSERT_TRUE(cfg);
  ASSERT_EQ(cfg->accounts.size(), 4u);
  EXPECT_EQ(cfg->find_account("anthropic")->key_source, "env:ANTHROPIC_API_KEY");
  EXPECT_EQ(cfg->find_account("anthropic")->base_url, "https://api.anthropic.com");
  EXPECT_EQ(cfg->find_account("gemini")->key_source, "env:GEMINI_API_KEY");
  const AccountConfig* ollama = cfg->find_account("ollama");
  ASSERT_NE(ollama, nullptr);
  EXPECT_EQ(ollama->type, ProviderType::OpenAICompatible);
  EXPECT_EQ(ollama->base_url, "http://127.0.0.1:11434/v1");
  EXPECT_FALSE(ollama->api_key);
  EXPECT_EQ(ids(*cfg->find_group("ollama")), std::vector<std::string>{"ollama/qwen3:8b"});
  EXPECT_EQ(ids(*cfg->find_group("default")),
            (std::vector<std::string>{"openai/gpt-5", "anthropic/claude-sonnet-4-5",
                                      "gemini/gemini-2.5-flash", "ollama/qwen3:8b"}));
  EXPECT_EQ(cfg->groups.back().name, "default");
}

TEST_F(EnvConfigTest, AnthropicAndGeminiWithoutOpenAi) {
  EnvironmentFacts facts;
  facts.anthropic_key = "sk-a";
  facts.gemini_key = "g-key";
  auto cfg = config_from_environment(facts);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->find_account("openai"), nullptr);
  EXPECT_EQ(ids(*cfg->find_group("default")),
            (std::vector<std::string>{"anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"}));
}

TEST_F(EnvConfigTest, OllamaOnly) {
  EnvironmentFacts facts;
  facts.ollama_base_url = "http://127.0.0.1:11434/v1";
  facts.ollama_models = {"llama3.2:3b"};
  auto cfg = config_from_environment(facts);
  ASSERT_TRUE(cfg);
  ASSERT_EQ(cfg->accounts.size(), 1u);
  EXPECT_EQ(ids(*cfg->find_group("default")), std::vector<std::string>{"ollama/llama3.2:3b"});
  EXPECT_EQ(cfg->default_group, "default");
}

TEST_F(EnvConfigTest, OllamaWithoutModelsGetsAnAccountButNoGroup) {
  EnvironmentFacts facts;
  facts.ollama_base_url = "http://127.0.0.1:11434/v1";
  auto cfg = config_from_environment(facts);
  ASSERT_TRUE(cfg);
  ASSERT_NE(cfg->find_account("ollama"), nullptr);
  EXPECT_TRUE(cfg->groups.empty());
  EXPECT_FALSE(cfg->default_group);
}

TEST_F(EnvConfigTest, DemoConfig) {
  Config cfg = demo_config(45678);
  EXPECT_EQ(cfg.source, "<demo>");
  ASSERT_EQ(cfg.accounts.size(), 2u);
  // The first account is scripted out of quota, so the demo shows a failover at once.
  EXPECT_EQ(cfg.accounts[0].name, "demo-free");
  ASSERT_TRUE(cfg.accounts[0].api_key);
  EXPECT_EQ(cfg.accounts[0].api_key->reveal(), "demo-key+quota");
  const AccountConfig& a = cfg.accounts[1];
  EXPECT_EQ(a.name, "demo");
  EXPECT_EQ(a.type, ProviderType::OpenAICompatible);
  EXPECT_EQ(a.base_url, "http://127.0.0.1:45678/v1");
  ASSERT_TRUE(a.api_key);
  EXPECT_EQ(a.api_key->reveal(), "demo-key");
  ASSERT_EQ(cfg.groups.size(), 1u);
  EXPECT_EQ(ids(cfg.groups[0]),
            (std::vector<std::string>{"demo-free/demo-model", "demo/demo-model"}));
  EXPECT_EQ(cfg.default_group, "demo");
  EXPECT_EQ(cfg.state_path, (home_ / ".local/share/switchboard/state.db").string());
}

TEST_F(EnvConfigTest, FindConfigFilePrecedence) {
  const fs::path home_file = home_ / ".config/switchboard/config.yaml";
  // Nothing anywhere: fall through to the environment.
  EXPECT_EQ(find_config_file(std::nullopt), std::nullopt);

  fs::create_directories(home_file.parent_path());
  std::ofstream(home_file) << "accounts: {}\n";
  EXPECT_EQ(find_config_file(std::nullopt), home_file.string());

  // $SWITCHBOARD_CONFIG beats the home file, and is returned even when missing.
  env_.set("SWITCHBOARD_CONFIG", (home_ / "missing.yaml").string());
  EXPECT_EQ(find_config_file(std::nullopt), (home_ / "missing.yaml").string());

  // --config beats both.
  EXPECT_EQ(find_config_file(std::string("/etc/sb.yaml")), "/etc/sb.yaml");

  // An empty variable counts as unset.
  env_.set("SWITCHBOARD_CONFIG", "");
  EXPECT_EQ(find_config_file(std::nullopt), home_file.string());
}

TEST_F(EnvConfigTest, FindConfigFileHonoursXdgConfigHome) {
  const fs::path xdg = home_ / "xdg";
  fs::create_directories(xdg / "switchboard");
  std::ofstream(xdg / "switchboard/config.yaml") << "accounts: {}\n";
  env_.set("XDG_CONFIG_HOME", xdg.string());
  EXPECT_EQ(find_config_file(std::nullopt), (xdg / "switchboard/config.yaml").string());
}

TEST_F(EnvConfigTest, DescribeNamesKeySourcesNeverKeys) {
  EnvironmentFacts facts;
  facts.openai_key = "sk-very-secret-openai";
  facts.ollama_base_url = "http://127.0.0.1:11434/v1";
  facts.ollama_models = {"qwen3:8b"};
  std::string text = describe_config(*config_from_environment(facts));
  EXPECT_NE(text.find("env:OPENAI_API_KEY"), std::string::npos) << text;
  EXPECT_EQ(text.find("sk-very-secret-openai"), std::string::npos) << text;
  EXPECT_NE(text.find("<environment>"), std::string::npos) << text;
  EXPECT_NE(text.find("https://api.openai.com/v1"), std::string::npos) << text;
  EXPECT_NE(text.find("openai/gpt-5, ollama/qwen3:8b"), std::string::npos) << text;
  EXPECT_NE(text.find("default group: default"), std::string::npos) << text;
  std::string demo = describe_config(demo_config(1234));
  EXPECT_EQ(demo.find("demo-key"), std::string::npos) << demo;
  EXPECT_NE(demo.find("key literal"), std::string::npos) << demo;
}

TEST_F(EnvConfigTest, ParsesOllamaHostForms) {
  auto check = [](std::string_view in, const std::string& host, std::uint16_t port) {
    auto ep = parse_ollama_host(in);
    ASSERT_TRUE(ep) << in;
    EXPECT_EQ(ep->host, host) << in;
    EXPECT_EQ(ep->port, port) << in;
  };
  check("", "127.0.0.1", 11434);
  check("0.0.0.0", "127.0.0.1", 11434);
  check("0.0.0.0:8080", "127.0.0.1", 8080);
  check(":9999", "127.0.0.1", 9999);
  check("http://gpu-box:11434", "gpu-box", 11434);
  check("http://gpu-box:1234/", "gpu-box", 1234);
  check("[::1]:5000", "::1", 5000);
  check("[::]", "::1", 11434);
  check("::1", "::1", 11434);
  EXPECT_FALSE(parse_ollama_host("https://remote:443"));
  EXPECT_FALSE(parse_ollama_host("host:notaport"));
  EXPECT_FALSE(parse_ollama_host("host:70000"));
  EXPECT_EQ(parse_ollama_host("[::1]:5000")->base_url(), "http://[::1]:5000/v1");
  EXPECT_EQ(parse_ollama_host("")->base_url(), "http://127.0.0.1:11434/v1");
}

TEST_F(EnvConfigTest, ParsesOllamaTags) {
  EXPECT_EQ(parse_ollama_tags(R"({"models":[{"name":"qwen3:8b","model":"qwen3:8b"},
                                            {"model":"llama3.2:3b"},{"size":1},7]})"),
            (std::vector<std::string>{"qwen3:8b", "llama3.2:3b"}));
  EXPECT_TRUE(parse_ollama_tags(R"({"models":[]})").empty());
  EXPECT_TRUE(parse_ollama_tags("not json").empty());
  EXPECT_TRUE(parse_ollama_tags(R"({"error":"x"})").empty());
}

// A listening socket on 127.0.0.1, port 0. With `reply` it answers one connection with it;
// without, it never accepts (the kernel still completes the handshake), like a wedged server.
class OneShotServer {
 public:
  explicit OneShotServer(std::optional<std::string> reply) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (reply) {
      thread_ = std::thread([this, r = *reply] {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string request;
        char buf[1024];
        while (request.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::read(c, buf, sizeof buf);
          if (n <= 0) break;
          request.append(buf, static_cast<std::size_t>(n));
        }
        request_line_ = request.substr(0, request.find("\r\n"));
        EXPECT_EQ(::write(c, r.data(), r.size()), static_cast<ssize_t>(r.size()));
        ::close(c);
      });
    }
  }
  ~OneShotServer() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  std::string request_line() {
    if (thread_.joinable()) thread_.join();
    return request_line_;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::string request_line_;
};

TEST_F(EnvConfigTest, ReadEnvironmentProbesOllama) {
  const std::string body = R"({"models":[{"name":"qwen3:8b"}]})";
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  env_.set("OLLAMA_HOST", "127.0.0.1:" + std::to_string(server.port()));
  env_.set("OPENAI_API_KEY", "sk-from-env");
  env_.set("ANTHROPIC_API_KEY", "");
  env_.unset("GEMINI_API_KEY");
  EnvironmentFacts facts = read_environment();
  EXPECT_EQ(server.request_line(), "GET /api/tags HTTP/1.1");
  EXPECT_EQ(facts.openai_key, "sk-from-env");
  EXPECT_FALSE(facts.anthropic_key);  // empty counts as unset
  EXPECT_FALSE(facts.gemini_key);
  EXPECT_EQ(facts.ollama_base_url, "http://127.0.0.1:" + std::to_string(server.port()) + "/v1");
  EXPECT_EQ(facts.ollama_models, std::vector<std::string>{"qwen3:8b"});
}

TEST_F(EnvConfigTest, ReadEnvironmentGivesUpOnASilentOllamaWithinItsBudget) {
  OneShotServer server(std::nullopt);
  env_.set("OLLAMA_HOST", "127.0.0.1:" + std::to_string(server.port()));
  auto start = std::chrono::steady_clock::now();
  EnvironmentFacts facts = read_environment();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(facts.ollama_base_url.empty());
  EXPECT_TRUE(facts.ollama_models.empty());
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000));  // 300 ms budget plus scheduling slack
}

TEST_F(EnvConfigTest, ReadEnvironmentIgnoresAnErrorAnswer) {
  OneShotServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  env_.set("OLLAMA_HOST", "127.0.0.1:" + std::to_string(server.port()));
  EnvironmentFacts facts = read_environment();
  EXPECT_EQ(server.request_line(), "GET /api/tags HTTP/1.1");  // it did ask
  EXPECT_TRUE(facts.ollama_base_url.empty());
}

}  // namespace
}  // namespace sb
