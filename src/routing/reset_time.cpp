// Reset-time parsers and their priority order; see reset_time.h for the rules. Everything here is
// byte-level parsing over string_views with explicit bounds: no locale, no exceptions, no clock.
#include "routing/reset_time.h"

#include "core/ascii.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace sb {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::uint64_t kMaxNs =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr auto to_lower = ascii_lower;
constexpr auto iequals = ascii_iequals;
constexpr auto istarts_with = ascii_istarts_with;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A run of exactly `n` digits at `pos`, as a number; nullopt when any is not a digit.
std::optional<int> fixed_digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// A validated civil date and time of day as an instant (UTC).
std::optional<SysTime> make_time(int y, int mo, int d, int h, int mi, int s) {
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                  std::chrono::day{unsigned(d)}};
  // Second 60 is a leap second: accepted as the next second rather than refused.
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  return SysTime{sys_days{ymd} + hours{h} + minutes{mi} + seconds{s}};
}

// Go's duration units, in nanoseconds. Both spellings of micro: U+00B5 and U+03BC.
struct GoUnit {
  std::string_view name;
  std::uint64_t ns;
};
constexpr std::array<GoUnit, 8> kGoUnits = {{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},
    {"\xCE\xBCs", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};

// Nanoseconds to milliseconds, rounding up: a reset is never reported early.
milliseconds ceil_ms(std::uint64_t ns) {
  return milliseconds{static_cast<std::int64_t>(ns / 1'000'000 + (ns % 1'000'000 != 0 ? 1 : 0))};
}

std::optional<int> month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(name, kMonths[i])) return static_cast<int>(i + 1);
  }
  return std::nullopt;
}

bool is_weekday_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  if (name.size() < 3) return false;
  for (auto d : kDays) {
    if (istarts_with(name, d)) return true;
  }
  return false;
}

// Units a message may spell out after a number: "22 seconds", "1.5 minutes".
struct WordUnit {
  std::string_view word;
  milliseconds unit;
};
constexpr std::array<WordUnit, 17> kWordUnits = {{
    {"ms", milliseconds{1}},
    {"msec", milliseconds{1}},
    {"millisecond", milliseconds{1}},
    {"milliseconds", milliseconds{1}},
    {"s", seconds{1}},
    {"sec", seconds{1}},
    {"secs", seconds{1}},
    {"second", seconds{1}},
    {"seconds", seconds{1}},
    {"min", minutes{1}},
    {"mins", minutes{1}},
    {"minute", minutes{1}},
    {"minutes", minutes{1}},
    {"hour", hours{1}},
    {"hours", hours{1}},
    {"day", days{1}},
    {"days", days{1}},
}};

// The duration at the start of `rest`: a Go-style token ("4m19.2s", "33.2s.") or a number and
// a unit word ("22 seconds").
std::optional<milliseconds> duration_prefix(std::string_view rest) {
  std::size_t end = 0;
  while (end < rest.size()) {
    const char c = rest[end];
    const bool in_token = is_digit(c) || c == '.' || (to_lower(c) >= 'a' && to_lower(c) <= 'z') ||
                          static_cast<unsigned char>(c) >= 0x80;
    if (!in_token) break;
    ++end;
  }
  std::string_view token = rest.substr(0, end);
  while (!token.empty() && token.back() == '.') token.remove_suffix(1);  // end of a sentence
  if (auto d = parse_go_duration(token)) return d;

  std::size_t i = 0;
  while (i < rest.size() && (is_digit(rest[i]) || rest[i] == '.')) ++i;
  std::string_view number = rest.substr(0, i);
  while (!number.empty() && number.back() == '.') number.remove_suffix(1);
  while (i < rest.size() && rest[i] == ' ') ++i;
  std::size_t w = i;
  while (w < rest.size() && to_lower(rest[w]) >= 'a' && to_lower(rest[w]) <= 'z') ++w;
  const std::string_view word = rest.substr(i, w - i);
  for (const auto& u : kWordUnits) {
    if (iequals(word, u.word)) return parse_decimal(number, u.unit);
  }
  return std::nullopt;
}

