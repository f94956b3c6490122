// The FakeProvider object: it owns the io_context, the listening socket (inside the accept
// coroutine), the worker threads and the shared counters. Each accepted connection gets its own
// strand and one serve_connection coroutine, so N threads serve N connections in parallel with
// no locking on the data path beyond the counters.
//
// stop() does not drain: it stops the io_context, joins the threads and destroys the io_context,
// which destroys every suspended connection coroutine and so closes its socket. A fake has
// nothing worth finishing, and a stall that lasts "forever" must not hold up a test's teardown.
#include "fake_provider/fake_provider.h"

#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>
#include <vector>

#include "core/net.h"
#include "fake_provider/provider_state.h"
#include "fake_provider/session.h"

namespace sb::fake {

struct FakeProvider::Impl {
  std::unique_ptr<net::io_context> ioc;
  ProviderState state;
  std::vector<std::thread> threads;
  std::string url_host;  // how a client on this machine reaches the listening address
  std::uint16_t port = 0;
  std::mutex stop_mutex;
  bool stopped = false;
};

namespace {

net::awaitable<void> accept_loop(tcp::acceptor acceptor, net::io_context& ioc,
                                 ProviderState& state) {
  net::steady_timer backoff(co_await net::this_coro::executor);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), use_tuple);
    if (ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors or a transient network error: retrying at once would spin.
      spdlog::warn("fake provider: accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    state.count_connection();
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // stream events must leave at once
    auto executor = socket.get_executor();
    net::co_spawn(executor, serve_connection(std::move(socket), state), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::warn("fake provider: connection ended by an exception: {}", ex.what());
      }
    });
  }
}

net::ip::address listen_address(net::io_context& ioc, const std::string& host) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) return address;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, "0");  // throws on failure: a startup error
  return results.begin()->endpoint().address();
}

std::string url_host_for(const net::ip::address& a) {
  if (a.is_unspecified()) return a.is_v4() ? "127.0.0.1" : "[::1]";
  return a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
}

}  // namespace

FakeProvider::FakeProvider(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FakeProvider::~FakeProvider() { stop(); }

FakeProviderPtr FakeProvider::start(const std::string& host, std::uint16_t port, unsigned threads) {
  threads = std::max(threads, 1u);
  auto impl = std::make_unique<Impl>();
  impl->ioc = std::make_unique<net::io_context>(static_cast<int>(threads));
  auto& ioc = *impl->ioc;

  const tcp::endpoint endpoint{listen_address(ioc, host), port};
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  impl->port = acceptor.local_endpoint().port();
  impl->url_host = url_host_for(endpoint.address());

  net::co_spawn(net::make_strand(ioc), accept_loop(std::move(acceptor), ioc, impl->state),
                [](std::exception_ptr e) {
                  if (!e) return;
                  try {
                    std::rethrow_exception(e);
                  } catch (const std::exception& ex) {
                    spdlog::error("fake provider: accept loop ended: {}", ex.what());
                  }
                });
  for (unsigned i = 0; i < threads; ++i) impl->threads.emplace_back([&ioc] { ioc.run(); });
  return FakeProviderPtr(new FakeProvider(std::move(impl)));
}

std::uint16_t FakeProvider::port() const { return impl_->port; }

std::string FakeProvider::base_url() const {
  return "http://" + impl_->url_host + ":" + std::to_string(impl_->port) + "/v1";
}

Stats FakeProvider::stats() const { return impl_->state.snapshot(); }

void FakeProvider::reset_stats() { impl_->state.reset(); }

void FakeProvider::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->ioc.reset();
}

}  // namespace sb::fake
