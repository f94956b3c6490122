#include "providers/openai.h"

#include "core/ascii.h"
#include "providers/upstream_request.h"

namespace sb {

namespace {

http::request<http::string_body> openai_post(const AccountConfig& account, const UpstreamUrl& url,
                                             std::string_view path, std::string body, bool stream) {
  auto req = json_post(url, path, std::move(body), stream);
  if (account.api_key && !account.api_key->empty()) {
    req.set(http::field::authorization, "Bearer " + account.api_key->reveal());
  }
  add_account_headers(req, account);
  return req;
}

}  // namespace

CallIdRule call_id_rule(const AccountConfig& account, const UpstreamUrl& url) {
  if (account.type == ProviderType::OpenAI) return CallIdRule::AtMost40;
  if (ascii_iequals(url.origin.host, "api.mistral.ai")) return CallIdRule::NineAlphanum;
  return CallIdRule::Any;
}

http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url, std::string body,
                                                           bool stream,
                                                           std::size_t longest_call_id) {
  const CallIdRule rule = call_id_rule(account, url);
  if (may_need_fitting(rule, longest_call_id)) body = fit_chat_call_ids(std::move(body), rule);
  return openai_post(account, url, "/chat/completions", std::move(body), stream);
}

http::request<http::string_body> build_openai_responses_request(const AccountConfig& account,
                                                                const UpstreamUrl& url,
                                                                std::string body, bool stream) {
  return openai_post(account, url, "/responses", std::move(body), stream);
}

}  // namespace sb
