#include "metrics/health_window.h"

#include <algorithm>

namespace sb {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

std::size_t slot_of(std::int64_t minute) {
  const std::int64_t n = HealthWindow::kSlots;
  return static_cast<std::size_t>(((minute % n) + n) % n);
}

std::int64_t minute_of(std::int64_t unix_ms) {
  return unix_ms >= 0 ? unix_ms / kMinuteMs : (unix_ms - kMinuteMs + 1) / kMinuteMs;
}

bool counts_as_available(FailureClass cls) {
  return cls == FailureClass::BadRequest || cls == FailureClass::ContextTooLong ||
         cls == FailureClass::ContentFiltered;
}

}  // namespace

boost::json::object errors_by_class_json(const HealthSummary& s) {
  boost::json::object o;
  for (FailureClass cls : kFailureClasses) {
    const auto n = s.errors_by_class[static_cast<std::size_t>(cls)];
    if (n > 0) o[to_string(cls)] = n;
  }
  return o;
}

void HealthSummary::add(const AttemptSample& s) {
  ++requests;
  if (s.failure) {
    ++errors;
    ++errors_by_class[static_cast<std::size_t>(*s.failure)];
    if (!counts_as_available(*s.failure)) ++unavailable;
  }
  if (!s.failure) latency_ms.add(s.latency_ms);  // a fast 429 is not a fast answer
  if (s.ttft_ms) ttft_ms.add(*s.ttft_ms);
  output_tokens += s.output_tokens;
  generation_ms += s.generation_ms;
}

void HealthSummary::merge(const HealthSummary& o) {
  requests += o.requests;
  errors += o.errors;
  for (std::size_t i = 0; i < errors_by_class.size(); ++i) {
    errors_by_class[i] += o.errors_by_class[i];
  }
  unavailable += o.unavailable;
  latency_ms.merge(o.latency_ms);
  ttft_ms.merge(o.ttft_ms);
  output_tokens += o.output_tokens;
  generation_ms += o.generation_ms;
}

std::optional<double> HealthSummary::error_rate() const {
  if (requests == 0) return std::nullopt;
  return static_cast<double>(errors) / static_cast<double>(requests);
}

std::optional<double> HealthSummary::availability() const {
  if (requests == 0) return std::nullopt;
  return 1.0 - static_cast<double>(unavailable) / static_cast<double>(requests);
}

std::optional<double> HealthSummary::tokens_per_second() const {
  if (output_tokens == 0 || generation_ms <= 0) return std::nullopt;
  return static_cast<double>(output_tokens) * 1000.0 / generation_ms;
}

void HealthWindow::record(const AttemptSample& sample, std::int64_t now_ms) {
  const std::int64_t minute = minute_of(now_ms);
  Slot& slot = slots_[slot_of(minute)];
  if (slot.minute != minute) {
    // A late sample for a minute the ring has moved past is dropped rather than mixed in.
    if (slot.minute > minute) return;
    slot = Slot{};
    slot.minute = minute;
  }
  slot.summary.add(sample);
  slot.taken = false;  // a minute handed out early (shutdown) or restored goes out again, whole
}

HealthSummary HealthWindow::window(int minutes, std::int64_t now_ms) const {
  const std::int64_t now_minute = minute_of(now_ms);
  HealthSummary out;
  for (const Slot& slot : slots_) {
    if (slot.minute >= 0 && slot.minute <= now_minute && slot.minute >= now_minute - minutes) {
      out.merge(slot.summary);
    }
  }
  return out;
}

void HealthWindow::restore(const HealthMinute& m) {
  if (m.minute < 0) return;
  Slot& slot = slots_[slot_of(m.minute)];
  if (slot.minute > m.minute) return;
  slot.minute = m.minute;
  slot.taken = true;
  slot.summary = m.summary;
}

std::vector<HealthMinute> HealthWindow::take_finished(std::int64_t now_ms) {
  const std::int64_t now_minute = minute_of(now_ms);
  std::vector<HealthMinute> out;
  for (Slot& slot : slots_) {
    if (slot.minute < 0 || slot.minute >= now_minute || slot.taken) continue;
    slot.taken = true;
    out.push_back({slot.minute, slot.summary});
  }
  std::sort(out.begin(), out.end(),
            [](const HealthMinute& a, const HealthMinute& b) { return a.minute < b.minute; });
  return out;
}

}  // namespace sb
