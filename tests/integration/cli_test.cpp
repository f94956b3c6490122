// The switchboard binary as a user runs it: verbs, exit codes, the config error format, the
// demo a newcomer gets from `serve` with nothing configured, and a clean drain on SIGTERM.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "store/state_store.h"
#include "store/usage_rows.h"
#include "support/eventually.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { home_ = make_test_dir("switchboard-cli"); }
  void TearDown() override { fs::remove_all(home_); }

  // A clean environment: no provider keys, a private HOME, and an Ollama address nobody answers.
  std::map<std::string, std::string> env() const {
    return {{"HOME", home_.string()}, {"OLLAMA_HOST", "127.0.0.1:1"}};
  }
  std::string write(const std::string& name, const std::string& text) const {
    auto path = home_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  static std::uint16_t port_of(const std::string& listening_line) {
    return std::uint16_t(std::stoi(listening_line.substr(listening_line.rfind(':') + 1)));
  }

  fs::path home_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto version = run_process({SB_GATEWAY_BINARY, "--version"}, env());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("switchboard 0."), std::string::npos) << version.out;
  for (const char* verb : {"serve", "check", "models", "usage"}) {
    auto help = run_process({SB_GATEWAY_BINARY, verb, "--help"}, env());
    EXPECT_EQ(help.exit_code, 0) << verb;
    EXPECT_NE(help.out.find("--config"), std::string::npos) << help.out;
  }
}

TEST_F(CliTest, UsageErrorsExitWith2) {
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY}, env()).exit_code, 2);
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "frobnicate"}, env()).exit_code, 2);
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "serve", "--bogus"}, env()).exit_code, 2);
}

TEST_F(CliTest, CheckAcceptsAValidConfig) {
  auto path = write("ok.yaml",
                    "accounts:\n  local: {type: openai-compatible, base_url: "
                    "\"http://127.0.0.1:9/v1\"}\ngroups:\n  g: [local/m]\n");
  auto r = run_process({SB_GATEWAY_BINARY, "check", "--config", path}, env());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("configuration OK"), std::string::npos) << r.out;
}

