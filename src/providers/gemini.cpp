#include "providers/gemini.h"

#include <fmt/format.h>

#include "core/ascii.h"
#include "providers/upstream_request.h"

namespace sb {

namespace {

// A model id as one path segment: RFC 3986 pchars stay (ids use letters, digits, `-`, `.`), the
// rest is percent-encoded, so an odd id can never reach another path.
std::string path_segment(std::string_view id) {
  static constexpr std::string_view kKept = "-._~!$&'()*+,;=:@";
  std::string out;
  for (const char c : id) {
    if (is_alnum(c) || kKept.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

void authorize(http::request<http::string_body>& req, const AccountConfig& account) {
  sb::authorize(req, account, "x-goog-api-key");
}

}  // namespace

http::request<http::string_body> gemini_http_request(const AccountConfig& account,
                                                      const UpstreamUrl& url,
                                                      std::string_view model, std::string body,
                                                      bool stream) {
  const std::string path =
      fmt::format("/v1beta/models/{}:{}", path_segment(model),
                  stream ? "streamGenerateContent?alt=sse" : "generateContent");
  auto req = json_post(url, path, std::move(body), stream);
  authorize(req, account);
  return req;
}

http::request<http::string_body> gemini_probe_request(const AccountConfig& account,
                                                      const UpstreamUrl& url) {
  auto req = json_get(url, "/v1beta/models");
  authorize(req, account);
  return req;
}

}  // namespace sb
