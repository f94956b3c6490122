#include "providers/openai.h"

#include <boost/json.hpp>

#include "core/ascii.h"
#include "providers/upstream_request.h"

namespace sb {

namespace {

namespace json = boost::json;

void authorize(http::request<http::string_body>& req, const AccountConfig& account) {
  sb::authorize(req, account, "authorization", "Bearer ");
}

http::request<http::string_body> openai_post(const AccountConfig& account, const UpstreamUrl& url,
                                             std::string_view path, std::string body, bool stream) {
  auto req = json_post(url, path, std::move(body), stream);
  authorize(req, account);
  return req;
}

bool is_mistral(const UpstreamUrl& url) { return ascii_iequals(url.origin.host, "api.mistral.ai"); }

// Mistral refuses `stream_options` (422 extra_forbidden) and reports a stream's usage in its last
// chunk unasked; the gateway asks for usage on every Chat stream (chat_request.h), so it comes out
// here. Parsed only when the key is there.
std::string without_stream_options(std::string body) {
  if (body.find("\"stream_options\"") == std::string::npos) return body;
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object() || !doc.as_object().erase("stream_options")) return body;
  return json::serialize(doc);
}

}  // namespace

CallIdRule call_id_rule(const AccountConfig& account, const UpstreamUrl& url) {
  if (account.type == ProviderType::OpenAI) return CallIdRule::AtMost40;
  if (is_mistral(url)) return CallIdRule::NineAlphanum;
  return CallIdRule::Any;
}

http::request<http::string_body> build_openai_chat_request(const AccountConfig& account,
                                                           const UpstreamUrl& url, std::string body,
                                                           bool stream,
                                                           std::size_t longest_call_id) {
  const CallIdRule rule = call_id_rule(account, url);
  if (may_need_fitting(rule, longest_call_id)) body = fit_chat_call_ids(std::move(body), rule);
  if (stream && is_mistral(url)) body = without_stream_options(std::move(body));
  return openai_post(account, url, "/chat/completions", std::move(body), stream);
}

http::request<http::string_body> build_openai_probe_request(const AccountConfig& account,
                                                            const UpstreamUrl& url) {
  auto req = json_get(url, "/models");
  authorize(req, account);
  return req;
}

http::request<http::string_body> build_openai_responses_request(const AccountConfig& account,
                                                                const UpstreamUrl& url,
                                                                std::string body, bool stream) {
  return openai_post(account, url, "/responses", std::move(body), stream);
}

}  // namespace sb
