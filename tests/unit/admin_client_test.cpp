// The admin client against a bare loopback acceptor that answers one request on a thread of its
// own: the Bearer header goes out only when a token is configured, a closed port is NotReachable,
// and a server that accepts but never answers is Failed (something is there), not NotReachable.
// Also the mapping from server.listen to the address the CLI dials.
#include "cli/admin_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/net.h"

namespace sb::cli {
namespace {

using namespace std::chrono_literals;

// Accepts one connection. Answering: reads one request, records it, replies 200 with `body`.
// Silent: reads until the client gives up and hangs up.
class OneShotServer {
 public:
  OneShotServer(bool answer, std::string body = {})
      : acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, answer, body = std::move(body)] {
      tcp::socket socket(io_);
      acceptor_.accept(socket);
      beast::error_code ec;
      if (!answer) {
        char scratch[512];
        while (!ec) socket.read_some(net::buffer(scratch), ec);
        return;
      }
      beast::flat_buffer buffer;
      http::read(socket, buffer, request_, ec);
      http::response<http::string_body> response{http::status::ok, 11};
      response.set(http::field::content_type, "application/json");
      response.body() = body;
      response.prepare_payload();
      http::write(socket, response, ec);
    });
  }
  ~OneShotServer() { thread_.join(); }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Valid once the client call has returned.
  const http::request<http::string_body>& request() const { return request_; }

 private:
  net::io_context io_;
  tcp::acceptor acceptor_;
  http::request<http::string_body> request_;
  std::thread thread_;
};

TEST(AdminClientTest, SendsTheBearerTokenOnlyWhenOneIsConfigured) {
  {
    OneShotServer server(true, R"({"cleared":2})");
    AdminClient client({"127.0.0.1", server.port()}, Secret("tok-123"));
    auto r = client.post("/admin/cooldowns/clear", "{}");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200u);
    EXPECT_EQ(r->body, R"({"cleared":2})");
    EXPECT_EQ(server.request().method(), http::verb::post);
    EXPECT_EQ(server.request().target(), "/admin/cooldowns/clear");
    EXPECT_EQ(server.request()[http::field::authorization], "Bearer tok-123");
    EXPECT_EQ(server.request()[http::field::content_type], "application/json");
    EXPECT_EQ(server.request().body(), "{}");
  }
  {
    OneShotServer server(true, "{}");
    AdminClient client({"127.0.0.1", server.port()}, std::nullopt);
    auto r = client.get("/admin/status");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(server.request().method(), http::verb::get);
    EXPECT_EQ(server.request().count(http::field::authorization), 0u);
  }
}

TEST(AdminClientTest, AClosedPortIsNotReachable) {
  std::uint16_t port = 0;
  {
    net::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }
  AdminClient client({"127.0.0.1", port}, Secret("tok-123"));
  auto r = client.get("/admin/status");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AdminError::NotReachable);
  EXPECT_EQ(r.error().message.find("tok-123"), std::string::npos);
}

TEST(AdminClientTest, AServerThatNeverAnswersFailsWithinTheTimeout) {
  OneShotServer server(false);
  AdminClient client({"127.0.0.1", server.port()}, std::nullopt, 200ms);
  const auto start = std::chrono::steady_clock::now();
  auto r = client.get("/admin/status");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AdminError::Failed);
  EXPECT_NE(r.error().message.find("no answer"), std::string::npos) << r.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(AdminClientTest, AWildcardListenAddressIsDialledOnLoopback) {
  EXPECT_EQ(admin_endpoint("0.0.0.0:8787").host, "127.0.0.1");
  EXPECT_EQ(admin_endpoint(":8787").host, "127.0.0.1");
  EXPECT_EQ(admin_endpoint("[::]:8787").host, "::1");
  EXPECT_EQ(admin_endpoint("[::]:8787").display(), "[::1]:8787");
  EXPECT_EQ(admin_endpoint("localhost:9").host, "localhost");
  EXPECT_EQ(admin_endpoint("10.0.0.5:8787").display(), "10.0.0.5:8787");
  EXPECT_EQ(admin_endpoint("127.0.0.1:8787").port, 8787);
  EXPECT_THROW(admin_endpoint("nonsense"), std::invalid_argument);
}

}  // namespace
}  // namespace sb::cli