TEST_F(CliTest, InvalidConfigNamesFileLineAndKeyAndExitsWith3) {
  auto path = write("bad.yaml",
                    "accounts:\n  local: {type: openai-compatible, base_url: "
                    "\"http://127.0.0.1:9/v1\"}\ngroups:\n  g: [local/m, nobody/m]\n");
  for (const char* verb : {"check", "serve"}) {
    auto r = run_process({SB_GATEWAY_BINARY, verb, "--config", path}, env());
    EXPECT_EQ(r.exit_code, 3) << verb << ": " << r.out;
    EXPECT_NE(r.out.find("bad.yaml:4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("groups.g[1]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("nobody"), std::string::npos) << r.out;
  }
}

TEST_F(CliTest, MissingConfigFileExitsWith3) {
  auto r =
      run_process({SB_GATEWAY_BINARY, "check", "--config", (home_ / "nope.yaml").string()}, env());
  EXPECT_EQ(r.exit_code, 3) << r.out;
}

TEST_F(CliTest, AnAddressInUseExitsWith4) {
  ChildProcess first({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:0"}, env());
  auto line = first.wait_for_line("listening on ", 10s);
  ASSERT_TRUE(line);
  auto port = std::to_string(port_of(*line));
  auto second = run_process({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:" + port}, env());
  EXPECT_EQ(second.exit_code, 4) << second.out;
  EXPECT_NE(second.out.find("cannot listen"), std::string::npos) << second.out;
}

TEST_F(CliTest, ServeWithNothingConfiguredStartsTheDemoAndDrainsOnSigterm) {
  ChildProcess gateway({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:0"}, env());
  auto line = gateway.wait_for_line("listening on http://127.0.0.1:", 10s);
  ASSERT_TRUE(line);
  const auto port = port_of(*line);

  auto models = request(port, "GET", "/v1/models");
  ASSERT_EQ(models.status, 200u);
  EXPECT_NE(models.body.find("\"demo\""), std::string::npos) << models.body;
  auto answer = request(port, "POST", "/v1/chat/completions",
                        R"({"model":"demo","messages":[{"role":"user","content":"hi"}]})");
  ASSERT_EQ(answer.status, 200u) << answer.body;
  EXPECT_EQ(answer.header("x-switchboard-deployment"), "demo/demo-model");
  EXPECT_EQ(answer.header("x-switchboard-failover"), "demo-free/demo-model=quota_exhausted");
  auto again = request(port, "POST", "/v1/chat/completions",
                       R"({"model":"demo","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(again.header("x-switchboard-failover"), "demo-free/demo-model=cooling:quota_exhausted");
  // The state store is created on first start at the default path.
  EXPECT_TRUE(fs::exists(home_ / ".local/share/switchboard/state.db"));

  gateway.signal(SIGTERM);
  auto result = gateway.wait(10s);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("DEMO"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("OPENAI_API_KEY"), std::string::npos) << result.out;

  // What the first run learned survived SIGTERM: the out-of-quota account is still cooling.
  ChildProcess restarted({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:0"}, env());
  auto restarted_line = restarted.wait_for_line("listening on http://127.0.0.1:", 10s);
  ASSERT_TRUE(restarted_line);
  auto after = request(port_of(*restarted_line), "POST", "/v1/chat/completions",
                       R"({"model":"demo","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(after.header("x-switchboard-failover"), "demo-free/demo-model=cooling:quota_exhausted");
  restarted.signal(SIGTERM);
  EXPECT_EQ(restarted.wait(10s).exit_code, 0);
}

TEST_F(CliTest, ServeBuildsItsConfigFromTheEnvironmentAndSaysSo) {
  auto e = env();
  e["OPENAI_API_KEY"] = "sk-env-secret-value";
  ChildProcess gateway({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:0"}, e);
  auto line = gateway.wait_for_line("listening on ", 10s);
  ASSERT_TRUE(line);
  auto models = request(port_of(*line), "GET", "/v1/models");
  EXPECT_NE(models.body.find("\"openai/gpt-5\""), std::string::npos) << models.body;
  gateway.signal(SIGTERM);
  auto result = gateway.wait(10s);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("env:OPENAI_API_KEY"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("openai/gpt-5"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("sk-env-secret-value"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("DEMO"), std::string::npos) << result.out;
}

TEST_F(CliTest, ModelsListsTheCatalogFilteredWithoutAGateway) {
  auto table = run_process({SB_GATEWAY_BINARY, "models", "--provider", "anthropic"}, env());
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_EQ(table.out.rfind("PROVIDER ", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("claude-sonnet-4-5 "), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("gpt-"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("prices: USD per million tokens"), std::string::npos);

  auto cheap = run_process({SB_GATEWAY_BINARY, "models", "--capability", "vision", "--capability",
                            "tools", "--max-input-price", "0.5", "--min-context", "1M", "--json"},
                           env());
  ASSERT_EQ(cheap.exit_code, 0) << cheap.out;
  const boost::json::array rows = boost::json::parse(cheap.out).as_array();
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_TRUE(row.at("vision").as_bool()) << row;
    EXPECT_TRUE(row.at("tools").as_bool()) << row;
    EXPECT_LE(row.at("price").at("input").to_number<double>(), 0.5) << row;
    EXPECT_GE(row.at("context_window").as_int64(), 1'000'000) << row;
  }

  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "models", "--capability", "teleport"}, env()).exit_code,
            2);
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "models", "--min-context", "lots"}, env()).exit_code,
            2);
}

TEST_F(CliTest, ModelsShowsWhatTheConfigSaysOfItsDeployments) {
  auto path = write("models.yaml",
                    "accounts:\n  box: {type: openai-compatible, base_url: "
                    "\"http://127.0.0.1:9/v1\"}\ngroups:\n  g: [box/my-finetune]\n"
                    "models:\n  box/my-finetune: {context_window: 32k, price: {input: 0.1, "
                    "output: 0.2}}\n");
  auto bad = run_process({SB_GATEWAY_BINARY, "models", "--config", path}, env());
  EXPECT_EQ(bad.exit_code, 3) << bad.out;  // 32k is not a whole number: the config says where
  EXPECT_NE(bad.out.find("models.box/my-finetune.context_window"), std::string::npos) << bad.out;

  path = write("models.yaml",
               "accounts:\n  box: {type: openai-compatible, base_url: "
               "\"http://127.0.0.1:9/v1\"}\ngroups:\n  g: [box/my-finetune]\n"
               "models:\n  box/my-finetune: {context_window: 32768, price: {input: 0.1, "
               "output: 0.2}}\n");
  auto r = run_process({SB_GATEWAY_BINARY, "models", "--config", path, "--provider", "box"}, env());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string row = r.out.substr(r.out.find('\n') + 1, r.out.find("prices") - 1);
  EXPECT_EQ(row.rfind("box ", 0), 0u) << r.out;
  EXPECT_NE(row.find(" my-finetune (config) "), std::string::npos) << r.out;
  EXPECT_NE(row.find(" 32k "), std::string::npos) << r.out;
  EXPECT_NE(row.find(" 0.1 "), std::string::npos) << r.out;
}

// SIGTERM stops accepting, lets the stream in flight finish, and flushes the usage queue: every
// request sent is a row in the store afterwards.
TEST_F(CliTest, SigtermDrainsAndEveryRequestIsAUsageRow) {
  ChildProcess gateway({SB_GATEWAY_BINARY, "serve", "--listen", "127.0.0.1:0"}, env());
  auto line = gateway.wait_for_line("listening on http://127.0.0.1:", 10s);
  ASSERT_TRUE(line);
  const auto port = port_of(*line);
  constexpr int kQuick = 10;
  for (int i = 0; i < kQuick; ++i) {
    ASSERT_EQ(request(port, "POST", "/v1/chat/completions",
                      R"({"model":"demo","messages":[{"role":"user","content":"hi"}]})")
                  .status,
              200u);
  }
  Response slow;
  std::atomic<bool> under_way{false};
  RequestOptions options;
  options.on_piece = [&](const Piece&) {
    under_way = true;
    return true;
  };
  std::thread streaming([&] {
    slow = request(port, "POST", "/v1/chat/completions",
                   R"({"model":"demo/demo-model+pace=100+chunks=8","stream":true,)"
                   R"("messages":[{"role":"user","content":"hi"}]})",
                   {}, options);
  });
  ASSERT_TRUE(eventually([&] { return under_way.load(); })) << "the stream never started";
  gateway.signal(SIGTERM);
  streaming.join();
  EXPECT_EQ(gateway.wait(10s).exit_code, 0);
  EXPECT_EQ(slow.status, 200u);
  ASSERT_FALSE(slow.sse_data().empty());
  EXPECT_EQ(slow.sse_data().back(), "[DONE]");

  auto store = StateStore::open((home_ / ".local/share/switchboard/state.db").string());
  const auto rows = load_usage(*store, 0, std::numeric_limits<std::int64_t>::max());
  ASSERT_EQ(rows.size(), std::size_t(kQuick + 1));
  EXPECT_TRUE(rows.back().streamed);
  EXPECT_EQ(rows.back().deployment, "demo/demo-model+pace=100+chunks=8");
  store.reset();

  // The usage verb reads the same store with no gateway running.
  const auto report = run_process({SB_GATEWAY_BINARY, "usage", "--by", "group", "--json"}, env());
  ASSERT_EQ(report.exit_code, 0) << report.out;
  const auto totals = boost::json::parse(report.out);
  EXPECT_EQ(totals.at("total").at("requests").as_int64(), kQuick + 1) << report.out;
  EXPECT_EQ(totals.at("rows").as_array().size(), 2u) << report.out;  // demo, and the pinned one
  const auto table = run_process({SB_GATEWAY_BINARY, "usage", "--since", "1h"}, env());
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("total"), std::string::npos) << table.out;
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "usage", "--since", "soon"}, env()).exit_code, 2);
  EXPECT_EQ(run_process({SB_GATEWAY_BINARY, "usage", "--csv", "--json"}, env()).exit_code, 2);
}

}  // namespace
}  // namespace sb::test
