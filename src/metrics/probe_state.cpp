#include "metrics/probe_state.h"

namespace sb {

std::string_view to_string(ProbeState s) {
  switch (s) {
    case ProbeState::Unknown: return "unknown";
    case ProbeState::Up: return "up";
    case ProbeState::Slow: return "slow";
    case ProbeState::Erring: return "erring";
    case ProbeState::Down: return "down";
  }
  return "unknown";
}

ProbeState classify_probe(std::optional<unsigned> status, Duration latency, Duration slow) {
  if (!status || *status >= 500) return ProbeState::Down;
  if (*status >= 400) return ProbeState::Erring;
  if (*status < 200 || *status >= 300) return ProbeState::Erring;
  return latency > slow ? ProbeState::Slow : ProbeState::Up;
}

}  // namespace sb
