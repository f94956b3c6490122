// The admin verbs when no gateway is running: server.listen points at a loopback port nothing
// listens on (bound to port 0, read, closed), so `use` and `cooldowns clear` must write the
// state store and say so, and `status` must exit 1 and show what the store holds. Also the
// argument checks against the config, which exit 2 before touching anything. The online path is
// covered by the integration tests against the real gateway.
#include "cli/admin_commands.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "core/net.h"
#include "store/state_store.h"
#include "support/test_env.h"

namespace sb::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::uint16_t unused_loopback_port() {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// A literal admin token, so the tests can check it never reaches the output.
constexpr char kConfig[] = R"(server:
  listen: 127.0.0.1:{}
  admin_token: sk-admin-SECRET
state: {}
accounts:
  openai: {{type: openai, api_key: sk-test}}
  local: {{type: openai-compatible, base_url: "http://127.0.0.1:9/v1"}}
groups:
  coding: [openai/gpt-5, local/qwen3:8b]
  fast: [openai/gpt-5-mini]
default_group: coding
)";

class AdminCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_test_dir("sb-admin-commands-test");
    port_ = unused_loopback_port();
    state_path_ = (dir_ / "state/state.db").string();
    config_ = parse_config(fmt::format(kConfig, port_, state_path_), "config.yaml");
  }
  void TearDown() override { fs::remove_all(dir_); }

  StateStorePtr store() { return StateStore::open(state_path_); }
  std::string not_running() const {
    return "gateway not running at 127.0.0.1:" + std::to_string(port_);
  }
  void expect_no_secret() const {
    EXPECT_EQ(out_.str().find("SECRET"), std::string::npos) << out_.str();
    EXPECT_EQ(err_.str().find("SECRET"), std::string::npos) << err_.str();
  }
  void reset_streams() {
    out_.str({});
    err_.str({});
  }

  fs::path dir_;
  std::uint16_t port_ = 0;
  std::string state_path_;
  Config config_;
  std::ostringstream out_, err_;
};

