// Time as a dependency. The router and anything that decides by time take a Clock&, so tests
// drive them with ManualClock and never sleep; production code uses SteadyClock (for durations
// and deadlines) and reads wall time only where a provider speaks in wall time (reset dates).
#pragma once

#include <chrono>
#include <cstdint>

namespace sb {

// Unix time in milliseconds: how usage rows, reports and health minutes say when.
inline std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline std::chrono::system_clock::time_point from_unix_ms(std::int64_t ms) {
  return std::chrono::system_clock::time_point{std::chrono::milliseconds(ms)};
}

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using sys_time = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
  virtual sys_time wall_now() const = 0;
};

class SteadyClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  sys_time wall_now() const override { return std::chrono::system_clock::now(); }
};

// Starts at an arbitrary fixed point; moves only when told to.
class ManualClock final : public Clock {
 public:
  ManualClock() = default;
  explicit ManualClock(sys_time wall) : wall_(wall) {}
  time_point now() const override { return steady_; }
  sys_time wall_now() const override { return wall_; }
  void advance(std::chrono::nanoseconds d) {
    steady_ += d;
    wall_ += std::chrono::duration_cast<sys_time::duration>(d);
  }

 private:
  time_point steady_{std::chrono::hours(1)};
  sys_time wall_{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
};

}  // namespace sb
