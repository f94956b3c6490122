#include "providers/anthropic.h"

#include "providers/upstream_request.h"

namespace sb {

namespace {

void authorize(http::request<http::string_body>& req, const AccountConfig& account) {
  req.set("anthropic-version", kAnthropicVersion);
  sb::authorize(req, account, "x-api-key");
}

}  // namespace

http::request<http::string_body> build_anthropic_request(const AccountConfig& account,
                                                         const UpstreamUrl& url,
                                                         std::string body, bool stream) {
  auto req = json_post(url, "/v1/messages", std::move(body), stream);
  authorize(req, account);
  return req;
}

http::request<http::string_body> build_anthropic_probe_request(const AccountConfig& account,
                                                               const UpstreamUrl& url) {
  auto req = json_get(url, "/v1/models");
  authorize(req, account);
  return req;
}

}  // namespace sb
