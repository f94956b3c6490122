#include "providers/upstream_request.h"

namespace sb {

void authorize(http::request<http::string_body>& req, const AccountConfig& account,
               std::string_view header, std::string_view prefix) {
  if (account.api_key && !account.api_key->empty()) {
    req.set(header, std::string(prefix) + account.api_key->reveal());
  }
  add_account_headers(req, account);
}

http::request<http::string_body> json_get(const UpstreamUrl& url, std::string_view path) {
  http::request<http::string_body> req{http::verb::get, url.base_path + std::string(path), 11};
  req.set(http::field::host, url.origin.host_header());
  req.set(http::field::accept, "application/json");
  req.set(http::field::accept_encoding, "identity");
  req.set(http::field::user_agent, "switchboard/" SWITCHBOARD_VERSION);
  req.keep_alive(true);
  return req;
}

http::request<http::string_body> json_post(const UpstreamUrl& url, std::string_view path,
                                           std::string body, bool stream) {
  http::request<http::string_body> req{http::verb::post, url.base_path + std::string(path), 11};
  req.set(http::field::host, url.origin.host_header());
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, stream ? "text/event-stream" : "application/json");
  req.set(http::field::accept_encoding, "identity");
  req.set(http::field::user_agent, "switchboard/" SWITCHBOARD_VERSION);
  req.body() = std::move(body);
  req.keep_alive(true);
  return req;
}

void add_account_headers(http::request<http::string_body>& req, const AccountConfig& account) {
  for (const auto& [name, value] : account.headers) req.set(name, value);
}

}  // namespace sb