TEST_F(AdminCommandsTest, UseGroupSavesTheDefaultGroupInTheStore) {
  EXPECT_EQ(run_use(config_, "fast", std::nullopt, false, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("default group is now fast"), std::string::npos) << out_.str();
  EXPECT_NE(
      out_.str().find(not_running() + "; saved to the state store, takes effect when it starts"),
      std::string::npos)
      << out_.str();
  EXPECT_EQ(store()->get_meta(kMetaDefaultGroup), "fast");
  expect_no_secret();
}

TEST_F(AdminCommandsTest, UseGroupDeploymentPinsItAndClearRemovesThePin) {
  EXPECT_EQ(run_use(config_, "coding", "local/qwen3:8b", false, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("coding now tries local/qwen3:8b first"), std::string::npos)
      << out_.str();
  EXPECT_EQ(store()->load_pins(), (std::vector<PinRecord>{{"coding", "local/qwen3:8b"}}));
  EXPECT_FALSE(store()->get_meta(kMetaDefaultGroup)) << "pinning does not switch the default";

  // A deployment of another group may be pinned: some group must list it.
  EXPECT_EQ(run_use(config_, "fast", "local/qwen3:8b", false, out_, err_), 0) << err_.str();
  EXPECT_EQ(store()->load_pins().size(), 2u);

  reset_streams();
  EXPECT_EQ(run_use(config_, "coding", std::nullopt, true, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("coding has no pin"), std::string::npos) << out_.str();
  EXPECT_EQ(store()->load_pins(), (std::vector<PinRecord>{{"fast", "local/qwen3:8b"}}));
  EXPECT_NE(out_.str().find(not_running()), std::string::npos) << out_.str();
}

TEST_F(AdminCommandsTest, UseChecksItsArgumentsAgainstTheConfigFirst) {
  struct Case {
    std::string group;
    std::optional<std::string> deployment;
    bool clear;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"nope", std::nullopt, false, "unknown group \"nope\" (configured groups: coding, fast)"},
      {"coding", "nobody/gpt-5", false,
       "unknown account \"nobody\" in \"nobody/gpt-5\" (configured accounts: openai, local)"},
      {"coding", "openai/gpt-5-typo", false,
       "\"openai/gpt-5-typo\" is not a deployment of any group"},
      {"coding", "gpt-5", false, "\"gpt-5\" is not a deployment: write ACCOUNT/MODEL"},
      {"coding", "openai/", false, "is not a deployment"},
      {"coding", "openai/gpt-5", true, "--clear removes the group's pin and takes no DEPLOYMENT"},
  };
  for (const auto& c : cases) {
    reset_streams();
    EXPECT_EQ(run_use(config_, c.group, c.deployment, c.clear, out_, err_), 2) << c.message;
    EXPECT_NE(err_.str().find(c.message), std::string::npos) << err_.str();
    EXPECT_EQ(out_.str(), "");
  }
  EXPECT_FALSE(fs::exists(state_path_)) << "a refused verb touches nothing";
}

TEST_F(AdminCommandsTest, CooldownsClearDeletesOneDeploymentOrAll) {
  const auto until = unix_ms(std::chrono::system_clock::now() + 1h);
  {
    auto s = store();
    s->upsert_cooldown({"openai/gpt-5", "quota_exhausted", until, "insufficient_quota", 0});
    s->upsert_cooldown({"local/qwen3:8b", "server_error", until, "502", 0});
    s->upsert_cooldown({"openai/gpt-5-mini", "rate_limited", until, "429", 0});
  }
  EXPECT_EQ(run_cooldowns_clear(config_, "openai/gpt-5", out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("cleared 1 cooldown\n"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find(not_running()), std::string::npos) << out_.str();
  auto left = store()->load_cooldowns();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].deployment, "local/qwen3:8b");

  reset_streams();
  EXPECT_EQ(run_cooldowns_clear(config_, "openai/gpt-5", out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("cleared 0 cooldowns"), std::string::npos) << out_.str();

  reset_streams();
  EXPECT_EQ(run_cooldowns_clear(config_, std::nullopt, out_, err_), 0) << err_.str();
  EXPECT_NE(out_.str().find("cleared 2 cooldowns"), std::string::npos) << out_.str();
  EXPECT_TRUE(store()->load_cooldowns().empty());
  expect_no_secret();
}

TEST_F(AdminCommandsTest, CooldownsClearChecksTheDeployment) {
  EXPECT_EQ(run_cooldowns_clear(config_, "nobody/m", out_, err_), 2);
  EXPECT_NE(err_.str().find("unknown account \"nobody\""), std::string::npos) << err_.str();
  EXPECT_EQ(run_cooldowns_clear(config_, "no-slash", out_, err_), 2);
  EXPECT_FALSE(fs::exists(state_path_));
}

TEST_F(AdminCommandsTest, StatusExitsOneAndShowsWhatTheStoreHolds) {
  const auto now = std::chrono::system_clock::now();
  {
    auto s = store();
    s->set_meta(kMetaDefaultGroup, "fast");
    s->set_pin("coding", "local/qwen3:8b");
    s->upsert_cooldown({"openai/gpt-5", "quota_exhausted", unix_ms(now + 1h),
                        "429 insufficient_quota", unix_ms(now)});
    s->upsert_cooldown({"openai/gpt-5-mini", "rate_limited", unix_ms(now - 1min), "429", 0});
  }
  EXPECT_EQ(run_status(config_, false, out_, err_), 1);
  EXPECT_NE(err_.str().find(not_running()), std::string::npos) << err_.str();
  const auto text = out_.str();
  EXPECT_NE(text.find("default group: fast (set by `switchboard use`; the config says coding)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("local/qwen3:8b"), std::string::npos) << text;
  EXPECT_NE(text.find("openai/gpt-5 "), std::string::npos) << text;
  EXPECT_NE(text.find("429 insufficient_quota"), std::string::npos) << text;
  EXPECT_EQ(text.find("openai/gpt-5-mini"), std::string::npos) << "an ended cooldown\n" << text;
  expect_no_secret();
}

TEST_F(AdminCommandsTest, StatusJsonKeepsStdoutParseableWhenTheGatewayIsDown) {
  store()->upsert_cooldown(
      {"openai/gpt-5", "quota_exhausted", unix_ms(std::chrono::system_clock::now() + 1h), "", 0});
  EXPECT_EQ(run_status(config_, true, out_, err_), 1);
  EXPECT_NE(err_.str().find(not_running()), std::string::npos) << err_.str();
  boost::system::error_code ec;
  auto v = boost::json::parse(out_.str(), ec);
  ASSERT_FALSE(ec) << out_.str();
  EXPECT_EQ(v.at("running"), false);
  EXPECT_EQ(v.at("default_group"), "coding");
  EXPECT_EQ(v.at("cooldowns").as_array().size(), 1u);
}

TEST_F(AdminCommandsTest, StatusDoesNotCreateTheStore) {
  EXPECT_EQ(run_status(config_, false, out_, err_), 1);
  EXPECT_NE(out_.str().find("not created yet"), std::string::npos) << out_.str();
  EXPECT_FALSE(fs::exists(state_path_));
}

}  // namespace
}  // namespace sb::cli
