// The admin API and the CLI verbs that use it, against a real gateway on loopback: status shows
// what failover learned, `use` pins and switches (and the switch survives a restart), cooldowns
// can be cleared early, the admin token is enforced, and every switch arrives on the event
// stream. The CLI runs as the user runs it: the switchboard binary, its config naming the
// gateway's address.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/eventually.h"
#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/test_env.h"

namespace sb::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;

std::string chat_body(const std::string& model) {
  return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Hello there"}]})";
}

// `quota` is out of quota; `ok` answers. Group `main` tries quota first; group `spare` has ok
// alone; `main` is the default group.
std::string accounts_yaml(const std::string& base_url, const std::string& extra = "") {
  return extra +
         "accounts:\n"
         "  quota: {type: openai-compatible, base_url: \"" + base_url +
         "\", api_key: sk-quota+quota}\n"
         "  ok:    {type: openai-compatible, base_url: \"" + base_url + "\", api_key: sk-ok}\n"
         "groups:\n"
         "  main: [quota/gpt-4o-mini, ok/gpt-4o-mini]\n"
         "  spare: [ok/gpt-4o-mini]\n"
         "default_group: main\n";
}

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_test_dir("switchboard-admin"); }
  void TearDown() override {
    gw.reset();
    fs::remove_all(dir_);
  }
  void start(const std::string& extra = "") {
    gw = std::make_unique<GatewayHarness>(accounts_yaml("{FAKE}", extra), 1,
                                          (dir_ / "state.db").string());
  }
  Response post(const std::string& body) {
    return request(gw->port(), "POST", "/v1/chat/completions", body);
  }
  Response admin(std::string_view method, std::string_view path, std::string_view body = {},
                 const Headers& headers = {}) {
    return request(gw->port(), method, path, body, headers);
  }
  json::value status() {
    auto r = admin("GET", "/admin/status");
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.json();
  }
  std::uint64_t calls(const std::string& key) { return gw->fake().stats().by_key[key]; }

  // A config file the CLI reads to find this gateway; the state store is the gateway's own.
  std::string cli_config(const std::string& extra = "") {
    const auto path = dir_ / "config.yaml";
    std::ofstream(path) << "server: {listen: \"127.0.0.1:" << gw->port() << "\"}\n"
                        << "state: " << (dir_ / "state.db").string() << "\n"
                        << accounts_yaml(gw->fake().base_url(), extra);
    return path.string();
  }
  ProcessResult cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{SB_GATEWAY_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"HOME", dir_.string()}});
  }

  fs::path dir_;
  std::unique_ptr<GatewayHarness> gw;
};

const json::object& deployment_in(const json::value& status, std::string_view group,
                                  std::string_view id) {
  for (const auto& g : status.at("groups").as_array()) {
    if (g.at("name").as_string() != group) continue;
    for (const auto& d : g.at("deployments").as_array()) {
      if (d.at("deployment").as_string() == id) return d.as_object();
    }
  }
  throw std::runtime_error("no " + std::string(id) + " in " + json::serialize(status));
}

TEST_F(AdminTest, StatusShowsWhatFailoverLearned) {
  start();
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  const json::value s = status();
  EXPECT_EQ(s.at("default_group").as_string(), "main");
  const auto& quota = deployment_in(s, "main", "quota/gpt-4o-mini");
  EXPECT_EQ(quota.at("state").as_string(), "cooling");
  EXPECT_EQ(quota.at("cooling_class").as_string(), "quota_exhausted");
  EXPECT_TRUE(quota.at("until").is_string());
  EXPECT_EQ(quota.at("last_error").at("class").as_string(), "quota_exhausted");
  EXPECT_EQ(quota.at("failures").as_int64(), 1);
  const auto& ok = deployment_in(s, "main", "ok/gpt-4o-mini");
  EXPECT_EQ(ok.at("state").as_string(), "ready");
  EXPECT_EQ(ok.at("requests").as_int64(), 1);
  EXPECT_TRUE(ok.at("p50_ms").is_number());
}

