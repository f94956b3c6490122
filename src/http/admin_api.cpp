#include "http/admin_api.h"

#include <openssl/crypto.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "http/admin_status.h"
#include "http/error_response.h"
#include "http/gateway.h"
#include "http/store_read.h"
#include "store/usage_rows.h"

namespace sb {

namespace json = boost::json;

namespace {

constexpr auto kEventsHeartbeat = std::chrono::seconds(15);

}  // namespace

bool admin_authorized(const Config& config, const HttpRequest& request) {
  if (!config.server.admin_token) return true;
  const std::string& token = config.server.admin_token->reveal();
  const auto it = request.find(http::field::authorization);
  if (it == request.end()) return false;
  const std::string_view value = it->value();
  constexpr std::string_view kBearer = "Bearer ";
  if (value.size() != kBearer.size() + token.size() || !value.starts_with(kBearer)) return false;
  return CRYPTO_memcmp(value.data() + kBearer.size(), token.data(), token.size()) == 0;
}

GatewayError admin_unauthorized() {
  return make_error(ErrorKind::Unauthorized,
                    "the admin API needs `Authorization: Bearer` with server.admin_token", "",
                    "invalid_admin_token");
}

namespace {

http::response<http::string_body> json_ok(const std::string& body, unsigned version) {
  http::response<http::string_body> res{http::status::ok, version};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = body;
  return res;
}

// The request body as a JSON object; an empty body is an empty object.
Result<json::object> body_object(const HttpRequest& request) {
  if (request.body().empty()) return json::object{};
  boost::system::error_code ec;
  json::value v = json::parse(request.body(), ec);
  if (ec || !v.is_object()) {
    return make_error(ErrorKind::InvalidRequest, "the body must be a JSON object");
  }
  return std::move(v.as_object());
}

// A string member, absent, or an error naming it.
Result<std::optional<std::string>> string_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    return make_error(ErrorKind::InvalidRequest, fmt::format("`{}` must be a string", key),
                      std::string(key));
  }
  return std::optional<std::string>{std::string(v->as_string())};
}

Result<std::string> use(Gateway& gateway, const Config& config, const HttpRequest& request) {
  auto body = body_object(request);
  if (!body) return body.error();
  auto group = string_member(*body, "group");
  if (!group) return group.error();
  auto deployment_text = string_member(*body, "deployment");
  if (!deployment_text) return deployment_text.error();
  const auto* clear = body->if_contains("clear");
  if (clear && !clear->is_bool()) {
    return make_error(ErrorKind::InvalidRequest, "`clear` must be true or false", "clear");
  }
  if (!*group) return make_error(ErrorKind::InvalidRequest, "`group` is required", "group");
  if (!config.find_group(**group)) {
    return make_error(ErrorKind::InvalidRequest, fmt::format("no group `{}`", **group), "group");
  }

  Router& router = gateway.router();
  if (clear && clear->as_bool()) {
    router.clear_pin(**group);
  } else if (*deployment_text) {
    const auto deployment = parse_deployment(**deployment_text);
    if (!deployment || !config.has_deployment(*deployment)) {
      return make_error(ErrorKind::InvalidRequest,
                        fmt::format("`{}` is not a deployment of any group in the configuration",
                                    **deployment_text),
                        "deployment");
    }
    router.set_pin(**group, *deployment);
  } else {
    gateway.use_default_group(**group);
  }

  const ConfigPtr now = gateway.config();
  const auto pin = router.pin(**group);
  json::object out;
  out["default_group"] =
      now->default_group ? json::value(*now->default_group) : json::value(nullptr);
  out["group"] = **group;
  out["pin"] = pin ? json::value(pin->id()) : json::value(nullptr);
  return json::serialize(out);
}

Result<std::string> clear_cooldowns(Gateway& gateway, const HttpRequest& request) {
  auto body = body_object(request);
  if (!body) return body.error();
  auto deployment = string_member(*body, "deployment");
  if (!deployment) return deployment.error();
  std::size_t cleared = 0;
  if (*deployment) {
    cleared = gateway.router().clear_cooldown(**deployment) ? 1 : 0;
  } else {
    cleared = gateway.router().clear_all_cooldowns();
  }
  json::object out;
  out["cleared"] = cleared;
  return json::serialize(out);
}

net::awaitable<void> stream_events(Gateway& gateway, Worker& worker, ResponseWriter& out) {
  // Subscribed before the header goes out: a client that saw the header misses nothing after.
  auto subscription = gateway.hub().subscribe(worker.io.get_executor());
  out.disable_keep_alive();
  http::response<http::empty_body> head{http::status::ok, out.version()};
  head.set(http::field::content_type, "text/event-stream");
  head.set(http::field::cache_control, "no-store");
  if (!co_await out.begin_stream(head)) co_return;
  if (!co_await out.write_chunk(": switchboard events\n\n")) co_return;
  for (;;) {
    std::optional<std::string> text = co_await subscription->next(kEventsHeartbeat);
    if (!text) break;
    const std::string_view chunk = text->empty() ? std::string_view(": keep-alive\n\n") : *text;
    if (!co_await out.write_chunk(chunk)) co_return;
  }
  co_await out.end_stream();
}

