#include "core/rng.h"

#include <cmath>

namespace sb {

namespace {
// The top 53 bits of a 64-bit draw, scaled by 2^-53: exactly representable, uniform and < 1.
// (std::generate_canonical may return 1.0 on some standard libraries.)
double to_unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }
}  // namespace

double clamp_unit(double v) {
  if (!(v > 0.0)) return 0.0;  // also NaN
  if (v >= 1.0) return std::nextafter(1.0, 0.0);
  return v;
}

SystemRng::SystemRng() {
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device()};
  engine_.seed(seed);
}

double SystemRng::uniform01() {
  std::lock_guard lock(mutex_);
  return to_unit(engine_());
}

FixedRng::FixedRng(double value) : value_(clamp_unit(value)) {}

SequenceRng::SequenceRng(std::vector<double> values) : values_(std::move(values)) {
  for (auto& v : values_) v = clamp_unit(v);
}

double SequenceRng::uniform01() {
  if (values_.empty()) return 0.0;
  return values_[draws_++ % values_.size()];
}

}  // namespace sb