TEST_F(AdminTest, PinningPutsADeploymentFirstAndClearingUndoesIt) {
  start();
  auto r = admin("POST", "/admin/use", R"({"group":"main","deployment":"ok/gpt-4o-mini"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json().at("pin").as_string(), "ok/gpt-4o-mini");
  auto answer = post(chat_body("main"));
  EXPECT_EQ(answer.header("x-switchboard-deployment"), "ok/gpt-4o-mini");
  EXPECT_FALSE(answer.has_header("x-switchboard-failover"));
  EXPECT_EQ(calls("sk-quota"), 0u);

  r = admin("POST", "/admin/use", R"({"group":"main","clear":true})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.json().at("pin").is_null());
  answer = post(chat_body("main"));
  EXPECT_EQ(answer.header("x-switchboard-failover"), "quota/gpt-4o-mini=quota_exhausted");
}

TEST_F(AdminTest, SwitchingTheDefaultGroupIsPersisted) {
  start();
  auto r = admin("POST", "/admin/use", R"({"group":"spare"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json().at("default_group").as_string(), "spare");
  // An unknown model goes to the default group, now `spare`.
  auto answer = post(chat_body("no-such-model"));
  EXPECT_EQ(answer.header("x-switchboard-group"), "spare");
  gw->restart();
  EXPECT_EQ(status().at("default_group").as_string(), "spare");
  EXPECT_EQ(post(chat_body("no-such-model")).header("x-switchboard-group"), "spare");
}

TEST_F(AdminTest, PinsSurviveARestart) {
  start();
  ASSERT_EQ(admin("POST", "/admin/use", R"({"group":"main","deployment":"ok/gpt-4o-mini"})")
                .status,
            200u);
  gw->restart();
  EXPECT_EQ(post(chat_body("main")).header("x-switchboard-deployment"), "ok/gpt-4o-mini");
  EXPECT_EQ(calls("sk-quota"), 0u);
}

TEST_F(AdminTest, ClearingACooldownLetsTheDeploymentBeTriedAgain) {
  start();
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  auto r = admin("POST", "/admin/cooldowns/clear", R"({"deployment":"quota/gpt-4o-mini"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json().at("cleared").as_int64(), 1);
  EXPECT_EQ(post(chat_body("main")).header("x-switchboard-failover"),
            "quota/gpt-4o-mini=quota_exhausted");
  EXPECT_EQ(calls("sk-quota"), 2u);
  // And all at once; the cleared state is what a restart finds.
  EXPECT_EQ(admin("POST", "/admin/cooldowns/clear").json().at("cleared").as_int64(), 1);
  gw->restart();
  EXPECT_EQ(deployment_in(status(), "main", "quota/gpt-4o-mini").at("state").as_string(),
            "ready");
}

TEST_F(AdminTest, BadAdminRequestsGetClearErrors) {
  start();
  auto r = admin("POST", "/admin/use", R"({"group":"nope"})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("param").as_string(), "group");
  r = admin("POST", "/admin/use", R"({"group":"main","deployment":"nobody/m"})");
  EXPECT_EQ(r.status, 400u);
  // A configured account with a model no group lists: a typo, refused.
  r = admin("POST", "/admin/use", R"({"group":"main","deployment":"ok/gpt-4o-mini-typo"})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.json().at("error").at("param").as_string(), "deployment");
  r = admin("POST", "/admin/use", "not json");
  EXPECT_EQ(r.status, 400u);
  r = admin("GET", "/admin/use");
  EXPECT_EQ(r.status, 405u);
  r = admin("GET", "/admin/nothing");
  EXPECT_EQ(r.status, 404u);
}

TEST_F(AdminTest, TheAdminTokenIsRequiredWhenSet) {
  start("server: {admin_token: s3cret-admin}\n");
  EXPECT_EQ(admin("GET", "/admin/status").status, 401u);
  EXPECT_EQ(admin("GET", "/admin/status", {}, {{"Authorization", "Bearer wrong"}}).status, 401u);
  auto r = admin("GET", "/admin/status", {}, {{"Authorization", "Bearer s3cret-admin"}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.find("s3cret"), std::string::npos);
  // The surfaces do not need it.
  EXPECT_EQ(post(chat_body("spare")).status, 200u);
}

TEST_F(AdminTest, EverySwitchArrivesOnTheEventStream) {
  start();
  std::atomic<bool> subscribed{false};
  std::string seen;
  RequestOptions options;
  options.timeout = 5s;
  options.on_piece = [&](const Piece& piece) {
    seen += piece.data;
    subscribed = true;
    return seen.find("event: failover") == std::string::npos ||
           seen.find("event: cooldown_started") == std::string::npos;
  };
  std::thread client([&] {
    if (eventually([&] { return subscribed.load(); })) post(chat_body("main"));
  });
  auto r = request(gw->port(), "GET", "/admin/events", {}, {}, options);
  client.join();
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  EXPECT_NE(seen.find("event: cooldown_started\ndata: {"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\"deployment\":\"quota/gpt-4o-mini\""), std::string::npos) << seen;
  EXPECT_NE(seen.find("event: failover\ndata: {"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\"action\":\"fail_over\""), std::string::npos) << seen;
}

TEST_F(AdminTest, TheEventStreamEndsWhenTheGatewayStops) {
  start();
  std::atomic<bool> subscribed{false};
  RequestOptions options;
  options.timeout = 5s;
  options.on_piece = [&](const Piece&) {
    subscribed = true;
    return true;
  };
  std::thread stopper([&] {
    eventually([&] { return subscribed.load(); });
    gw.reset();
  });
  const auto port = gw->port();
  const auto started = std::chrono::steady_clock::now();
  auto r = request(port, "GET", "/admin/events", {}, {}, options);
  stopper.join();
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.complete);  // a proper end of the stream, not a cut or a timeout
  // Well before the server's drain bound (2 s here): the stream did not hold the drain.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}

TEST_F(AdminTest, CliStatusUseAndCooldownsClearTalkToTheRunningGateway) {
  start();
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  const std::string config = cli_config();

  auto table = cli({"status", "--config", config});
  EXPECT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("quota/gpt-4o-mini"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("cooling"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("quota_exhausted"), std::string::npos) << table.out;

  auto as_json = cli({"status", "--json", "--config", config});
  EXPECT_EQ(as_json.exit_code, 0) << as_json.out;
  EXPECT_EQ(json::parse(as_json.out).at("default_group").as_string(), "main");

  auto use = cli({"use", "main", "ok/gpt-4o-mini", "--config", config});
  EXPECT_EQ(use.exit_code, 0) << use.out;
  EXPECT_EQ(post(chat_body("main")).header("x-switchboard-deployment"), "ok/gpt-4o-mini");
  EXPECT_EQ(gw->gateway().router().pin("main")->id(), "ok/gpt-4o-mini");
  EXPECT_EQ(cli({"use", "main", "--clear", "--config", config}).exit_code, 0);
  EXPECT_FALSE(gw->gateway().router().pin("main"));

  auto cleared = cli({"cooldowns", "clear", "--config", config});
  EXPECT_EQ(cleared.exit_code, 0) << cleared.out;
  EXPECT_TRUE(gw->gateway().router().cooldowns().empty());

  auto unknown = cli({"use", "nope", "--config", config});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
}

TEST_F(AdminTest, TheCliFindsAGatewayStartedOnAnotherAddress) {
  start();
  ASSERT_EQ(post(chat_body("main")).status, 200u);
  // The config names a port nobody listens on (as after `serve --listen` elsewhere); the
  // gateway recorded its real address in the shared state store.
  const auto path = dir_ / "elsewhere.yaml";
  std::ofstream(path) << "server: {listen: \"127.0.0.1:1\"}\n"
                      << "state: " << (dir_ / "state.db").string() << "\n"
                      << accounts_yaml(gw->fake().base_url());
  auto table = cli({"status", "--config", path.string()});
  EXPECT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("quota_exhausted"), std::string::npos) << table.out;
  auto use = cli({"use", "main", "ok/gpt-4o-mini", "--config", path.string()});
  EXPECT_EQ(use.exit_code, 0) << use.out;
  EXPECT_EQ(use.out.find("not running"), std::string::npos) << use.out;
  EXPECT_EQ(gw->gateway().router().pin("main")->id(), "ok/gpt-4o-mini");

  // Stopped, it leaves no address behind: the CLI falls back to the store.
  gw.reset();
  auto offline = cli({"status", "--config", path.string()});
  EXPECT_EQ(offline.exit_code, 1) << offline.out;
  EXPECT_NE(offline.out.find("not running"), std::string::npos) << offline.out;
}

TEST_F(AdminTest, CliWithTheWrongAdminTokenIsRefused) {
  start("server: {admin_token: s3cret-admin}\n");
  // The CLI's config carries another token.
  const auto path = dir_ / "other.yaml";
  std::ofstream(path) << "server: {listen: \"127.0.0.1:" << gw->port()
                      << "\", admin_token: not-it}\n"
                      << accounts_yaml(gw->fake().base_url());
  auto r = cli({"status", "--config", path.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("admin token"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not-it"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sb::test
