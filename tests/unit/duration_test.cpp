// Durations and sizes as written in the config file: the accepted forms, the rejected ones
// (including overflow), and the property that format_duration's output always parses back.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "config/config.h"

namespace sb {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("250ms"), Duration(250));
  EXPECT_EQ(parse_duration("2s"), Duration(2s));
  EXPECT_EQ(parse_duration("10m"), Duration(10min));
  EXPECT_EQ(parse_duration("1h"), Duration(1h));
  EXPECT_EQ(parse_duration("1d"), Duration(24h));
  EXPECT_EQ(parse_duration("0"), Duration(0));
  EXPECT_EQ(parse_duration("0s"), Duration(0));
  EXPECT_EQ(parse_duration("007s"), Duration(7s));
}

TEST(Duration, RejectsAnythingElse) {
  for (const char* bad : {"", "5", "-1s", "+1s", "1.5s", "1h30m", "10 s", " 10s", "10s ", "s",
                          "10S", "10sec", "10min", "1w", "ms", "0x10s", "1e3ms"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(Duration, RejectsOverflowInsteadOfWrapping) {
  EXPECT_FALSE(parse_duration("99999999999999999999ms"));  // beyond uint64
  EXPECT_FALSE(parse_duration("9223372036854775807d"));    // fits uint64, not in milliseconds
  EXPECT_TRUE(parse_duration("9223372036854775807ms"));    // the largest representable
}

TEST(Duration, FormatsInTheLargestUnitThatDividesIt) {
  EXPECT_EQ(format_duration(Duration(0)), "0s");
  EXPECT_EQ(format_duration(Duration(250)), "250ms");
  EXPECT_EQ(format_duration(Duration(1500)), "1500ms");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(2h), "2h");
  EXPECT_EQ(format_duration(48h), "2d");
  EXPECT_EQ(format_duration(25h), "25h");
}

RC_GTEST_PROP(Duration, FormatThenParseRoundTrips, ()) {
  const auto ms = *rc::gen::inRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max());
  const Duration d(ms);
  RC_ASSERT(parse_duration(format_duration(d)) == std::optional<Duration>(d));
}

RC_GTEST_PROP(Duration, RoundUnitsRoundTrip, ()) {
  // Whole units are the common case and exercise every suffix, which random milliseconds rarely do.
  const auto n = *rc::gen::inRange<std::int64_t>(0, 100'000);
  const auto unit =
      *rc::gen::elementOf(std::vector<std::int64_t>{1, 1'000, 60'000, 3'600'000, 86'400'000});
  const Duration d(n * unit);
  RC_ASSERT(parse_duration(format_duration(d)) == std::optional<Duration>(d));
}

TEST(Size, ParsesBytesAndSuffixes) {
  EXPECT_EQ(parse_size("1024"), 1024u);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("512B"), 512u);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("32MiB"), 32u * 1024 * 1024);
  EXPECT_EQ(parse_size("1GiB"), 1024u * 1024 * 1024);
  EXPECT_EQ(parse_size("1KB"), 1000u);
  EXPECT_EQ(parse_size("5MB"), 5'000'000u);
  EXPECT_EQ(parse_size("2GB"), 2'000'000'000u);
}

TEST(Size, RejectsAnythingElse) {
  for (const char* bad : {"", "-1", "1.5MiB", "10 MiB", "MiB", "1TiB", "1kib", "1K", "1M",
                          "99999999999999999999", "18446744073709551615GiB"}) {
    EXPECT_FALSE(parse_size(bad)) << bad;
  }
}

}  // namespace
}  // namespace sb
