// A strict reader of the Prometheus text exposition format (0.0.4), for tests of GET /metrics:
// anything the format does not allow, or that Prometheus would reject on scrape, throws
// std::runtime_error naming the line. Header-only, so unit and integration tests share it.
//
// Checked: every line ends in LF (the text too); HELP and TYPE at most once per family and before
// its samples; metric and label names well formed; label values escape only \\, \" and \n; values
// are Go floats (NaN, +Inf, -Inf included); a family's lines are contiguous; no series twice;
// histograms have `le` buckets in increasing order with cumulative counts, a +Inf bucket equal to
// _count, and a _sum; counters are not negative.
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sb::test {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromFamily {
  std::string type = "untyped";
  std::string help;
  std::vector<PromSample> samples;
};

struct PromText {
  std::map<std::string, PromFamily> families;
  // The value of the sample `name` with exactly these labels; throws when absent.
  double value(const std::string& name, const std::map<std::string, std::string>& labels) const {
    for (const auto& [family_name, family] : families) {
      for (const auto& s : family.samples) {
        if (s.name == name && s.labels == labels) return s.value;
      }
    }
    throw std::runtime_error("no sample " + name);
  }
  bool has(const std::string& name, const std::map<std::string, std::string>& labels) const {
    try {
      value(name, labels);
      return true;
    } catch (const std::runtime_error&) {
      return false;
    }
  }
};

namespace prom_detail {

inline bool is_name_start(char c, bool colon_ok) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
}
inline bool is_name_char(char c, bool colon_ok) {
  return is_name_start(c, colon_ok) || (c >= '0' && c <= '9');
}

inline std::string_view take_name(std::string_view& s, bool colon_ok) {
  std::size_t n = 0;
  if (s.empty() || !is_name_start(s[0], colon_ok)) return {};
  while (n < s.size() && is_name_char(s[n], colon_ok)) ++n;
  const auto name = s.substr(0, n);
  s.remove_prefix(n);
  return name;
}

inline double parse_value(std::string_view text) {
  if (text == "NaN") return NAN;
  if (text == "+Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text.empty()) throw std::runtime_error("empty value");
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      throw std::runtime_error("bad value " + std::string(text));
    }
  }
  std::string copy(text);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) throw std::runtime_error("bad value " + copy);
  return v;
}

}  // namespace prom_detail

