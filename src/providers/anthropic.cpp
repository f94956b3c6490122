#include "providers/anthropic.h"

#include "providers/upstream_request.h"

namespace sb {

http::request<http::string_body> build_anthropic_request(const AccountConfig& account,
                                                         const UpstreamUrl& url,
                                                         std::string body, bool stream) {
  auto req = json_post(url, "/v1/messages", std::move(body), stream);
  if (account.api_key && !account.api_key->empty()) {
    req.set("x-api-key", account.api_key->reveal());
  }
  req.set("anthropic-version", kAnthropicVersion);
  add_account_headers(req, account);
  return req;
}

}  // namespace sb
