#include "providers/openai.h"

namespace sb {

http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url,
                                                           std::string body, bool stream) {
  http::request<http::string_body> req{http::verb::post, url.base_path + "/chat/completions", 11};
  req.set(http::field::host, url.origin.host_header());
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, stream ? "text/event-stream" : "application/json");
  // Identity encoding: the gateway reads streams as they pass (events, usage, errors).
  req.set(http::field::accept_encoding, "identity");
  req.set(http::field::user_agent, "switchboard/" SWITCHBOARD_VERSION);
  if (account.api_key && !account.api_key->empty()) {
    req.set(http::field::authorization, "Bearer " + account.api_key->reveal());
  }
  for (const auto& [name, value] : account.headers) req.set(name, value);
  req.body() = std::move(body);
  req.keep_alive(true);
  return req;
}

}  // namespace sb
