// A small blocking HTTP/1.1 client for integration tests (of the fake provider and of the gateway):
// real sockets, arbitrary methods and headers, one overall timeout per exchange, and a faithful
// record of how the body arrived. Each HTTP chunk of a chunked body becomes one Piece stamped with
// its arrival time (for an unchunked body, one Piece per socket read), so a test can prove that
// stream events arrive while the response is still open, spread by a pace, or cut short.
//
// Nothing here throws on a network or protocol failure: the Response says how far the exchange
// got (status 0 = no response header; complete = false = the body ended early) and why (`error`,
// e.g. beast::error::timeout or http::error::partial_message). Each call runs its own private
// io_context on the calling thread, so the helper is safe to use from any test thread.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::test {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Clock = std::chrono::steady_clock;

struct Piece {
  std::string data;
  Clock::time_point at;
};

struct Response {
  unsigned status = 0;              // 0 when no response header arrived
  Headers headers;                  // as received, in order
  std::string body;                 // every body byte received, also when cut short
  std::vector<Piece> pieces;        // the body as it arrived (one per chunk when chunked)
  bool complete = false;            // the body ended where its framing said it would
  bool keep_alive = false;          // the server left the connection open for another request
  boost::system::error_code error;  // why the exchange ended early; empty when complete
  Clock::time_point sent_at{}, headers_at{}, done_at{};

  std::string header(std::string_view name) const;  // case-insensitive; "" when absent
  bool has_header(std::string_view name) const;
  // The body's SSE `data:` payloads in order (multi-line data joined by LF).
  std::vector<std::string> sse_data() const;
  // The body parsed as JSON; null when it is not JSON.
  boost::json::value json() const;
};

struct RequestOptions {
  std::chrono::milliseconds timeout{5000};  // for the whole exchange, connect included
  // Called as each Piece arrives; return false to close the connection there (the Response
  // then has error == net::error::operation_aborted). Lets a test hang up mid-stream.
  std::function<bool(const Piece&)> on_piece = nullptr;
};

// The `data:` payloads of an SSE text, in order.
std::vector<std::string> sse_data(std::string_view text);

namespace detail {
struct ConnectionState;
}

// A keep-alive connection: requests go out one after another on the same socket, which is
// (re)opened on demand when the previous exchange closed it. Not thread-safe.
class Connection {
 public:
  explicit Connection(std::uint16_t port, std::string host = "127.0.0.1");
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A Content-Type of application/json is added when there is a body and none is given, and a
  // Content-Length matching the body unless the headers set Content-Length or Transfer-Encoding
  // themselves (so a test can announce a body it never sends).
  Response request(std::string_view method, std::string_view target, std::string_view body = {},
                   const Headers& headers = {}, const RequestOptions& options = {});
  bool is_open() const;
  // How many TCP connections this object has opened so far.
  unsigned connects() const;
  void close();

 private:
  std::unique_ptr<detail::ConnectionState> impl_;
};

// One request on a fresh connection, closed afterwards.
Response request(std::uint16_t port, std::string_view method, std::string_view target,
                 std::string_view body = {}, const Headers& headers = {},
                 const RequestOptions& options = {}, const std::string& host = "127.0.0.1");

}  // namespace sb::test
