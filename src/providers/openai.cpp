#include "providers/openai.h"

#include "providers/upstream_request.h"

namespace sb {

http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url,
                                                           std::string body, bool stream) {
  auto req = json_post(url, "/chat/completions", std::move(body), stream);
  if (account.api_key && !account.api_key->empty()) {
    req.set(http::field::authorization, "Bearer " + account.api_key->reveal());
  }
  add_account_headers(req, account);
  return req;
}

}  // namespace sb
