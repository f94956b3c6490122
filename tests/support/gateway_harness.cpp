#include "support/gateway_harness.h"

#include "http/upstream_client.h"

namespace sb::test {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

GatewayHarness::GatewayHarness(const std::string& yaml, unsigned threads) {
  fake_ = fake::FakeProvider::start("127.0.0.1", 0, 1);
  std::string text = replace_all(yaml, "{FAKE}", fake_->base_url());
  Config config = parse_config(text, "test.yaml");
  config.server.listen = "127.0.0.1:0";
  config.server.threads = threads;
  config.state_path = ":memory:";  // the harness opens no store; nothing may touch a real one
  config_ = std::make_shared<const Config>(std::move(config));
  tls_ = make_client_tls_context();
  gateway_ = std::make_unique<Gateway>(config_);
  server_ = std::make_unique<Server>(config_->server, gateway_->handler(), *tls_);
  server_->start();
}

GatewayHarness::~GatewayHarness() {
  server_->shutdown(std::chrono::seconds(2));
  fake_->stop();
}

std::string single_account_yaml(const std::string& model) {
  return "accounts:\n"
         "  fake: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-alpha}\n"
         "groups:\n"
         "  main: [fake/" + model + "]\n";
}

}  // namespace sb::test
