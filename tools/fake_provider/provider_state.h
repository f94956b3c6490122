// What every connection of one FakeProvider shares: the request/connection counters behind
// FakeProvider::stats() and the sequence that makes response ids unique. All members are safe to
// call from any of the provider's threads; the lock is held for a counter bump or a map copy only.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "fake_provider/fake_provider.h"

namespace sb::fake {

class ProviderState {
 public:
  void count_connection();
  // Empty names are not counted in by_key/by_model (no key sent, or a body without a model).
  void count_request(std::string_view key_name, std::string_view model);
  void keep_body(std::string_view body);
  Stats snapshot() const;
  void reset();
  // Never reset, so ids stay distinct across reset_stats().
  std::uint64_t next_seq() { return seq_.fetch_add(1, std::memory_order_relaxed); }

 private:
  mutable std::mutex mutex_;
  Stats stats_;
  std::atomic<std::uint64_t> seq_{1};
};

// {"requests":N,"connections":N,"by_key":{…},"by_model":{…}}
std::string stats_json(const Stats& s);

}  // namespace sb::fake