// The instant at the start of `rest`: an RFC 3339 token, epoch seconds, or a date with an
// optional " at HH:MM[:SS]" and an optional UTC/GMT ("2026-12-01 at 00:00 UTC").
std::optional<SysTime> instant_prefix(std::string_view rest) {
  std::size_t end = 0;
  while (end < rest.size() && rest[end] != ' ' && rest[end] != ',' && rest[end] != ')' &&
         rest[end] != ';') {
    ++end;
  }
  std::string_view token = rest.substr(0, end);
  while (!token.empty() && token.back() == '.') token.remove_suffix(1);
  if (auto t = parse_rfc3339(token)) return t;
  if (token.size() >= 9 && std::all_of(token.begin(), token.end(), is_digit)) {
    return parse_epoch_seconds(token);
  }

  const auto y = fixed_digits(rest, 0, 4);
  const auto mo = fixed_digits(rest, 5, 2);
  const auto d = fixed_digits(rest, 8, 2);
  if (!y || !mo || !d || rest[4] != '-' || rest[7] != '-') return std::nullopt;
  std::string_view tail = rest.substr(10);
  int h = 0, mi = 0, s = 0;
  if (istarts_with(tail, " at ")) {
    tail.remove_prefix(4);
    const auto th = fixed_digits(tail, 0, 2);
    const auto tm = fixed_digits(tail, 3, 2);
    if (!th || !tm || tail[2] != ':') return std::nullopt;
    h = *th;
    mi = *tm;
    tail.remove_prefix(5);
    if (!tail.empty() && tail.front() == ':') {
      const auto ts = fixed_digits(tail, 1, 2);
      if (!ts) return std::nullopt;
      s = *ts;
      tail.remove_prefix(3);
    }
  }
  // A named zone other than UTC would need a tz database: better no reset than a wrong one.
  tail = trim(tail);
  if (!tail.empty() && to_lower(tail.front()) >= 'a' && to_lower(tail.front()) <= 'z' &&
      !istarts_with(tail, "utc") && !istarts_with(tail, "gmt")) {
    return std::nullopt;
  }
  return make_time(*y, *mo, *d, h, mi, s);
}

// Reset phrases in messages, with the provider that writes each.
enum class TextKind { Duration, Instant };
struct TextMarker {
  std::string_view phrase;  // lower case
  TextKind kind;
};
constexpr std::array<TextMarker, 9> kTextMarkers = {{
    {"retry in ", TextKind::Duration},      // Gemini: "Please retry in 33.2s."
    {"try again in ", TextKind::Duration},  // OpenAI, Groq: "Please try again in 2s."
    {"retry after ", TextKind::Duration},   // Azure: "Please retry after 22 seconds."
    {"reset after ", TextKind::Duration},   // Code Assist: "Your quota will reset after 18h31m10s."
    {"resets after ", TextKind::Duration},  // generic wording of the same
    {"resets in ", TextKind::Duration},     // generic
    {"resets at ", TextKind::Instant},      // generic: "resets at 2026-11-23T13:00:00Z"
    {"reset at ", TextKind::Instant},       // generic
    {"regain access on ", TextKind::Instant},  // Anthropic spend limits: "... on 2026-12-01 at
                                               // 00:00 UTC"
}};

struct WindowFamily {
  std::string_view reset;
  std::string_view remaining;
  bool rfc3339;  // else a Go duration from now
};
constexpr std::array<WindowFamily, 6> kWindowFamilies = {{
    // OpenAI and Groq, on every response: Go durations relative to now.
    {"x-ratelimit-reset-requests", "x-ratelimit-remaining-requests", false},
    {"x-ratelimit-reset-tokens", "x-ratelimit-remaining-tokens", false},
    // Anthropic, on every response: RFC 3339 instants.
    {"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-requests-remaining", true},
    {"anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-tokens-remaining", true},
    {"anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-input-tokens-remaining", true},
    {"anthropic-ratelimit-output-tokens-reset", "anthropic-ratelimit-output-tokens-remaining",
     true},
}};

constexpr std::string_view kUnifiedPrefix = "anthropic-ratelimit-unified";

}  // namespace

std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return trim(value);
  }
  return std::nullopt;
}

