#include "http/models_endpoint.h"

#include <boost/json.hpp>

#include <set>

namespace sb {

namespace json = boost::json;

std::string models_list_json(const Config& config) {
  json::array data;
  for (const auto& group : config.groups) {
    json::array members;
    for (const auto& d : group.deployments) members.emplace_back(d.id());
    json::object meta{{"kind", "group"}, {"deployments", std::move(members)}};
    if (config.default_group && *config.default_group == group.name) meta["default"] = true;
    data.emplace_back(json::object{{"id", group.name},
                                   {"object", "model"},
                                   {"created", 0},
                                   {"owned_by", "switchboard"},
                                   {"switchboard", std::move(meta)}});
  }
  std::set<std::string> seen;
  for (const auto& group : config.groups) {
    for (const auto& d : group.deployments) {
      if (!seen.insert(d.id()).second) continue;
      json::object meta{{"kind", "deployment"}, {"account", d.account}, {"model", d.model}};
      if (const auto* account = config.find_account(d.account)) {
        meta["provider"] = std::string(to_string(account->type));
      }
      data.emplace_back(json::object{{"id", d.id()},
                                     {"object", "model"},
                                     {"created", 0},
                                     {"owned_by", d.account},
                                     {"switchboard", std::move(meta)}});
    }
  }
  return json::serialize(json::object{{"object", "list"}, {"data", std::move(data)}});
}

}  // namespace sb
