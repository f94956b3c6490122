// Active probes through the running gateway: an account that answers is up, one whose key is
// refused is erring, one nobody answers for is down; each change is a `probe` event, and status
// shows the latest.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <thread>

#include "support/eventually.h"
#include "support/gateway_harness.h"
#include "support/http_client.h"

namespace sb::test {
namespace {

using namespace std::chrono_literals;

TEST(ProbeTest, AccountsAreUpErringOrDown) {
  // Nothing listens on port 9 of loopback (discard): connections are refused.
  GatewayHarness gw(R"(probes:
  interval: 100ms
  timeout: 2s
  accounts: [good, nokey, gone]
  webhook: "{FAKE}/chat/completions"
accounts:
  good: {type: openai-compatible, base_url: "{FAKE}", api_key: sk-alpha}
  nokey: {type: openai-compatible, base_url: "{FAKE}"}
  gone: {type: openai-compatible, base_url: "http://127.0.0.1:9/v1", api_key: sk-alpha}
  unprobed: {type: openai-compatible, base_url: "http://127.0.0.1:9/v1", api_key: sk-alpha}
groups:
  main: [good/m, nokey/m, gone/m, unprobed/m]
)");
  std::map<std::string, std::string> states;
  boost::json::value status;
  const auto all_probed = [&] {
    status = request(gw.port(), "GET", "/admin/status").json();
    states.clear();
    for (const auto& p : status.at("probes").as_array()) {
      states[std::string(p.at("account").as_string())] = p.at("state").as_string();
    }
    for (const char* account : {"good", "nokey", "gone"}) {
      const auto it = states.find(account);
      if (it == states.end() || it->second == "unknown") return false;
    }
    return true;
  };
  ASSERT_TRUE(eventually(all_probed)) << status;
  EXPECT_EQ(states.size(), 3u) << "only the accounts listed are probed";
  EXPECT_EQ(states["good"], "up");
  EXPECT_EQ(states["nokey"], "erring");
  EXPECT_EQ(states["gone"], "down");
  for (const auto& p : status.at("probes").as_array()) {
    if (p.at("account").as_string() == "nokey") EXPECT_EQ(p.at("detail").as_string(), "HTTP 401");
  }
  // Each change was POSTed to the webhook (here the fake provider, which keeps the last body).
  std::string delivered;
  ASSERT_TRUE(eventually([&] {
    delivered = gw.fake().stats().last_body;
    return delivered.find("\"previous\"") != std::string::npos;
  })) << delivered;
  const auto alert = boost::json::parse(delivered);
  EXPECT_EQ(alert.at("previous").as_string(), "unknown");
  const std::string account(alert.at("account").as_string());
  EXPECT_TRUE(account == "nokey" || account == "gone") << delivered;
  EXPECT_EQ(alert.at("state").as_string(), account == "nokey" ? "erring" : "down");

  // Probes observe, they do not route: nothing cools or opens because of them.
  for (const auto& d : status.at("groups").at(0).at("deployments").as_array()) {
    EXPECT_EQ(d.at("state").as_string(), "ready") << d;
  }
}

}  // namespace
}  // namespace sb::test
