// The CLI's way to a running gateway's admin API (SPEC §6: verbs that talk to a running server
// find it through the config's server.listen and admin_token). One blocking request at a time on
// a private io_context, bounded by one overall timeout, so a verb never hangs on a wedged server.
//
// The distinction that matters to the caller is whether anything is listening. NotReachable
// means the TCP connect itself failed (refused, or no answer within the timeout): nobody owns the
// state store, so `use` and `cooldowns clear` may write it directly. Once a connection is made,
// every later failure (a timeout waiting for the answer included) is Failed: something is
// there, and writing behind its back would be wrong.
//
// The admin token goes only into the Authorization header, and only when one is configured; it
// is never part of an error message.
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace sb::cli {

// Where the admin API is reached: server.listen with a wildcard bind address turned into the
// loopback address of the same family (0.0.0.0 -> 127.0.0.1, :: -> ::1).
struct AdminEndpoint {
  std::string host;  // a name or an address; IPv6 without brackets
  std::uint16_t port = 0;
  std::string display() const;  // "127.0.0.1:8787", "[::1]:8787"
};

// Throws std::invalid_argument for a malformed listen value (a loaded config never has one).
AdminEndpoint admin_endpoint(const std::string& listen);

struct AdminResponse {
  unsigned status = 0;
  std::string body;
};

struct AdminError {
  enum Kind { NotReachable, Failed };
  Kind kind = Failed;
  std::string message;  // for a human, e.g. "Connection refused"; never holds the token
};

// Lets AdminResult::value() throw, as boost::system::result requires of a custom error type.
[[noreturn]] void throw_exception_from_error(const AdminError& e,
                                             const boost::source_location& loc);

using AdminResult = boost::system::result<AdminResponse, AdminError>;

class AdminClient {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

  AdminClient(AdminEndpoint endpoint, std::optional<Secret> token,
              std::chrono::milliseconds timeout = kDefaultTimeout);
  // server.listen and server.admin_token of the config. Throws like admin_endpoint().
  static AdminClient from_config(const Config& config,
                                 std::chrono::milliseconds timeout = kDefaultTimeout);

  AdminResult get(std::string_view target) const;
  // `json_body` is sent as application/json.
  AdminResult post(std::string_view target, std::string_view json_body) const;

  const AdminEndpoint& endpoint() const { return endpoint_; }
  bool has_token() const { return token_.has_value(); }

 private:
  AdminResult exchange(bool post, std::string_view target, std::string_view body) const;

  AdminEndpoint endpoint_;
  std::optional<Secret> token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sb::cli
