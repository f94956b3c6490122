// Durations and sizes as the config file writes them. A duration is one non-negative integer and
// one unit (`250ms`, `2s`, `10m`, `1h`, `1d`, or a bare `0`); compound forms such as `1h30m`,
// fractions and signs are rejected rather than guessed at. A size is a byte count with an optional
// binary (KiB/MiB/GiB) or decimal (KB/MB/GB) suffix. Both reject values that would overflow, so a
// typo of extra digits is an error instead of a wrapped-around number.
#include <charconv>
#include <cstdint>
#include <limits>

#include "config/config.h"

namespace sb {
namespace {

// Splits `123unit` into its digits and the rest; nullopt when there is no leading digit or the
// number does not fit.
std::optional<std::pair<std::uint64_t, std::string_view>> split_number(std::string_view text) {
  std::uint64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  return std::pair{value, text.substr(static_cast<std::size_t>(ptr - begin))};
}

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

// Largest first: format_duration picks the first unit that divides evenly.
constexpr Unit kDurationUnits[] = {
    {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}};

constexpr Unit kSizeUnits[] = {
    {"", 1},
    {"B", 1},
    {"KiB", 1ull << 10},
    {"MiB", 1ull << 20},
    {"GiB", 1ull << 30},
    {"KB", 1'000},
    {"MB", 1'000'000},
    {"GB", 1'000'000'000},
};

std::optional<std::uint64_t> scale(std::uint64_t value, std::uint64_t factor, std::uint64_t limit) {
  if (value > limit / factor) return std::nullopt;
  return value * factor;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  auto [value, suffix] = *parts;
  if (suffix.empty()) {
    // A bare number is ambiguous (seconds? milliseconds?) except zero, which is zero in any unit.
    if (value != 0) return std::nullopt;
    return Duration{0};
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<Duration::rep>::max());
  for (const Unit& unit : kDurationUnits) {
    if (suffix != unit.suffix) continue;
    auto ms = scale(value, unit.factor, kMax);
    if (!ms) return std::nullopt;
    return Duration{static_cast<Duration::rep>(*ms)};
  }
  return std::nullopt;
}

std::string format_duration(Duration d) {
  if (d.count() == 0) return "0s";
  // Negative durations never come out of parse_duration; render them plainly for diagnostics.
  if (d.count() < 0) return std::to_string(d.count()) + "ms";
  const auto ms = static_cast<std::uint64_t>(d.count());
  for (const Unit& unit : kDurationUnits) {
    if (ms % unit.factor == 0) return std::to_string(ms / unit.factor) + std::string(unit.suffix);
  }
  return std::to_string(ms) + "ms";
}

std::optional<std::size_t> parse_size(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  auto [value, suffix] = *parts;
  for (const Unit& unit : kSizeUnits) {
    if (suffix != unit.suffix) continue;
    auto bytes = scale(value, unit.factor, std::numeric_limits<std::size_t>::max());
    if (!bytes) return std::nullopt;
    return static_cast<std::size_t>(*bytes);
  }
  return std::nullopt;
}

}  // namespace sb
