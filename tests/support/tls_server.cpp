#include "support/tls_server.h"

#include <openssl/ssl.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/net.h"

namespace sb::test {

struct TlsTestServer::Impl {
  net::io_context io{1};
  ssl::context ctx{ssl::context::tls_server};
  tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mutex;
  std::vector<std::string> names;
  std::atomic<int> requests{0};

  net::awaitable<void> serve(tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ctx);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
    if (hec) co_return;
    if (const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock(mutex);
      names.emplace_back(sni);
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [rec, _] = co_await http::async_read(stream, buffer, req, use_tuple);
      if (rec) co_return;
      ++requests;
      http::response<http::string_body> res{http::status::ok, 11};
      res.set(http::field::content_type, "application/json");
      res.body() =
          R"({"id":"chatcmpl-tls","object":"chat.completion","created":0,"model":"tls-model",)"
          R"("choices":[{"index":0,"message":{"role":"assistant","content":"over TLS"},)"
          R"("finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,)"
          R"("total_tokens":3}})";
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      auto [wec, _w] = co_await http::async_write(stream, res, use_tuple);
      if (wec || !req.keep_alive()) co_return;
    }
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      net::co_spawn(io, serve(std::move(socket)), net::detached);
    }
  }
};

TlsTestServer::TlsTestServer(const std::string& cert_pem_file, const std::string& key_pem_file)
    : impl_(std::make_unique<Impl>()) {
  impl_->ctx.use_certificate_chain_file(cert_pem_file);
  impl_->ctx.use_private_key_file(key_pem_file, ssl::context::pem);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  net::co_spawn(impl_->io, impl_->accept_loop(), net::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

TlsTestServer::~TlsTestServer() {
  impl_->io.stop();
  impl_->thread.join();
}

std::uint16_t TlsTestServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::vector<std::string> TlsTestServer::server_names() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->names;
}

int TlsTestServer::requests() const { return impl_->requests.load(); }

bool make_test_certificates(const std::string& dir) {
  const std::string d = "'" + dir + "'";
  const std::string script =
      "set -e; cd " + d +
      "; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
      " -keyout ca.key -out ca.pem -days 2 -subj '/CN=switchboard test CA' 2>/dev/null"
      "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
      " -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null"
      "; printf 'subjectAltName=DNS:localhost\\n' > san.ext"
      "; openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
      " -out server.pem -days 2 -extfile san.ext 2>/dev/null";
  return std::system(("sh -c \"" + script + "\"").c_str()) == 0;
}

}  // namespace sb::test
