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

GatewayHarness::GatewayHarness(const std::string& yaml, unsigned threads,
                               std::string state_path)
    : state_path_(std::move(state_path)) {
  fake_ = fake::FakeProvider::start("127.0.0.1", 0, 1);
  // {FAKE} is an OpenAI-style base URL (with /v1); {FAKE_HOST} the bare origin, as Anthropic's.
  const std::string base = fake_->base_url();
  std::string text = replace_all(yaml, "{FAKE}", base);
  text = replace_all(text, "{FAKE_HOST}", base.substr(0, base.rfind("/v1")));
  Config config = parse_config(text, "test.yaml");
  config.server.listen = "127.0.0.1:0";
  config.server.threads = threads;
  // Nothing may touch a real store: the test's own file, or none.
  config.state_path = state_path_.empty() ? ":memory:" : state_path_;
  config_ = std::make_shared<const Config>(std::move(config));
  tls_ = make_client_tls_context();
  start_gateway();
}

GatewayHarness::~GatewayHarness() {
  stop_gateway();
  fake_->stop();
}

void GatewayHarness::start_gateway() {
  StateStorePtr store = state_path_.empty() ? nullptr : StateStore::open(state_path_);
  gateway_ = std::make_unique<Gateway>(config_, std::move(store));
  server_ = std::make_unique<Server>(config_->server, gateway_->handler(), *tls_);
  server_->start();
  gateway_->announce_endpoint("127.0.0.1:" + std::to_string(port()));
}

void GatewayHarness::stop_gateway() {
  gateway_->close_events();
  server_->shutdown(std::chrono::seconds(2));
  gateway_->flush_state();  // as the binary does: store reads answer while the server exists
  server_.reset();
  gateway_.reset();
}

void GatewayHarness::restart() {
  stop_gateway();
  start_gateway();
}

std::string two_dialect_yaml(const std::string& claude_key, const std::string& openai_key,
                             const std::string& group, const std::string& extra) {
  return extra +
         "accounts:\n"
         "  claude: {type: anthropic, base_url: \"{FAKE_HOST}\", api_key: \"" + claude_key +
         "\"}\n"
         "  openai: {type: openai-compatible, base_url: \"{FAKE}\", api_key: \"" + openai_key +
         "\"}\n"
         "groups:\n"
         "  main: " + group + "\n";
}

std::string single_account_yaml(const std::string& model) {
  return "accounts:\n"
         "  fake: {type: openai-compatible, base_url: \"{FAKE}\", api_key: sk-alpha}\n"
         "groups:\n"
         "  main: [fake/" + model + "]\n";
}

}  // namespace sb::test
