// The upstream client over HTTPS: certificates are verified against the trust store OpenSSL is
// pointed at (the system store by default; SSL_CERT_FILE here, holding a throwaway CA), the
// server name is sent (SNI) and checked against the certificate, and a failed verification is a
// 502 the client can read.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/gateway_harness.h"
#include "support/http_client.h"
#include "support/tls_server.h"

#include "support/test_env.h"

namespace sb::test {
namespace {

namespace fs = std::filesystem;

const char* kBody = R"({"model":"main","messages":[{"role":"user","content":"hi"}]})";

class TlsUpstreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_test_dir("switchboard-tls");
    ASSERT_TRUE(make_test_certificates(dir_.string())) << "openssl could not make certificates";
    upstream_ = std::make_unique<TlsTestServer>((dir_ / "server.pem").string(),
                                                (dir_ / "server.key").string());
  }
  void TearDown() override {
    upstream_.reset();
    fs::remove_all(dir_);
  }
  std::string yaml(const std::string& host) const {
    return "accounts:\n  secure: {type: openai, api_key: sk-tls, base_url: \"https://" + host +
           ":" + std::to_string(upstream_->port()) + "/v1\"}\ngroups:\n  main: [secure/m]\n";
  }

  ScopedEnv env_;
  fs::path dir_;
  std::unique_ptr<TlsTestServer> upstream_;
};

TEST_F(TlsUpstreamTest, TrustedCertificateWorksAndCarriesTheServerName) {
  env_.set("SSL_CERT_FILE", (dir_ / "ca.pem").string());
  GatewayHarness gw(yaml("localhost"));
  auto r = request(gw.port(), "POST", "/v1/chat/completions", kBody);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_NE(r.body.find("over TLS"), std::string::npos);
  ASSERT_EQ(upstream_->server_names().size(), 1u);
  EXPECT_EQ(upstream_->server_names()[0], "localhost");
  // A second request reuses the TLS connection: no second handshake.
  EXPECT_EQ(request(gw.port(), "POST", "/v1/chat/completions", kBody).status, 200u);
  EXPECT_EQ(upstream_->server_names().size(), 1u);
  EXPECT_EQ(upstream_->requests(), 2);
}

TEST_F(TlsUpstreamTest, UntrustedCertificateIsRefusedWith502) {
  env_.set("SSL_CERT_FILE", (dir_ / "server.key").string());  // holds no CA at all
  GatewayHarness gw(yaml("localhost"));
  auto r = request(gw.port(), "POST", "/v1/chat/completions", kBody);
  EXPECT_EQ(r.status, 502u) << r.body;
  EXPECT_NE(r.body.find("TLS handshake"), std::string::npos) << r.body;
  EXPECT_EQ(upstream_->requests(), 0);
}

TEST_F(TlsUpstreamTest, CertificateForAnotherNameIsRefusedWith502) {
  env_.set("SSL_CERT_FILE", (dir_ / "ca.pem").string());
  GatewayHarness gw(yaml("127.0.0.1"));  // the certificate names localhost only
  auto r = request(gw.port(), "POST", "/v1/chat/completions", kBody);
  EXPECT_EQ(r.status, 502u) << r.body;
  EXPECT_EQ(upstream_->requests(), 0);
}

}  // namespace
}  // namespace sb::test
