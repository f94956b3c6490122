#include "http/models_endpoint.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "catalog/deployment_model.h"
#include "catalog/model_query.h"

namespace sb {

namespace json = boost::json;

std::string models_list_json(const Config& config) {
  json::array data;
  for (const auto& group : config.groups) {
    json::array members;
    // A request too long for one member's window skips it, so the group takes the largest.
    std::optional<std::int64_t> widest;
    for (const auto& d : group.deployments) {
      members.emplace_back(d.id());
      const auto model = deployment_model(config, d);
      if (model && model->context_window) {
        widest = std::max(widest.value_or(0), *model->context_window);
      }
    }
    json::object meta{{"kind", "group"}, {"deployments", std::move(members)}};
    if (config.default_group && *config.default_group == group.name) meta["default"] = true;
    json::object entry{
        {"id", group.name}, {"object", "model"}, {"created", 0}, {"owned_by", "switchboard"}};
    if (widest) entry["context_window"] = *widest;
    entry["switchboard"] = std::move(meta);
    data.emplace_back(std::move(entry));
  }
  std::set<std::string> seen;
  for (const auto& group : config.groups) {
    for (const auto& d : group.deployments) {
      if (!seen.insert(d.id()).second) continue;
      json::object meta{{"kind", "deployment"}, {"account", d.account}, {"model", d.model}};
      if (const auto* account = config.find_account(d.account)) {
        meta["provider"] = std::string(to_string(account->type));
      }
      json::object entry{
          {"id", d.id()}, {"object", "model"}, {"created", 0}, {"owned_by", d.account}};
      if (const auto model = deployment_model(config, d)) {
        for (auto& [key, value] : model_facts_json(*model)) entry[key] = value;
      }
      entry["switchboard"] = std::move(meta);
      data.emplace_back(std::move(entry));
    }
  }
  return json::serialize(json::object{{"object", "list"}, {"data", std::move(data)}});
}

}  // namespace sb
