// A real gateway on loopback for integration tests: the fake provider, then the gateway's server
// (port 0, real sockets) with a config written as YAML in the test, in which `{FAKE}` stands for
// the fake provider's OpenAI-style base URL (`http://127.0.0.1:PORT/v1`) and `{FAKE_HOST}` for its
// bare origin (what an `anthropic` account's base_url is).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "config/config.h"
#include "fake_provider/fake_provider.h"
#include "http/gateway.h"
#include "http/server.h"

namespace sb::test {

class GatewayHarness {
 public:
  // `state_path` empty: no state store (nothing restored or persisted); else that SQLite file.
  explicit GatewayHarness(const std::string& yaml, unsigned threads = 1,
                          std::string state_path = {});
  ~GatewayHarness();

  std::uint16_t port() const { return server_->local_endpoint().port(); }
  fake::FakeProvider& fake() { return *fake_; }
  Server& server() { return *server_; }
  Gateway& gateway() { return *gateway_; }
  const Config& config() const { return *config_; }

  // Stops the gateway as SIGTERM does (its state written) and starts a new one on the same
  // config and state store, on a new port; the fake provider keeps running and counting.
  void restart();

 private:
  void start_gateway();
  void stop_gateway();

  std::string state_path_;
  fake::FakeProviderPtr fake_;
  ConfigPtr config_;
  std::unique_ptr<ssl::context> tls_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<Server> server_;
};

// Two accounts on the fake provider, `claude` (anthropic) and `openai` (openai-compatible), each
// scripted by its key, and a group `main` (`group`, e.g. "[claude/m, openai/m]"); `extra` goes
// first (policy, server).
std::string two_dialect_yaml(const std::string& claude_key, const std::string& openai_key,
                             const std::string& group, const std::string& extra = "");

// A config with one account `fake` (key sk-alpha) on the fake provider and a group `main`.
std::string single_account_yaml(const std::string& model = "gpt-4o-mini");

// A test fixture owning one harness: start() it with a config; calls() counts the fake's
// requests by key.
class GatewayTest : public ::testing::Test {
 protected:
  void start(const std::string& yaml) { gw = std::make_unique<GatewayHarness>(yaml); }
  std::uint64_t calls(const std::string& key) { return gw->fake().stats().by_key[key]; }
  std::unique_ptr<GatewayHarness> gw;
};

}  // namespace sb::test