std::optional<milliseconds> parse_go_duration(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // Go accepts it; a minus is refused
  if (s.empty()) return std::nullopt;
  if (s == "0") return milliseconds{0};
  std::uint64_t total = 0;
  while (!s.empty()) {
    std::uint64_t whole = 0;
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) {
      const auto digit = static_cast<std::uint64_t>(s[i] - '0');
      if (whole > (kMaxNs - digit) / 10) return std::nullopt;
      whole = whole * 10 + digit;
      ++i;
    }
    const bool has_whole = i > 0;
    std::string_view fraction;
    if (i < s.size() && s[i] == '.') {
      const std::size_t start = ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
      fraction = s.substr(start, i - start);
    }
    if (!has_whole && fraction.empty()) return std::nullopt;
    std::size_t u = i;
    while (u < s.size() && !is_digit(s[u]) && s[u] != '.') ++u;
    const std::string_view unit_name = s.substr(i, u - i);
    const auto unit = std::find_if(kGoUnits.begin(), kGoUnits.end(),
                                   [&](const GoUnit& g) { return g.name == unit_name; });
    if (unit == kGoUnits.end()) return std::nullopt;
    if (whole > kMaxNs / unit->ns) return std::nullopt;
    std::uint64_t part = whole * unit->ns;
    // The fraction digit by digit at a shrinking scale, exact to the nanosecond; anything finer
    // rounds up by one nanosecond (and so up to the next millisecond).
    std::uint64_t scale = unit->ns;
    bool finer = false;
    for (char c : fraction) {
      scale /= 10;
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (scale == 0) {
        finer = finer || digit != 0;
        continue;
      }
      part += digit * scale;
    }
    if (finer) ++part;
    if (part > kMaxNs - total) return std::nullopt;
    total += part;
    s.remove_prefix(u);
  }
  return ceil_ms(total);
}

std::string format_go_duration(milliseconds d) {
  if (d.count() < 0) return "-" + format_go_duration(-d);
  if (d.count() == 0) return "0s";
  if (d < seconds{1}) return std::to_string(d.count()) + "ms";
  const auto h = std::chrono::duration_cast<hours>(d);
  const auto m = std::chrono::duration_cast<minutes>(d - h);
  const auto ms = d - h - m;
  std::string out;
  if (h.count() > 0) out += std::to_string(h.count()) + "h";
  if (h.count() > 0 || m.count() > 0) out += std::to_string(m.count()) + "m";
  out += std::to_string(ms.count() / 1000);
  if (const auto frac = ms.count() % 1000; frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + "s";
}

std::optional<milliseconds> parse_decimal(std::string_view text, milliseconds unit) {
  text = trim(text);
  if (unit.count() <= 0) return std::nullopt;
  const auto per = static_cast<std::uint64_t>(unit.count());
  std::uint64_t whole = 0;
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (whole > (kMaxNs / 1'000'000 - digit) / 10) return std::nullopt;
    whole = whole * 10 + digit;
    ++i;
  }
  if (i == 0) return std::nullopt;
  if (whole > kMaxNs / 1'000'000 / per) return std::nullopt;
  std::uint64_t result = whole * per;
  if (i < text.size() && text[i] == '.') {
    ++i;
    // Up to nine fraction digits are exact enough; more (or any remainder) rounds up.
    std::uint64_t numerator = 0, denominator = 1;
    bool finer = false;
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (i - start < 9) {
        numerator = numerator * 10 + static_cast<std::uint64_t>(text[i] - '0');
        denominator *= 10;
      } else {
        finer = finer || text[i] != '0';
      }
      ++i;
    }
    const std::uint64_t scaled = numerator * per;
    result += scaled / denominator + ((scaled % denominator != 0 || finer) ? 1 : 0);
  }
  if (i != text.size()) return std::nullopt;
  return milliseconds{static_cast<std::int64_t>(result)};
}

std::optional<SysTime> parse_http_date(std::string_view text) {
  // Tokens split on blanks, commas and dashes cover all three RFC 9110 forms:
  // "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994".
  std::optional<int> day, month, year, h, mi, s;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ',' || text[pos] == '-')) ++pos;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != '-') ++end;
    const std::string_view token = text.substr(pos, end - pos);
    pos = end;
    if (token.empty()) break;
    if (token.size() == 8 && token[2] == ':' && token[5] == ':') {
      h = fixed_digits(token, 0, 2);
      mi = fixed_digits(token, 3, 2);
      s = fixed_digits(token, 6, 2);
      if (!h || !mi || !s) return std::nullopt;
    } else if (std::all_of(token.begin(), token.end(), is_digit)) {
      if (token.size() > 4) return std::nullopt;
      const int value = *fixed_digits(token, 0, token.size());
      if (!day && token.size() <= 2) {
        day = value;
      } else if (!year && token.size() == 4) {
        year = value;
      } else if (!year && token.size() == 2) {
        year = value < 70 ? 2000 + value : 1900 + value;  // RFC 850's two-digit years
      } else {
        return std::nullopt;
      }
    } else if (auto m = month_from_name(token); m && !month) {
      month = m;
    } else if (!(is_weekday_name(token) || iequals(token, "GMT") || iequals(token, "UTC"))) {
      return std::nullopt;
    }
  }
  if (!day || !month || !year || !h) return std::nullopt;
  return make_time(*year, *month, *day, *h, *mi, *s);
}