inline PromText parse_prometheus_text(std::string_view text) {
  using namespace prom_detail;
  PromText out;
  if (text.empty() || text.back() != '\n') throw std::runtime_error("text must end with LF");
  std::set<std::string> help_seen, type_seen, series_seen, closed_families;
  std::string current_family;
  int line_number = 0;
  // The family a sample name belongs to: its own name, or a histogram's base name.
  auto family_of = [&](const std::string& name) -> std::string {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string_view sv(name);
      if (sv.ends_with(suffix)) {
        const std::string base(sv.substr(0, sv.size() - std::string_view(suffix).size()));
        auto it = out.families.find(base);
        if (it != out.families.end() && it->second.type == "histogram") return base;
      }
    }
    return name;
  };
  auto enter_family = [&](const std::string& family, int line) {
    if (family == current_family) return;
    if (closed_families.count(family)) {
      throw std::runtime_error("line " + std::to_string(line) + ": family " + family +
                               " is not contiguous");
    }
    if (!current_family.empty()) closed_families.insert(current_family);
    current_family = family;
  };

  while (!text.empty()) {
    ++line_number;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol + 1);
    const std::string where = "line " + std::to_string(line_number) + ": ";
    if (line.empty()) throw std::runtime_error(where + "empty line");
    if (line[0] == '#') {
      std::string_view rest = line.substr(1);
      if (!rest.starts_with(" HELP ") && !rest.starts_with(" TYPE ")) {
        throw std::runtime_error(where + "only HELP and TYPE comments are expected");
      }
      const bool help = rest.starts_with(" HELP ");
      rest.remove_prefix(6);
      const std::string name(take_name(rest, true));
      if (name.empty() || rest.empty() || rest[0] != ' ') {
        throw std::runtime_error(where + "bad metric name");
      }
      rest.remove_prefix(1);
      enter_family(name, line_number);
      PromFamily& family = out.families[name];
      if (!family.samples.empty()) throw std::runtime_error(where + "HELP/TYPE after samples");
      if (help) {
        if (!help_seen.insert(name).second) throw std::runtime_error(where + "second HELP");
        for (std::size_t i = 0; i < rest.size(); ++i) {
          if (rest[i] != '\\') {
            family.help += rest[i];
            continue;
          }
          if (i + 1 >= rest.size() || (rest[i + 1] != '\\' && rest[i + 1] != 'n')) {
            throw std::runtime_error(where + "bad escape in HELP");
          }
          family.help += rest[++i] == 'n' ? '\n' : '\\';
        }
      } else {
        if (!type_seen.insert(name).second) throw std::runtime_error(where + "second TYPE");
        const std::string type(rest);
        if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
            type != "untyped") {
          throw std::runtime_error(where + "unknown type " + type);
        }
        family.type = type;
      }
      continue;
    }

    PromSample sample;
    std::string_view rest = line;
    sample.name = std::string(take_name(rest, true));
    if (sample.name.empty()) throw std::runtime_error(where + "bad metric name");
    if (!rest.empty() && rest[0] == '{') {
      rest.remove_prefix(1);
      while (!rest.empty() && rest[0] != '}') {
        const std::string label(take_name(rest, false));
        if (label.empty() || label.starts_with("__")) {
          throw std::runtime_error(where + "bad label name");
        }
        if (!rest.starts_with("=\"")) throw std::runtime_error(where + "expected =\"");
        rest.remove_prefix(2);
        std::string value;
        for (;;) {
          if (rest.empty()) throw std::runtime_error(where + "unterminated label value");
          const char c = rest[0];
          rest.remove_prefix(1);
          if (c == '"') break;
          if (c == '\n') throw std::runtime_error(where + "raw LF in a label value");
          if (c != '\\') {
            value += c;
            continue;
          }
          if (rest.empty()) throw std::runtime_error(where + "dangling escape");
          const char e = rest[0];
          rest.remove_prefix(1);
          if (e == '\\')
            value += '\\';
          else if (e == '"')
            value += '"';
          else if (e == 'n')
            value += '\n';
          else
            throw std::runtime_error(where + "bad escape in a label value");
        }
        if (!sample.labels.emplace(label, value).second) {
          throw std::runtime_error(where + "label " + label + " twice");
        }
        if (!rest.empty() && rest[0] == ',') rest.remove_prefix(1);
      }
      if (rest.empty()) throw std::runtime_error(where + "unterminated label set");
      rest.remove_prefix(1);
    }
    if (rest.empty() || rest[0] != ' ') throw std::runtime_error(where + "expected a space");
    rest.remove_prefix(1);
    const std::size_t space = rest.find(' ');
    sample.value = parse_value(rest.substr(0, space));
    if (space != std::string_view::npos) {
      const std::string_view stamp = rest.substr(space + 1);
      if (stamp.empty() || stamp.find_first_not_of("-0123456789") != std::string_view::npos) {
        throw std::runtime_error(where + "bad timestamp");
      }
    }
    const std::string family_name = family_of(sample.name);
    enter_family(family_name, line_number);
    PromFamily& family = out.families[family_name];
    std::string series = sample.name;
    for (const auto& [k, v] : sample.labels) series += "|" + k + "=" + v;
    if (!series_seen.insert(series).second) throw std::runtime_error(where + "duplicate series");
    if (family.type == "counter" && !(sample.value >= 0)) {
      throw std::runtime_error(where + "negative counter");
    }
    family.samples.push_back(std::move(sample));
  }

  // Histograms: per label set (without le), increasing le, cumulative counts, +Inf = _count.
  for (const auto& [name, family] : out.families) {
    if (family.type != "histogram") continue;
    struct Series {
      std::vector<std::pair<double, double>> buckets;
      bool has_sum = false;
      std::optional<double> count;
    };
    std::map<std::map<std::string, std::string>, Series> by_labels;
    for (const auto& s : family.samples) {
      auto labels = s.labels;
      if (s.name == name + "_bucket") {
        auto le = labels.find("le");
        if (le == labels.end()) throw std::runtime_error(name + ": bucket without le");
        const double bound = parse_value(le->second);
        labels.erase(le);
        by_labels[labels].buckets.emplace_back(bound, s.value);
      } else if (s.name == name + "_sum") {
        by_labels[labels].has_sum = true;
      } else if (s.name == name + "_count") {
        by_labels[labels].count = s.value;
      } else {
        throw std::runtime_error(name + ": stray sample " + s.name);
      }
    }
    for (const auto& [labels, series] : by_labels) {
      if (series.buckets.empty() || !series.has_sum || !series.count) {
        throw std::runtime_error(name + ": incomplete histogram");
      }
      for (std::size_t i = 1; i < series.buckets.size(); ++i) {
        if (!(series.buckets[i].first > series.buckets[i - 1].first)) {
          throw std::runtime_error(name + ": le not increasing");
        }
        if (series.buckets[i].second < series.buckets[i - 1].second) {
          throw std::runtime_error(name + ": buckets not cumulative");
        }
      }
      if (!std::isinf(series.buckets.back().first) ||
          series.buckets.back().second != *series.count) {
        throw std::runtime_error(name + ": +Inf bucket missing or unequal to _count");
      }
    }
  }
  return out;
}

}  // namespace sb::test
