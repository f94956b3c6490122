// The directive table and its reader (see behaviour.h for the vocabulary). Parsing is a linear
// scan of a handful of pieces against a dozen rows: no allocation, cheap enough for every request.
#include "fake_provider/behaviour.h"

#include <algorithm>
#include <charconv>

namespace sb::fake {
namespace {

enum class Arg { None, Optional, Required };
using Value = std::optional<std::uint64_t>;

struct Directive {
  std::string_view word;
  Arg arg;
  std::uint64_t min;
  std::uint64_t max;
  void (*apply)(Behaviour&, Value);
};

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Directive kDirectives[] = {
    {"quota", Arg::None, 0, 0, [](Behaviour& b, Value) { b.failure = Failure::Quota; }},
    {"spendlimit", Arg::None, 0, 0, [](Behaviour& b, Value) { b.failure = Failure::SpendLimit; }},
    {"ratelimit", Arg::Optional, 0, 86'400,
     [](Behaviour& b, Value v) {
       b.failure = Failure::RateLimit;
       b.retry_after = seconds(v.value_or(20));
     }},
    {"overloaded", Arg::None, 0, 0, [](Behaviour& b, Value) { b.failure = Failure::Overloaded; }},
    {"context", Arg::None, 0, 0, [](Behaviour& b, Value) { b.failure = Failure::ContextTooLong; }},
    {"badkey", Arg::None, 0, 0, [](Behaviour& b, Value) { b.failure = Failure::BadKey; }},
    {"error", Arg::Required, 400, 599,
     [](Behaviour& b, Value v) {
       b.failure = Failure::Status;
       b.status = static_cast<unsigned>(*v);
     }},
    {"stall", Arg::Optional, 0, 86'400'000,
     [](Behaviour& b, Value v) { b.stall = v ? milliseconds(*v) : kStallForever; }},
    {"pace", Arg::Required, 0, 60'000, [](Behaviour& b, Value v) { b.pace = milliseconds(*v); }},
    {"chunks", Arg::Required, 0, 100'000,
     [](Behaviour& b, Value v) { b.chunks = static_cast<unsigned>(*v); }},
    {"drop", Arg::Required, 0, 100'000,
     [](Behaviour& b, Value v) { b.drop_after = static_cast<unsigned>(*v); }},
    {"midstream_error", Arg::Required, 0, 100'000,
     [](Behaviour& b, Value v) { b.midstream_error_after = static_cast<unsigned>(*v); }},
    {"blocked", Arg::None, 0, 0, [](Behaviour& b, Value) { b.blocked = true; }},
    {"signatures", Arg::None, 0, 0, [](Behaviour& b, Value) { b.check_signatures = true; }},
    {"own_signatures", Arg::None, 0, 0,
     [](Behaviour& b, Value) { b.check_signatures = b.own_signatures_only = true; }},
};

std::optional<std::uint64_t> parse_number(std::string_view s) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

void apply_piece(std::string_view piece, Behaviour& b) {
  const auto eq = piece.find('=');
  const std::string_view word = piece.substr(0, eq);
  for (const Directive& d : kDirectives) {
    if (d.word != word) continue;
    if (eq == std::string_view::npos) {
      if (d.arg != Arg::Required) d.apply(b, std::nullopt);
      return;
    }
    if (d.arg == Arg::None) return;
    const auto n = parse_number(piece.substr(eq + 1));
    if (n && *n >= d.min && *n <= d.max) d.apply(b, n);
    return;
  }
}

}  // namespace

unsigned scripted_status(const Behaviour& b) {
  return b.failure == Failure::BadKey ? 401 : b.status;
}

std::optional<std::size_t> stream_cut_point(std::optional<unsigned> after,
                                            std::size_t content_count) {
  if (!after) return std::nullopt;
  return std::min<std::size_t>(*after, content_count);
}

std::string_view first_piece(std::string_view text) { return text.substr(0, text.find('+')); }

void apply_directives(std::string_view text, Behaviour& b) {
  while (!text.empty()) {
    const auto plus = text.find('+');
    apply_piece(text.substr(0, plus), b);
    if (plus == std::string_view::npos) break;
    text.remove_prefix(plus + 1);
  }
}

Behaviour parse_behaviour(std::string_view key, std::string_view model) {
  Behaviour b;
  apply_directives(key, b);
  apply_directives(model, b);
  return b;
}

}  // namespace sb::fake
