// Waiting for what another thread or process does (a webhook delivered, a probe answered, a
// subscriber connected): poll a condition with a bound, so a test fails cleanly instead of hanging
// or sleeping a guessed time. Logic driven by time uses ManualClock instead (core/clock.h).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace sb::test {

// True as soon as `done()` is; false once `timeout` passes without it.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5),
                       std::chrono::milliseconds step = std::chrono::milliseconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

}  // namespace sb::test
