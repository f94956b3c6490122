// Parsing account base URLs into pool origins and path prefixes; listen addresses.
#include "http/server.h"
#include "http/upstream_url.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(UpstreamUrl, HttpsDefaultsToPort443AndKeepsThePath) {
  auto u = parse_base_url("https://api.openai.com/v1/");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->origin.tls);
  EXPECT_EQ(u->origin.host, "api.openai.com");
  EXPECT_EQ(u->origin.port, "443");
  EXPECT_EQ(u->base_path, "/v1");
  EXPECT_EQ(u->origin.host_header(), "api.openai.com");
}

TEST(UpstreamUrl, ExplicitPortAppearsInTheHostHeader) {
  auto u = parse_base_url("http://127.0.0.1:11434/v1");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->origin.tls);
  EXPECT_EQ(u->origin.port, "11434");
  EXPECT_EQ(u->origin.host_header(), "127.0.0.1:11434");
  EXPECT_EQ(u->origin.key(), "http://127.0.0.1:11434");
}

TEST(UpstreamUrl, BareHostHasAnEmptyPath) {
  auto u = parse_base_url("https://api.anthropic.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->base_path, "");
}

TEST(UpstreamUrl, RejectsOtherSchemesAndGarbage) {
  EXPECT_FALSE(parse_base_url("ftp://x/y"));
  EXPECT_FALSE(parse_base_url("not a url"));
}

TEST(ListenAddress, SplitsHostAndPort) {
  EXPECT_EQ(split_host_port("127.0.0.1:8787"), std::make_pair(std::string("127.0.0.1"),
                                                              std::uint16_t(8787)));
  EXPECT_EQ(split_host_port("[::1]:0").first, "::1");
  EXPECT_EQ(split_host_port(":9000").first, "0.0.0.0");
  EXPECT_THROW(split_host_port("localhost"), std::invalid_argument);
  EXPECT_THROW(split_host_port("localhost:99999"), std::invalid_argument);
  EXPECT_THROW(split_host_port("localhost:80x"), std::invalid_argument);
}

}  // namespace
}  // namespace sb
