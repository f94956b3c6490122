// The mergeable histogram behind the health windows: percentiles within 1% of the exact ones for
// any input, merging equal to recording everything in one, and a lossless text form.
#include "metrics/log_histogram.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>

namespace sb {
namespace {

// Latencies as they come: mostly around a typical value, some far slower, some near zero.
rc::Gen<std::vector<double>> latencies() {
  return rc::gen::nonEmpty(rc::gen::container<std::vector<double>>(
      rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 1'000'000), rc::gen::inRange(-3, 7)),
                   [](const std::tuple<int, int>& t) {
                     // A mantissa in [1, 10) scaled by 10^exponent ms: 1 µs to ~3 hours.
                     return (1.0 + std::get<0>(t) * 9e-6) * std::pow(10.0, std::get<1>(t));
                   })));
}

double exact_quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
}

RC_GTEST_PROP(LogHistogram, PercentilesAreWithinOnePercentOfExact, ()) {
  const auto values = *latencies();
  const double q = *rc::gen::element(0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0);
  LogHistogram h;
  for (double v : values) h.add(v);
  RC_ASSERT(h.count() == values.size());
  const double exact = exact_quantile(values, q);
  const double estimate = h.quantile(q);
  RC_ASSERT(std::abs(estimate - exact) <= LogHistogram::kRelativeAccuracy * exact * (1 + 1e-9));
}

RC_GTEST_PROP(LogHistogram, MergingIsRecordingEverythingInOne, ()) {
  const auto a = *latencies();
  const auto b = *latencies();
  LogHistogram left, right, together;
  for (double v : a) left.add(v), together.add(v);
  for (double v : b) right.add(v), together.add(v);
  left.merge(right);
  RC_ASSERT(left.count() == together.count());
  for (double q : {0.0, 0.5, 0.95, 0.99, 1.0}) RC_ASSERT(left.quantile(q) == together.quantile(q));
  // Same buckets; the sums may differ in the last bits from the order of addition.
  RC_ASSERT(std::abs(left.sum() - together.sum()) <= 1e-9 * together.sum());
}

RC_GTEST_PROP(LogHistogram, EncodeDecodeIsLossless, ()) {
  const auto values = *rc::gen::container<std::vector<double>>(rc::gen::map(
      rc::gen::inRange(0, 10'000'000), [](int n) { return n / 1000.0; }));  // zeros included
  LogHistogram h;
  for (double v : values) h.add(v);
  const auto back = LogHistogram::decode(h.encode());
  RC_ASSERT(back.has_value());
  RC_ASSERT(back->encode() == h.encode());
  RC_ASSERT(back->count() == h.count());
  RC_ASSERT(back->sum() == h.sum());
  for (double q : {0.0, 0.5, 0.99, 1.0}) RC_ASSERT(back->quantile(q) == h.quantile(q));
}

TEST(LogHistogram, EdgesAndBadText) {
  LogHistogram h;
  EXPECT_EQ(h.quantile(0.5), 0);
  h.add(0);
  h.add(-5);
  h.add(std::nan(""));
  EXPECT_EQ(h.count(), 3u);
  EXPECT_EQ(h.quantile(1), 0);
  h.add(1e12);  // beyond the range: counted at its top
  EXPECT_NEAR(h.quantile(1), LogHistogram::kMaxValue, LogHistogram::kMaxValue * 0.01);
  for (const char* bad :
       {"", "1;2;3", "x;0;;0", "0;0;1,,2;0", "0;0;1,;0", "0;0;1;0;", "0;0;-1;0",
                          "0;-2000000000;1;0", "0;5000;1;0"}) {  // indexes add() never makes
    EXPECT_FALSE(LogHistogram::decode(bad)) << bad;
  }
  EXPECT_TRUE(LogHistogram::decode("0;0;;0"));
}

}  // namespace
}  // namespace sb