// GET /admin/usage?since=&until=&by=&format=json|csv: the report `switchboard usage` prints,
// read on the state writer's thread.
net::awaitable<void> usage_report_reply(Gateway& gateway, const HttpRequest& request,
                                        ResponseWriter& out) {
  std::string since, until, by, format = "json";
  const auto target = boost::urls::parse_origin_form(request.target());
  if (!target) {
    co_return (void)co_await send_openai_error(
        out, make_error(ErrorKind::InvalidRequest, "the query string is not valid"));
  }
  for (const auto& param : target->params()) {
    if (param.key == "since") since = param.value;
    else if (param.key == "until") until = param.value;
    else if (param.key == "by") by = param.value;
    else if (param.key == "format") format = param.value;
  }
  if (format != "json" && format != "csv") {
    co_return (void)co_await send_openai_error(
        out, make_error(ErrorKind::InvalidRequest, "format: expected json or csv", "format"));
  }
  const auto now_ms = unix_ms(std::chrono::system_clock::now());
  const auto query = usage_query_from_text(since, until, by, now_ms);
  if (!query) co_return (void)co_await send_openai_error(out, query.error());
  StateWriter* writer = gateway.state_writer();
  if (!writer) {
    co_return (void)co_await send_openai_error(
        out, make_error(ErrorKind::NotFound, "this gateway keeps no state store: no usage"));
  }
  auto read = [asked = *query](StateStore& store) { return usage_report(store, asked); };
  UsageReport report;
  std::string failure;
  try {
    report = co_await read_store<UsageReport>(*writer, std::move(read));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    co_return (void)co_await send_openai_error(
        out, make_error(ErrorKind::Internal, "cannot read the state store: " + failure));
  }
  http::response<http::string_body> res{http::status::ok, out.version()};
  res.set(http::field::cache_control, "no-store");
  if (format == "csv") {
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.body() = usage_report_csv(report);
  } else {
    res.set(http::field::content_type, "application/json");
    res.body() = usage_report_json(report);
  }
  co_await out.send(std::move(res));
}

net::awaitable<void> reply(ResponseWriter& out, const Result<std::string>& result) {
  if (!result) {
    co_await send_openai_error(out, result.error());
    co_return;
  }
  co_await out.send(json_ok(*result, out.version()));
}

}  // namespace

net::awaitable<void> handle_admin(Gateway& gateway, const Config& config, Worker& worker,
                                  HttpRequest& request, ResponseWriter& out) {
  if (!admin_authorized(config, request)) {
    co_return (void)co_await send_openai_error(out, admin_unauthorized());
  }
  const std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const auto method = request.method();
  auto wrong_method = [&](std::string_view want) {
    return make_error(ErrorKind::MethodNotAllowed, fmt::format("use {} for {}", want, path));
  };

  if (path == "/admin/status") {
    if (method != http::verb::get) co_return (void)co_await send_openai_error(out, wrong_method("GET"));
    const auto now_ms = unix_ms(std::chrono::system_clock::now());
    StatusSources sources;
    sources.health = &gateway.observability().health();
    if (gateway.budgets()) sources.budgets = &gateway.budgets()->tracker();
    std::vector<ProbeResult> probes;
    if (gateway.prober()) {
      probes = gateway.prober()->results();
      sources.probes = &probes;
    }
    const std::string body = admin_status_json(config, gateway.router(), sources, now_ms);
    co_return (void)co_await out.send(json_ok(body, out.version()));
  }
  if (path == "/admin/use") {
    if (method != http::verb::post) co_return (void)co_await send_openai_error(out, wrong_method("POST"));
    const auto result = use(gateway, config, request);
    co_return co_await reply(out, result);
  }
  if (path == "/admin/cooldowns/clear") {
    if (method != http::verb::post) co_return (void)co_await send_openai_error(out, wrong_method("POST"));
    const auto result = clear_cooldowns(gateway, request);
    co_return co_await reply(out, result);
  }
  if (path == "/admin/usage") {
    if (method != http::verb::get) co_return (void)co_await send_openai_error(out, wrong_method("GET"));
    co_return co_await usage_report_reply(gateway, request, out);
  }
  if (path == "/admin/events") {
    if (method != http::verb::get) co_return (void)co_await send_openai_error(out, wrong_method("GET"));
    co_return co_await stream_events(gateway, worker, out);
  }
  co_await send_openai_error(
      out, make_error(ErrorKind::NotFound, fmt::format("no admin endpoint {}", path)));
}

}  // namespace sb
