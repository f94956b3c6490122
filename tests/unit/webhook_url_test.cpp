// A webhook URL keeps its path and query (receivers often take a token there).
#include <gtest/gtest.h>

#include "http/webhook_sender.h"

namespace sb {
namespace {

TEST(WebhookUrl, KeepsPathAndQuery) {
  auto w = parse_webhook_url("https://hooks.example.com:8443/alerts/llm?token=a%20b&x=1");
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->origin.origin.tls);
  EXPECT_EQ(w->origin.origin.host, "hooks.example.com");
  EXPECT_EQ(w->origin.origin.port, "8443");
  EXPECT_EQ(w->origin.base_path, "");
  EXPECT_EQ(w->target, "/alerts/llm?token=a%20b&x=1");
  auto bare = parse_webhook_url("http://127.0.0.1:9000");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->target, "/");
  EXPECT_FALSE(parse_webhook_url("not a url"));
  EXPECT_FALSE(parse_webhook_url("ftp://example.com/x"));
}

}  // namespace
}  // namespace sb
