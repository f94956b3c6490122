// Counters shared by a FakeProvider's connections (see provider_state.h).
#include "fake_provider/provider_state.h"

#include <boost/json.hpp>

namespace sb::fake {

void ProviderState::count_connection() {
  std::lock_guard lock(mutex_);
  ++stats_.connections;
}

void ProviderState::count_request(std::string_view key_name, std::string_view model) {
  std::lock_guard lock(mutex_);
  ++stats_.requests;
  if (!key_name.empty()) ++stats_.by_key[std::string(key_name)];
  if (!model.empty()) ++stats_.by_model[std::string(model)];
}

void ProviderState::keep_body(std::string_view body) {
  std::lock_guard lock(mutex_);
  stats_.last_body.assign(body);
}

Stats ProviderState::snapshot() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void ProviderState::reset() {
  std::lock_guard lock(mutex_);
  stats_ = Stats{};
}

std::string stats_json(const Stats& s) {
  namespace json = boost::json;
  json::object by_key, by_model;
  for (const auto& [k, n] : s.by_key) by_key[k] = n;
  for (const auto& [m, n] : s.by_model) by_model[m] = n;
  return json::serialize(json::object{{"requests", s.requests},
                                      {"connections", s.connections},
                                      {"by_key", std::move(by_key)},
                                      {"by_model", std::move(by_model)}});
}

}  // namespace sb::fake
