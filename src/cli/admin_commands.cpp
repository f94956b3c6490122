// The admin verbs (see admin_commands.h). Each one is: validate against the config, try the
// admin API (at server.listen, else where a running gateway recorded itself in the state store),
// and on NotReachable fall back to the state store. The fallback runs only when the
// connect itself failed, so the CLI never writes a store that a live gateway holds open.
#include "cli/admin_commands.h"

#include <boost/json.hpp>
#include <filesystem>

#include "cli/admin_client.h"
#include "cli/exit_code.h"
#include "cli/status_view.h"
#include "store/sqlite.h"
#include "store/state_store.h"

namespace sb::cli {

namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix = "switchboard: ";
// How much of an error answer that is not an OpenAI-style error body is worth showing.
constexpr std::size_t kBodySnippet = 200;

template <class Items, class Name>
std::string list_names(const Items& items, Name name) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + name(item);
  return out;
}

bool check_group(const Config& config, const std::string& group, std::ostream& err) {
  if (config.find_group(group)) return true;
  err << kPrefix << "unknown group \"" << group << "\" ";
  if (config.groups.empty()) {
    err << "(the config has no groups)\n";
  } else {
    err << "(configured groups: "
        << list_names(config.groups, [](const GroupConfig& g) { return g.name; }) << ")\n";
  }
  return false;
}

bool check_deployment(const Config& config, const std::string& text, std::ostream& err) {
  auto d = parse_deployment(text);
  if (!d) {
    err << kPrefix << "\"" << text
        << "\" is not a deployment: write ACCOUNT/MODEL, e.g. openai/gpt-5\n";
    return false;
  }
  if (config.has_deployment(*d)) return true;
  if (!config.find_account(d->account)) {
    err << kPrefix << "unknown account \"" << d->account << "\" in \"" << text << "\" ";
    if (config.accounts.empty()) {
      err << "(the config has no accounts)\n";
    } else {
      err << "(configured accounts: "
          << list_names(config.accounts, [](const AccountConfig& a) { return a.name; })
          << ")\n";
    }
    return false;
  }
  // A pin must name a deployment some group lists: a typo in a model would take the group over.
  err << kPrefix << "\"" << text << "\" is not a deployment of any group\n";
  return false;
}

// The server's error.message when the body is an OpenAI-style error, else a piece of the body.
std::string answer_message(const AdminResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (!ec) {
    if (const auto* error = v.is_object() ? v.as_object().if_contains("error") : nullptr) {
      if (const auto* obj = error->if_object()) {
        if (const auto* m = obj->if_contains("message"); m && m->is_string()) {
          return std::string(m->get_string());
        }
      }
    }
  }
  std::string body = r.body.substr(0, kBodySnippet);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  return body.empty() ? "HTTP " + std::to_string(r.status)
                      : "HTTP " + std::to_string(r.status) + ": " + body;
}

int report_answer(const AdminClient& client, const AdminResponse& r, std::ostream& err) {
  if (r.status == 401) {
    err << kPrefix << "the gateway at " << client.endpoint().display()
        << " refused the admin token ("
        << (client.has_token()
                ? "set server.admin_token to the token that gateway was started with"
                : "it requires one: set server.admin_token, e.g. env:SWITCHBOARD_ADMIN_TOKEN")
        << ")\n";
    return kFailure;
  }
  err << kPrefix << "the gateway answered " << r.status << ": " << answer_message(r) << "\n";
  return kFailure;
}

int report_failure(const AdminError& e, std::ostream& err) {
  err << kPrefix << e.message << "\n";
  return kFailure;
}

std::string not_running(const AdminClient& client) {
  return "gateway not running at " + client.endpoint().display();
}

// The gateway's admin API: at the config's server.listen, or, when nothing answers there, at
// the address a running gateway recorded in the state store (one started with `--listen`).
AdminClient find_gateway(const Config& config, std::chrono::milliseconds timeout) {
  auto client = AdminClient::from_config(config, timeout);
  const auto path = state_path_of(config);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return client;  // only look: never create a store
  std::optional<std::string> recorded;
  try {
    recorded = StateStore::open(path)->get_meta(kMetaEndpoint);
  } catch (const StoreError&) {
    return client;  // the verbs that need the store say why it cannot be used
  }
  if (!recorded || *recorded == client.endpoint().display()) return client;
  if (client.get("/healthz")) return client;  // something answers where the config says
  try {
    AdminClient there(admin_endpoint(*recorded), config.server.admin_token, timeout);
    if (there.get("/healthz")) return there;
  } catch (const std::invalid_argument&) {
  }
  return client;
}

// Runs `change` on the opened store and says where the change went; a store that cannot be
// opened or written is a run-time failure.
template <class Change>
int change_offline(const Config& config, const AdminClient& client, std::ostream& out,
                   std::ostream& err, Change change) {
  const auto path = state_path_of(config);
  try {
    auto store = StateStore::open(path);
    out << change(*store);
  } catch (const StoreError& e) {
    err << kPrefix << not_running(client) << ", and the state store " << path
        << " cannot be written: " << e.what() << "\n";
    return kFailure;
  }
  out << not_running(client) << "; saved to the state store, takes effect when it starts\n";
  return kOk;
}

