// The model catalog: data/catalog.json (made by scripts/gen-catalog from public model data),
// compiled into the binary, parsed once on first use. Entries are keyed by (provider, model id):
// the same model costs differently at different providers, and the ids differ too.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/model_info.h"
#include "config/config.h"
#include "core/error.h"

namespace sb {

class Catalog {
 public:
  // The built-in catalog. The data is part of the build and checked by its tests, so a parse
  // failure here is a defect: it throws std::logic_error.
  static const Catalog& builtin();
  // A catalog in data/catalog.json's shape; an InvalidRequest error naming the entry at fault.
  static Result<Catalog> parse(std::string_view json_text);

  explicit Catalog(std::vector<ModelInfo> models);
  const ModelInfo* find(std::string_view provider, std::string_view id) const;
  const std::vector<ModelInfo>& models() const { return models_; }

 private:
  std::vector<ModelInfo> models_;
  // Lookups by string_view, without building a key on the request path.
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  template <class V>
  using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
  Map<Map<std::size_t>> index_;  // provider -> id -> index in models_
};

// The catalog provider whose prices apply to an account: its type's own (anthropic, openai,
// google), or for `openai-compatible`, the known host its base_url names (api.mistral.ai,
// api.deepseek.com, api.x.ai, api.groq.com, ...), else `local`: an Ollama, vLLM or llama.cpp
// server, whose models are free to run.
std::string_view catalog_provider(const AccountConfig& account);

}  // namespace sb