std::optional<SysTime> parse_rfc3339(std::string_view t) {
  t = trim(t);
  if (t.size() < 20) return std::nullopt;
  const auto y = fixed_digits(t, 0, 4), mo = fixed_digits(t, 5, 2), d = fixed_digits(t, 8, 2);
  const auto h = fixed_digits(t, 11, 2), mi = fixed_digits(t, 14, 2), s = fixed_digits(t, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  if (t[4] != '-' || t[7] != '-' || t[13] != ':' || t[16] != ':') return std::nullopt;
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  std::size_t i = 19;
  std::uint64_t frac_ns = 0;
  if (t[i] == '.') {
    ++i;
    std::uint64_t scale = 100'000'000;
    const std::size_t start = i;
    while (i < t.size() && is_digit(t[i])) {
      frac_ns += static_cast<std::uint64_t>(t[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  if (i >= t.size()) return std::nullopt;
  minutes offset{0};
  if (t[i] == 'Z' || t[i] == 'z') {
    ++i;
  } else if (t[i] == '+' || t[i] == '-') {
    const auto oh = fixed_digits(t, i + 1, 2), om = fixed_digits(t, i + 4, 2);
    if (!oh || !om || i + 3 >= t.size() || t[i + 3] != ':' || *oh > 23 || *om > 59) {
      return std::nullopt;
    }
    offset = hours{*oh} + minutes{*om};
    if (t[i] == '-') offset = -offset;
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  auto base = make_time(*y, *mo, *d, *h, *mi, *s);
  if (!base) return std::nullopt;
  // Local time = UTC + offset, so UTC = local - offset.
  return *base - offset + std::chrono::duration_cast<SysTime::duration>(ceil_ms(frac_ns));
}

std::optional<SysTime> parse_epoch_seconds(std::string_view text) {
  auto d = parse_decimal(text, seconds{1});
  if (!d) return std::nullopt;
  return SysTime{std::chrono::duration_cast<SysTime::duration>(*d)};
}

std::optional<SysTime> parse_retry_after(std::string_view value, SysTime now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (is_digit(value.front())) {
    auto d = parse_decimal(value, seconds{1});
    if (!d) return std::nullopt;
    return now + *d;
  }
  auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  return std::max(*date, now);
}

std::string format_rfc3339(SysTime t) {
  const auto ms = std::chrono::floor<milliseconds>(t);
  const auto day = std::chrono::floor<days>(ms);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<milliseconds> tod{ms - day};
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()),
                        unsigned(ymd.month()), unsigned(ymd.day()), int(tod.hours().count()),
                        int(tod.minutes().count()), int(tod.seconds().count()));
  std::string out(buf, static_cast<std::size_t>(n));
  if (const auto frac = tod.subseconds().count(); frac != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", int(frac));
    out += buf;
  }
  return out + "Z";
}

SysTime next_pacific_midnight(SysTime now) {
  using namespace std::chrono;
  const auto dst_start = [](year y) { return sys_days{y / March / Sunday[2]}; };
  const auto dst_end = [](year y) { return sys_days{y / November / Sunday[1]}; };
  // Daylight time for an instant: from 02:00 PST (10:00 UTC) on the start date to 02:00 PDT
  // (09:00 UTC) on the end date.
  const year utc_year = year_month_day{floor<days>(now)}.year();
  const bool pdt_now = now >= dst_start(utc_year) + hours{10} && now < dst_end(utc_year) + hours{9};
  const auto local = now + (pdt_now ? hours{-7} : hours{-8});
  const sys_days next_day = floor<days>(local) + days{1};
  // At local midnight the switch (at 02:00) has not happened yet that day: PDT holds on the
  // end date's midnight, PST on the start date's.
  const year y = year_month_day{next_day}.year();
  const bool pdt_then = next_day > dst_start(y) && next_day <= dst_end(y);
  return SysTime{next_day} + (pdt_then ? hours{7} : hours{8});
}

SysTime first_of_next_month_utc(SysTime now) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(now)};
  const year_month next = year_month{ymd.year(), ymd.month()} + months{1};
  return SysTime{sys_days{next / 1}};
}

std::optional<SysTime> retry_after_reset(const HeaderList& headers, SysTime now) {
  if (auto ms = find_header(headers, "retry-after-ms")) {
    if (auto d = parse_decimal(*ms, milliseconds{1})) return now + *d;
  }
  if (auto value = find_header(headers, "retry-after")) return parse_retry_after(*value, now);
  return std::nullopt;
}

std::optional<SysTime> window_reset(const HeaderList& headers, SysTime now) {
  std::optional<SysTime> latest_exhausted, latest_any;
  for (const auto& family : kWindowFamilies) {
    const auto value = find_header(headers, family.reset);
    if (!value) continue;
    std::optional<SysTime> at;
    if (family.rfc3339) {
      if (auto t = parse_rfc3339(*value)) at = std::max(*t, now);
    } else if (auto d = parse_go_duration(*value)) {
      at = now + *d;
    }
    if (!at) continue;
    latest_any = std::max(latest_any.value_or(*at), *at);
    if (find_header(headers, family.remaining) == std::optional<std::string_view>("0")) {
      latest_exhausted = std::max(latest_exhausted.value_or(*at), *at);
    }
  }
  return latest_exhausted ? latest_exhausted : latest_any;
}

bool anthropic_unified_rejected(const HeaderList& headers) {
  for (const auto& [name, value] : headers) {
    if (!istarts_with(name, kUnifiedPrefix) || name.size() < 7) continue;
    const std::string_view key = name;
    if (!iequals(key.substr(key.size() - 7), "-status")) continue;
    // Overage is a billing extension, not a window the request needs: its rejection alone does
    // not refuse a request, and its reset (a month away) must not stretch the cooldown.
    if (key.find("overage") != std::string_view::npos) continue;
    if (iequals(trim(value), "rejected")) return true;
  }
  return false;
}

std::optional<SysTime> anthropic_unified_reset(const HeaderList& headers, SysTime now) {
  std::optional<SysTime> latest;
  for (const auto& [name, value] : headers) {
    const std::string_view key = name;
    if (!istarts_with(key, kUnifiedPrefix) || key.size() < 7) continue;
    if (!iequals(key.substr(key.size() - 7), "-status")) continue;
    if (key.find("overage") != std::string_view::npos) continue;
    if (!iequals(trim(value), "rejected")) continue;
    const std::string reset_name = std::string(key.substr(0, key.size() - 7)) + "-reset";
    const auto reset = find_header(headers, reset_name);
    if (!reset) continue;
    if (auto t = parse_epoch_seconds(*reset)) latest = std::max(latest.value_or(*t), *t);
  }
  if (latest) return std::max(*latest, now);
  return std::nullopt;
}

std::optional<SysTime> reset_from_text(std::string_view message, SysTime now) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(), to_lower);
  for (const auto& marker : kTextMarkers) {
    for (std::size_t at = lower.find(marker.phrase); at != std::string::npos;
         at = lower.find(marker.phrase, at + 1)) {
      // Lower-casing keeps byte offsets, so the original text is parsed at the same place.
      const std::string_view rest = message.substr(at + marker.phrase.size());
      if (marker.kind == TextKind::Duration) {
        if (auto d = duration_prefix(rest)) return now + *d;
      } else if (auto t = instant_prefix(rest)) {
        return t;
      }
    }
  }
  return std::nullopt;
}

std::optional<SysTime> rate_limit_reset(const HeaderList& headers, SysTime now,
                                        std::optional<SysTime> from_body) {
  if (auto t = retry_after_reset(headers, now)) return t;
  if (auto t = window_reset(headers, now)) return t;
  if (from_body) return std::max(*from_body, now);
  return std::nullopt;
}

std::optional<SysTime> quota_reset(const HeaderList& headers, SysTime now,
                                   std::optional<SysTime> from_body,
                                   std::optional<SysTime> fallback) {
  if (from_body && *from_body > now) return from_body;
  if (auto t = retry_after_reset(headers, now); t && *t - now > kRetryHintLimit) return t;
  if (fallback && *fallback > now) return fallback;
  return std::nullopt;
}

}  // namespace sb
