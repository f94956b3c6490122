#include "http/upstream_url.h"

#include <boost/url/parse.hpp>

namespace sb {

std::string Origin::host_header() const {
  bool default_port = (tls && port == "443") || (!tls && port == "80");
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

Result<UpstreamUrl> parse_base_url(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    return make_error(ErrorKind::Internal, "invalid upstream base_url: " + std::string(text));
  }
  const auto& u = *parsed;
  UpstreamUrl out;
  if (u.scheme() == "https") {
    out.origin.tls = true;
  } else if (u.scheme() != "http") {
    return make_error(ErrorKind::Internal, "upstream base_url must be http or https");
  }
  out.origin.host = std::string(u.host_address());
  out.origin.port = u.has_port() ? std::string(u.port()) : (out.origin.tls ? "443" : "80");
  out.base_path = std::string(u.encoded_path());
  while (!out.base_path.empty() && out.base_path.back() == '/') out.base_path.pop_back();
  return out;
}

}  // namespace sb
