// A deployment's recent health, per attempt, in one-minute slots (seed 003: "which providers are
// healthy"): the last 60 whole minutes and the current one, summed into sliding windows of 1, 15
// and 60 minutes for `switchboard status`, and each finished minute handed out once to be kept
// (7 days, store/health_rows.h).
//
// A window of N minutes covers the N whole minutes before the current one and the current one so
// far: between N and N + 1 minutes of attempts. Time is given, never read: unix milliseconds.
//
// What counts (one sample per attempt, not per request, so a failover shows on the deployment
// that failed): requests, errors by failure class, availability = attempts that did not fail for
// the deployment's sake / attempts (a bad request, a context too long or a content filter is the
// request's fault and counts as available), latency of answered attempts (start to the last
// byte) and time to first content (streams) as LogHistograms, and output tokens per second of
// generation.
// Not thread-safe: HealthBoard locks.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "metrics/log_histogram.h"
#include "routing/failure.h"

namespace sb {

inline constexpr std::size_t kFailureClassCount = kFailureClasses.size();

struct AttemptSample {
  std::optional<FailureClass> failure;  // none: it answered
  double latency_ms = 0;
  std::optional<double> ttft_ms;  // streams that reached their first content
  std::int64_t output_tokens = 0;
  double generation_ms = 0;  // the time the output took: after the first content for streams
};

// The sums of a set of minutes, and what they say.
struct HealthSummary {
  std::int64_t requests = 0;
  std::int64_t errors = 0;  // any failure class
  std::array<std::int64_t, kFailureClassCount> errors_by_class{};
  std::int64_t unavailable = 0;  // failures that are the deployment's, not the request's
  LogHistogram latency_ms;
  LogHistogram ttft_ms;
  std::int64_t output_tokens = 0;
  double generation_ms = 0;

  void add(const AttemptSample& sample);
  void merge(const HealthSummary& other);
  // nullopt when there were no requests.
  std::optional<double> error_rate() const;
  std::optional<double> availability() const;
  std::optional<double> tokens_per_second() const;
};

// {CLASS: count} for the classes that occurred, as status shows and the store keeps them.
boost::json::object errors_by_class_json(const HealthSummary& summary);

// One finished minute, as the store keeps it.
struct HealthMinute {
  std::int64_t minute = 0;  // unix minutes
  HealthSummary summary;
};

class HealthWindow {
 public:
  static constexpr int kSlots = 61;  // 60 whole minutes and the current one

  void record(const AttemptSample& sample, std::int64_t now_ms);
  // The last `minutes` whole minutes and the current one (minutes in 0..60).
  HealthSummary window(int minutes, std::int64_t now_ms) const;
  // Minutes that ended before now and were not handed out since their last sample, oldest
  // first. A minute older than the ring is gone: call this at least once an hour.
  std::vector<HealthMinute> take_finished(std::int64_t now_ms);
  // A minute kept from an earlier run (already stored: never handed out again). Ignored when
  // its slot holds a later minute.
  void restore(const HealthMinute& minute);

 private:
  struct Slot {
    std::int64_t minute = -1;  // -1: never used
    bool taken = false;        // handed out by take_finished
    HealthSummary summary;
  };
  std::array<Slot, kSlots> slots_;
};

}  // namespace sb
