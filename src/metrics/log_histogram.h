// A mergeable histogram of positive values (latencies in milliseconds) with a bounded relative
// error, for percentiles over sliding windows: the window adds up its slots with merge(), which
// a sorted array of samples could not do without keeping every sample.
//
// Buckets are logarithmic (the DDSketch scheme): bucket i holds values in (γ^(i-1), γ^i] with
// γ = (1 + α) / (1 - α), and a percentile is answered with 2γ^i / (γ + 1), which is within a
// relative α of every value in the bucket. With α = 1%, p99 of 1,200 ms is reported as something
// between 1,188 and 1,212 ms. Only the buckets between the smallest and the largest value seen
// are stored (a deployment's latencies span a decade or two: a few hundred counters).
//
// Values at or below kMinValue count as zero; values above kMaxValue as kMaxValue (so memory is
// bounded whatever the input). Not thread-safe: its owner locks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

class LogHistogram {
 public:
  static constexpr double kRelativeAccuracy = 0.01;
  static constexpr double kMinValue = 1e-3;  // 1 µs, in milliseconds
  static constexpr double kMaxValue = 1e8;   // about 28 hours, in milliseconds

  void add(double value);
  void merge(const LogHistogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  bool empty() const { return count_ == 0; }

  // The value at rank floor(q × (count − 1)) of the sorted values, within kRelativeAccuracy
  // (0 for the zero bucket). q in [0, 1]; 0 when empty.
  double quantile(double q) const;

  // A compact text form that decode() reads back exactly: `zeros;first;c0,c1,...;sum`.
  std::string encode() const;
  static std::optional<LogHistogram> decode(std::string_view text);

 private:
  static int index_of(double value);
  static double value_of(int index);
  void grow_to(int index);

  std::vector<std::uint32_t> counts_;  // counts_[k] is bucket first_ + k
  int first_ = 0;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace sb
