#include "catalog/catalog.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "providers/json_fields.h"

namespace sb {

extern const std::string_view kBuiltinCatalogJson;  // catalog_data.cpp, generated

namespace json = boost::json;

namespace {

std::optional<std::int64_t> positive_count(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->as_int64() <= 0) return std::nullopt;
  return v->as_int64();
}

std::optional<bool> flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

std::optional<double> price_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  const double price = v->to_number<double>();
  if (price < 0) return std::nullopt;
  return price;
}

Result<ModelInfo> read_entry(const json::value& item, std::size_t i) {
  const std::string where = fmt::format("models[{}]", i);
  const json::object* o = item.if_object();
  if (!o) return invalid_request("a catalog entry must be an object", where);
  ModelInfo m;
  for (auto [key, target] : {std::pair{"provider", &m.provider}, {"id", &m.id}}) {
    const json::string* s = string_at(*o, key);
    if (!s || s->empty()) return invalid_request(fmt::format("`{}` is required", key), where);
    *target = std::string(*s);
  }
  m.name = text_field(*o, "name");
  m.context_window = positive_count(*o, "context_window");
  m.max_output = positive_count(*o, "max_output");
  if (const json::object* price = object_field(*o, "price")) {
    ModelPrice p;
    for (auto [key, target] : {std::pair{"input", &p.input},
                               {"output", &p.output},
                               {"cache_read", &p.cache_read},
                               {"cache_write", &p.cache_write}}) {
      auto value = price_field(*price, key);
      if (!value) {
        return invalid_request(fmt::format("price.{} must be a number of at least 0", key), where);
      }
      *target = *value;
    }
    m.price = p;
  }
  m.tools = flag(*o, "tools");
  m.vision = flag(*o, "vision");
  m.reasoning = flag(*o, "reasoning");
  return m;
}

// The host of an http(s) URL, by plain string work: this runs on the request path, and the
// config loader has already checked the URL.
std::string_view url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) url.remove_prefix(scheme_end + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (!url.empty() && url.front() == '[') return url.substr(0, url.find(']') + 1);
  return url.substr(0, url.find(':'));
}

}  // namespace

Catalog::Catalog(std::vector<ModelInfo> models) : models_(std::move(models)) {
  // The first entry of a (provider, id) pair wins (the generator refuses duplicates).
  for (std::size_t i = 0; i < models_.size(); ++i) {
    index_[models_[i].provider].emplace(models_[i].id, i);
  }
}

Result<Catalog> Catalog::parse(std::string_view json_text) {
  auto root = parse_object(json_text);
  if (!root) return invalid_request("the catalog is not a JSON object", "");
  auto items = required_array(*root, "models");
  if (!items) return items.error();
  std::vector<ModelInfo> models;
  models.reserve((*items)->size());
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    auto entry = read_entry((**items)[i], i);
    if (!entry) return entry.error();
    models.push_back(std::move(*entry));
  }
  return Catalog(std::move(models));
}

const Catalog& Catalog::builtin() {
  static const Catalog kBuiltin = [] {
    auto parsed = parse(kBuiltinCatalogJson);
    if (!parsed) {
      throw std::logic_error("the built-in model catalog is invalid: " + parsed.error().message +
                             " at " + parsed.error().param);
    }
    return std::move(*parsed);
  }();
  return kBuiltin;
}

const ModelInfo* Catalog::find(std::string_view provider, std::string_view id) const {
  const auto ids = index_.find(provider);
  if (ids == index_.end()) return nullptr;
  const auto it = ids->second.find(id);
  return it == ids->second.end() ? nullptr : &models_[it->second];
}

std::string_view catalog_provider(const AccountConfig& account) {
  switch (account.type) {
    case ProviderType::Anthropic: return "anthropic";
    case ProviderType::OpenAI: return "openai";
    case ProviderType::Gemini: return "google";
    case ProviderType::OpenAICompatible: break;
  }
  // Hosts whose own OpenAI-compatible endpoints bill at their own prices.
  static constexpr std::pair<std::string_view, std::string_view> kHosts[] = {
      {"api.openai.com", "openai"},
      {"api.anthropic.com", "anthropic"},
      {"generativelanguage.googleapis.com", "google"},
      {"api.mistral.ai", "mistral"},
      {"api.deepseek.com", "deepseek"},
      {"api.x.ai", "xai"},
      {"api.groq.com", "groq"},
  };
  const std::string_view host = url_host(account.base_url);
  for (const auto& [known, provider] : kHosts) {
    if (host == known) return provider;
  }
  return "local";
}

}  // namespace sb
