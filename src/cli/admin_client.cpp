// The admin API client (see admin_client.h). Each exchange is one coroutine run to completion on
// its own io_context; the tcp_stream's timer, armed once, bounds the whole exchange from the
// connect on (not the name lookup: getaddrinfo cannot be cancelled, but listen addresses are
// nearly always numeric or `localhost`). Which step failed decides NotReachable
// versus Failed, so the coroutine records the step rather than inspecting error codes.
#include "cli/admin_client.h"

#include <stdexcept>

#include "core/net.h"
#include "http/server.h"

namespace sb::cli {

namespace {

// A status listing for many groups is still small; the limit only stops a runaway answer from
// something that is not the gateway.
constexpr std::uint64_t kBodyLimit = 8u * 1024 * 1024;

struct Exchange {
  http::request<http::string_body> request;
  http::response<http::string_body> response;
  bool connected = false;
  beast::error_code error;
};

net::awaitable<void> run_exchange(const AdminEndpoint& where, std::chrono::milliseconds timeout,
                                  Exchange& x) {
  auto executor = co_await net::this_coro::executor;
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);

  tcp::resolver resolver(executor);
  auto [rec, endpoints] =
      co_await resolver.async_resolve(where.host, std::to_string(where.port), use_tuple);
  if (rec) {
    x.error = rec;
    co_return;
  }
  if (auto [ec, ep] = co_await stream.async_connect(endpoints, use_tuple); ec) {
    x.error = ec;
    co_return;
  }
  x.connected = true;

  if (auto [ec, n] = co_await http::async_write(stream, x.request, use_tuple); ec) {
    x.error = ec;
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
  if (auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple); ec) {
    x.error = ec;
    co_return;
  }
  x.response = parser.release();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

std::string AdminEndpoint::display() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

AdminEndpoint admin_endpoint(const std::string& listen) {
  auto [host, port] = split_host_port(listen);
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  return {host, port};
}

void throw_exception_from_error(const AdminError& e, const boost::source_location& loc) {
  throw std::runtime_error(e.message);
}

AdminClient::AdminClient(AdminEndpoint endpoint, std::optional<Secret> token,
                         std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), token_(std::move(token)), timeout_(timeout) {
  if (token_ && token_->empty()) token_.reset();
}

AdminClient AdminClient::from_config(const Config& config, std::chrono::milliseconds timeout) {
  return AdminClient(admin_endpoint(config.server.listen), config.server.admin_token, timeout);
}

AdminResult AdminClient::get(std::string_view target) const { return exchange(false, target, {}); }

AdminResult AdminClient::post(std::string_view target, std::string_view json_body) const {
  return exchange(true, target, json_body);
}

AdminResult AdminClient::exchange(bool post, std::string_view target, std::string_view body) const {
  Exchange x;
  auto& req = x.request;
  req.method(post ? http::verb::post : http::verb::get);
  req.target(target);
  req.version(11);
  req.set(http::field::host, endpoint_.display());
  req.set(http::field::user_agent, std::string("switchboard-cli/") + SWITCHBOARD_VERSION);
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  if (token_) req.set(http::field::authorization, "Bearer " + token_->reveal());
  if (post) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(body);
    req.prepare_payload();
  }

  net::io_context io;
  std::exception_ptr failure;
  net::co_spawn(io, run_exchange(endpoint_, timeout_, x),
                [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);  // a bug here, not a network failure

  if (!x.connected) {
    // A name that does not resolve is a config problem, not a stopped gateway.
    if (x.error.category() == net::error::get_netdb_category() ||
        x.error.category() == net::error::get_addrinfo_category()) {
      return AdminError{AdminError::Failed,
                        "cannot resolve " + endpoint_.host + ": " + x.error.message()};
    }
    return AdminError{AdminError::NotReachable, x.error.message()};
  }
  if (x.error) {
    if (x.error == beast::error::timeout) {
      return AdminError{AdminError::Failed, "no answer from " + endpoint_.display() + " within " +
                                                format_duration(timeout_)};
    }
    return AdminError{AdminError::Failed,
                      "talking to " + endpoint_.display() + ": " + x.error.message()};
  }
  return AdminResponse{x.response.result_int(), std::move(x.response.body())};
}

}  // namespace sb::cli
