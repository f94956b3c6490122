// What is known of one model: the catalog's facts (context window, max output, prices,
// capabilities), possibly changed by the config's `models:` entries. Every field but the names
// may be unknown, and unknown never counts against a deployment (SPEC §3): a model missing from
// the catalog is never skipped for its context size or capabilities.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sb {

// USD per million tokens. Cached input is priced apart: a cache read (a hit) and a cache write
// (Anthropic's cache creation) each at their own rate, never also at `input`.
struct ModelPrice {
  double input = 0;
  double output = 0;
  double cache_read = 0;
  double cache_write = 0;
  bool operator==(const ModelPrice&) const = default;
};

struct ModelInfo {
  // Where the prices apply: a catalog provider (anthropic, openai, google, mistral, deepseek,
  // xai, groq, local), or, for a model only the config describes, the deployment's account.
  std::string provider;
  std::string id;                              // the model id the provider's API takes
  std::string name;                            // for people; may be empty
  std::optional<std::int64_t> context_window;  // input and output together, tokens
  std::optional<std::int64_t> max_output;      // the most one answer may hold, tokens
  std::optional<ModelPrice> price;
  std::optional<bool> tools;
  std::optional<bool> vision;  // accepts images
  std::optional<bool> reasoning;
};

// A config `models:` entry (docs/configuration.md): facts that replace the catalog's for the
// deployments it names, or describe a model the catalog lacks.
struct ModelOverride {
  // As written: ACCOUNT/MODEL with a configured account names one deployment (`for_deployment`);
  // anything else is a model id, meaning every deployment of that model.
  std::string key;
  bool for_deployment = false;
  std::optional<std::int64_t> context_window;
  std::optional<std::int64_t> max_output;
  std::optional<ModelPrice> price;  // replaces the catalog's price whole
  std::optional<bool> tools;
  std::optional<bool> vision;
  std::optional<bool> reasoning;
};

}  // namespace sb