std::string cleared_text(std::int64_t n) {
  return "cleared " + std::to_string(n) + (n == 1 ? " cooldown\n" : " cooldowns\n");
}

StoredState read_stored_state(const std::string& path, SysTime now) {
  StoredState stored;
  stored.store_path = path;
  // `status` only looks: it must not create a database as a side effect.
  std::error_code ec;
  stored.store_exists = std::filesystem::exists(path, ec) || ec;  // unreadable: let open() say why
  if (!stored.store_exists) return stored;
  auto store = StateStore::open(path);
  stored.default_group = store->get_meta(kMetaDefaultGroup);
  stored.pins = store->load_pins();
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  for (auto& c : store->load_cooldowns()) {
    if (c.until_unix_ms > now_ms) stored.cooldowns.push_back(std::move(c));
  }
  return stored;
}

int status_offline(const Config& config, const AdminClient& client, bool as_json, std::ostream& out,
                   std::ostream& err) {
  err << not_running(client) << "\n";
  const auto now = std::chrono::system_clock::now();
  StoredState stored;
  try {
    stored = read_stored_state(state_path_of(config), now);
  } catch (const StoreError& e) {
    err << kPrefix << "cannot read the state store " << state_path_of(config) << ": " << e.what()
        << "\n";
    return kFailure;
  }
  if (as_json) {
    out << json::serialize(stored_state_json(config, stored, client.endpoint().display())) << "\n";
  } else {
    out << render_stored_state(config, stored, now);
  }
  return kFailure;
}

}  // namespace

int run_status(const Config& config, bool as_json, std::ostream& out, std::ostream& err,
               const AdminOptions& options) {
  const auto client = find_gateway(config, options.timeout);
  auto answer = client.get("/admin/status");
  if (!answer) {
    if (answer.error().kind == AdminError::NotReachable) {
      return status_offline(config, client, as_json, out, err);
    }
    return report_failure(answer.error(), err);
  }
  if (answer->status != 200) return report_answer(client, *answer, err);

  if (as_json) {
    out << answer->body;
    if (answer->body.empty() || answer->body.back() != '\n') out << "\n";
    return kOk;
  }
  boost::system::error_code ec;
  auto status = json::parse(answer->body, ec);
  if (ec) {
    err << kPrefix << "the gateway's status answer is not JSON: " << ec.message() << "\n";
    return kFailure;
  }
  out << render_status(status, std::chrono::system_clock::now());
  return kOk;
}

int run_use(const Config& config, const std::string& group,
            const std::optional<std::string>& deployment, bool clear, std::ostream& out,
            std::ostream& err, const AdminOptions& options) {
  if (clear && deployment) {
    err << kPrefix << "--clear removes the group's pin and takes no DEPLOYMENT\n";
    return kUsage;
  }
  if (!check_group(config, group, err)) return kUsage;
  if (deployment && !check_deployment(config, *deployment, err)) return kUsage;

  std::string done;
  json::object body{{"group", group}};
  if (deployment) {
    body["deployment"] = *deployment;
    done = group + " now tries " + *deployment + " first\n";
  } else if (clear) {
    body["clear"] = true;
    done = group + " has no pin: it tries its deployments in config order\n";
  } else {
    done = "default group is now " + group + "\n";
  }

  const auto client = find_gateway(config, options.timeout);
  auto answer = client.post("/admin/use", json::serialize(body));
  if (!answer) {
    if (answer.error().kind != AdminError::NotReachable) {
      return report_failure(answer.error(), err);
    }
    return change_offline(config, client, out, err, [&](StateStore& store) {
      if (deployment) {
        store.set_pin(group, *deployment);
      } else if (clear) {
        if (!store.delete_pin(group)) return group + " had no pin\n";
      } else {
        store.set_meta(kMetaDefaultGroup, group);
      }
      return done;
    });
  }
  if (answer->status != 200) return report_answer(client, *answer, err);
  out << done;
  return kOk;
}

int run_cooldowns_clear(const Config& config, const std::optional<std::string>& deployment,
                        std::ostream& out, std::ostream& err, const AdminOptions& options) {
  if (deployment && !check_deployment(config, *deployment, err)) return kUsage;

  json::object body;
  if (deployment) body["deployment"] = *deployment;
  const auto client = find_gateway(config, options.timeout);
  auto answer = client.post("/admin/cooldowns/clear", json::serialize(body));
  if (!answer) {
    if (answer.error().kind != AdminError::NotReachable) {
      return report_failure(answer.error(), err);
    }
    return change_offline(config, client, out, err, [&](StateStore& store) {
      const std::int64_t n =
          deployment ? (store.delete_cooldown(*deployment) ? 1 : 0) : store.delete_all_cooldowns();
      return cleared_text(n);
    });
  }
  if (answer->status != 200) return report_answer(client, *answer, err);

  boost::system::error_code ec;
  auto v = json::parse(answer->body, ec);
  const auto* cleared = !ec && v.is_object() ? v.as_object().if_contains("cleared") : nullptr;
  if (cleared && (cleared->is_int64() || cleared->is_uint64())) {
    out << cleared_text(cleared->to_number<std::int64_t>());
  } else {
    out << "cooldowns cleared\n";
  }
  return kOk;
}

}  // namespace sb::cli
