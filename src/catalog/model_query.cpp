#include "catalog/model_query.h"

#include <boost/json.hpp>
#include <set>

#include "catalog/deployment_model.h"
#include "core/ascii.h"

namespace sb {

namespace json = boost::json;

namespace {

std::optional<bool> capability(const ModelInfo& m, std::string_view name) {
  if (name == "tools") return m.tools;
  if (name == "vision") return m.vision;
  if (name == "reasoning") return m.reasoning;
  return std::nullopt;
}

bool matches(const ModelRow& row, const ModelQuery& q) {
  const ModelInfo& m = row.model;
  if (q.provider && !ascii_iequals(*q.provider, m.provider) &&
      !(row.deployment && ascii_iequals(*q.provider, row.deployment->account))) {
    return false;
  }
  for (const auto& name : q.capabilities) {
    if (capability(m, name) != true) return false;
  }
  if (q.max_input_price && !(m.price && m.price->input <= *q.max_input_price)) return false;
  if (q.min_context && !(m.context_window && *m.context_window >= *q.min_context)) return false;
  return true;
}

}  // namespace

std::vector<ModelRow> query_models(const Catalog& catalog, const Config& config,
                                   const ModelQuery& query) {
  std::vector<ModelRow> rows;
  for (const ModelInfo& m : catalog.models()) {
    ModelRow row{m, std::nullopt};
    if (matches(row, query)) rows.push_back(std::move(row));
  }
  std::set<std::string> seen;
  for (const auto& group : config.groups) {
    for (const auto& d : group.deployments) {
      const DeploymentModel model = deployment_model(config, d, catalog);
      if (!model.from_config() || !seen.insert(d.id()).second) continue;
      ModelRow row{*model, d};
      if (matches(row, query)) rows.push_back(std::move(row));
    }
  }
  return rows;
}

json::object model_facts_json(const ModelInfo& m) {
  json::object o;
  if (m.context_window) o["context_window"] = *m.context_window;
  if (m.max_output) o["max_output"] = *m.max_output;
  if (m.price) {
    o["price"] = json::object{{"input", m.price->input},
                              {"output", m.price->output},
                              {"cache_read", m.price->cache_read},
                              {"cache_write", m.price->cache_write}};
  }
  for (const char* name : {"tools", "vision", "reasoning"}) {
    if (const auto known = capability(m, name)) o[name] = *known;
  }
  return o;
}

}  // namespace sb
