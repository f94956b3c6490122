// Randomness as a dependency, like time (core/clock.h): whatever decides by chance (today only
// the jitter of retry backoff) takes an Rng&, so tests replace chance with a script and every
// decision of the router is replayable.
//
// Invariant of every implementation: uniform01() returns a value in [0, 1), never 1, so a
// caller may scale it by a bound and stay strictly below the bound.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

namespace sb {

class Rng {
 public:
  virtual ~Rng() = default;
  virtual double uniform01() = 0;
};

// The production source: a 64-bit Mersenne Twister seeded once from std::random_device. One
// instance is shared by the I/O threads, hence the mutex; the critical section is one draw.
class SystemRng final : public Rng {
 public:
  SystemRng();
  explicit SystemRng(std::uint64_t seed) : engine_(seed) {}
  double uniform01() override;

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

// Always the same value (clamped into [0, 1)): jitter at a chosen point of its range.
class FixedRng final : public Rng {
 public:
  explicit FixedRng(double value);
  double uniform01() override { return value_; }

 private:
  double value_;
};

// Replays a script of values (each clamped into [0, 1)), starting over at the end; an empty
// script yields 0. Not thread-safe: a test fake.
class SequenceRng final : public Rng {
 public:
  explicit SequenceRng(std::vector<double> values);
  double uniform01() override;
  std::size_t draws() const { return draws_; }

 private:
  std::vector<double> values_;
  std::size_t draws_ = 0;
};

// Maps any double into [0, 1): NaN and negatives to 0, 1 and above to the largest double below 1.
double clamp_unit(double v);

}  // namespace sb
