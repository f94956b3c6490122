// Writes one response to a client connection, either whole or as a chunked stream, each write
// bounded by the client timeout so a client that stops reading cannot hold the session forever.
// Remembers whether anything reached the client (committed): after that, failover is over and a
// failure can only be reported inside the stream.
#pragma once

#include <string_view>

#include "config/config.h"
#include "core/net.h"

namespace sb {

class ResponseWriter {
 public:
  ResponseWriter(beast::tcp_stream& stream, Duration write_timeout, unsigned http_version,
                 bool keep_alive)
      : stream_(stream), timeout_(write_timeout), version_(http_version), keep_alive_(keep_alive) {}

  unsigned version() const { return version_; }
  bool keep_alive() const { return keep_alive_ && !failed_; }
  void disable_keep_alive() { keep_alive_ = false; }
  bool committed() const { return committed_; }
  // The status of the response begun, 0 before any.
  unsigned status() const { return status_; }
  bool failed() const { return failed_; }

  // Sends a complete response; sets its version and keep-alive. False when the client is gone.
  net::awaitable<bool> send(http::response<http::string_body> response);
  // Sends the header of a chunked response; the body follows through write_chunk.
  net::awaitable<bool> begin_stream(http::response<http::empty_body>& head);
  net::awaitable<bool> write_chunk(std::string_view data);
  net::awaitable<bool> end_stream();
  // Ends a chunked response abnormally: the connection is closed without the last chunk, so
  // the client can tell the body is incomplete.
  void abort_stream();

 private:
  beast::tcp_stream& stream_;
  Duration timeout_;
  unsigned version_;
  bool keep_alive_;
  bool committed_ = false;
  unsigned status_ = 0;
  bool failed_ = false;
};

}  // namespace sb
