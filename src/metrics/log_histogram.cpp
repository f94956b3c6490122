#include "metrics/log_histogram.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sb {

namespace {

constexpr double kGamma =
    (1 + LogHistogram::kRelativeAccuracy) / (1 - LogHistogram::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);

}  // namespace

int LogHistogram::index_of(double value) {
  return static_cast<int>(std::ceil(std::log(std::min(value, kMaxValue)) / kLogGamma));
}

double LogHistogram::value_of(int index) { return 2 * std::pow(kGamma, index) / (kGamma + 1); }

void LogHistogram::grow_to(int index) {
  if (counts_.empty()) {
    first_ = index;
    counts_.assign(1, 0);
    return;
  }
  if (index < first_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(first_ - index), 0);
    first_ = index;
  } else if (index >= first_ + static_cast<int>(counts_.size())) {
    counts_.resize(static_cast<std::size_t>(index - first_ + 1), 0);
  }
}

void LogHistogram::add(double value) {
  ++count_;
  if (!(value > kMinValue)) {  // NaN and negatives count as zero too
    ++zeros_;
    return;
  }
  sum_ += std::min(value, kMaxValue);
  const int index = index_of(value);
  grow_to(index);
  ++counts_[static_cast<std::size_t>(index - first_)];
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  count_ += other.count_;
  zeros_ += other.zeros_;
  sum_ += other.sum_;
  if (other.counts_.empty()) return;
  grow_to(other.first_);
  grow_to(other.first_ + static_cast<int>(other.counts_.size()) - 1);
  for (std::size_t k = 0; k < other.counts_.size(); ++k) {
    counts_[static_cast<std::size_t>(other.first_ - first_) + k] += other.counts_[k];
  }
}

void LogHistogram::clear() { *this = LogHistogram{}; }

double LogHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_ - 1));
  if (rank < zeros_) return 0;
  std::uint64_t seen = zeros_;
  for (std::size_t k = 0; k < counts_.size(); ++k) {
    seen += counts_[k];
    if (seen > rank) return value_of(first_ + static_cast<int>(k));
  }
  return value_of(first_ + static_cast<int>(counts_.size()) - 1);
}

std::string LogHistogram::encode() const {
  std::string out = fmt::format("{};{};", zeros_, first_);
  for (std::size_t k = 0; k < counts_.size(); ++k) {
    if (k > 0) out += ',';
    fmt::format_to(std::back_inserter(out), "{}", counts_[k]);
  }
  fmt::format_to(std::back_inserter(out), ";{}", sum_);
  return out;
}

namespace {

template <class Number>
bool read_number(std::string_view text, Number& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<LogHistogram> LogHistogram::decode(std::string_view text) {
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    const std::size_t end = text.find(';');
    if ((end == std::string_view::npos) != (i == 3)) return std::nullopt;
    parts[i] = text.substr(0, end);
    if (i < 3) text.remove_prefix(end + 1);
  }
  LogHistogram h;
  if (!read_number(parts[0], h.zeros_) || !read_number(parts[1], h.first_) ||
      !read_number(parts[3], h.sum_)) {
    return std::nullopt;
  }
  h.count_ = h.zeros_;
  for (std::string_view counts = parts[2]; !counts.empty();) {
    const std::size_t comma = counts.find(',');
    std::uint32_t n = 0;
    if (!read_number(counts.substr(0, comma), n)) return std::nullopt;
    h.counts_.push_back(n);
    h.count_ += n;
    // Only indexes add() can produce: a damaged row must not size the histogram.
    if (h.first_ < index_of(kMinValue) ||
        h.first_ + static_cast<std::int64_t>(h.counts_.size()) - 1 > index_of(kMaxValue)) {
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    counts.remove_prefix(comma + 1);
    if (counts.empty()) return std::nullopt;  // a trailing comma
  }
  return h;
}

}  // namespace sb
