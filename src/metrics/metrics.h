// The gateway's Prometheus metrics: counters, gauges and histograms with labels, kept in one
// registry and rendered in the text exposition format (version 0.0.4) for GET /metrics. What
// exists is declared once, in metrics/metric_list.h.
//
// Recording takes the registry's mutex once per Batch, however many series it touches, and finds
// a series by its joined label values without allocating once the series exists: a request costs
// one lock and a few map lookups.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metric_list.h"

namespace sb {

enum class MetricType { Counter, Gauge, Histogram };

#define SB_METRIC_ID(name, type, help, ...) name,
enum class MetricId { SB_METRICS(SB_METRIC_ID) kCount };
#undef SB_METRIC_ID

struct MetricSpec {
  std::string name;  // with the `switchboard_` prefix
  MetricType type;
  std::string_view help;
  std::vector<std::string_view> labels;
};

// In MetricId order.
const std::vector<MetricSpec>& metric_specs();

// The `le` bounds of every histogram, in seconds.
const std::vector<double>& histogram_bounds();

class Metrics {
 public:
  using Labels = std::initializer_list<std::string_view>;

  // Holds the registry's lock; record through it. Label values go in the order metric_list.h
  // names them (a wrong count throws std::logic_error: a bug, not an input).
  class Batch {
   public:
    void add(MetricId id, Labels labels, double delta = 1);  // counters (and gauges)
    void set(MetricId id, Labels labels, double value);      // gauges
    void observe(MetricId id, Labels labels, double value);  // histograms, in seconds

   private:
    friend class Metrics;
    explicit Batch(Metrics& m) : metrics_(m), lock_(m.mutex_) {}
    Metrics& metrics_;
    std::lock_guard<std::mutex> lock_;
  };

  Metrics();
  Batch batch() { return Batch(*this); }

  // The text exposition: every metric's HELP and TYPE, then its series in label order.
  std::string exposition() const;

 private:
  struct Series {
    std::vector<std::string> label_values;
    double value = 0;                    // counter, gauge
    std::vector<std::uint64_t> buckets;  // histogram: count per bound, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Family = std::map<std::string, Series, std::less<>>;  // by joined label values

  Series& series(MetricId id, Labels labels);

  mutable std::mutex mutex_;
  std::vector<Family> families_;
  std::string key_;  // scratch for the joined labels; under mutex_
};

}  // namespace sb
