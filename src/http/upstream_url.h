// An upstream's address as the pool keys it (scheme, host, port) plus the path prefix of the
// account's base_url, parsed once per request from the configured string.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace sb {

struct Origin {
  bool tls = false;
  std::string host;
  std::string port;
  std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
  // The Host header value: the port only when it is not the scheme's default.
  std::string host_header() const;
};

struct UpstreamUrl {
  Origin origin;
  std::string base_path;  // never ends in '/'; "" for a bare host
};

Result<UpstreamUrl> parse_base_url(std::string_view url);

}  // namespace sb
