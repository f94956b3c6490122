#include "metrics/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sb {

namespace {

// Between label values in a series key: a byte no label value of ours holds (they come from
// YAML keys, HTTP status codes and fixed words); a value that did hold it would only share a
// series with another, never break the output.
constexpr char kKeySeparator = '\x1f';

std::string_view type_name(MetricType t) {
  switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Gauge: return "gauge";
    case MetricType::Histogram: return "histogram";
  }
  return "untyped";
}

// Label values escape backslash, double quote and line feed; HELP text backslash and line feed.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

// `{a="x",b="y"}`, with `extra` (le="...") last; nothing when there are no labels at all.
void append_labels(std::string& out, const MetricSpec& spec, const std::vector<std::string>& values,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (spec.labels.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  auto one = [&](std::string_view name, std::string_view value) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    append_escaped(out, value, true);
    out += '"';
  };
  for (std::size_t i = 0; i < spec.labels.size(); ++i) one(spec.labels[i], values[i]);
  if (!extra_name.empty()) one(extra_name, extra_value);
  out += '}';
}

}  // namespace

const std::vector<MetricSpec>& metric_specs() {
#define SB_METRIC_SPEC(name, type, help, ...) \
  MetricSpec{"switchboard_" #name, MetricType::type, help, {__VA_ARGS__}},
  static const std::vector<MetricSpec> specs{SB_METRICS(SB_METRIC_SPEC)};
#undef SB_METRIC_SPEC
  return specs;
}

const std::vector<double>& histogram_bounds() {
  static const std::vector<double> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                          2.5,   5,    10,    30,   60,  120,  300};
  return bounds;
}

Metrics::Metrics() : families_(metric_specs().size()) {}

Metrics::Series& Metrics::series(MetricId id, Labels labels) {
  const auto index = static_cast<std::size_t>(id);
  const MetricSpec& spec = metric_specs()[index];
  if (labels.size() != spec.labels.size()) {
    throw std::logic_error(
        fmt::format("{} takes {} labels, not {}", spec.name, spec.labels.size(), labels.size()));
  }
  key_.clear();
  for (std::string_view value : labels) {
    key_ += value;
    key_ += kKeySeparator;
  }
  Family& family = families_[index];
  auto it = family.find(std::string_view(key_));
  if (it == family.end()) {
    Series fresh;
    fresh.label_values.assign(labels.begin(), labels.end());
    if (spec.type == MetricType::Histogram) fresh.buckets.assign(histogram_bounds().size(), 0);
    it = family.emplace(key_, std::move(fresh)).first;
  }
  return it->second;
}

void Metrics::Batch::add(MetricId id, Labels labels, double delta) {
  metrics_.series(id, labels).value += delta;
}

void Metrics::Batch::set(MetricId id, Labels labels, double value) {
  metrics_.series(id, labels).value = value;
}

void Metrics::Batch::observe(MetricId id, Labels labels, double value) {
  Series& s = metrics_.series(id, labels);
  const auto& bounds = histogram_bounds();
  const auto at = std::lower_bound(bounds.begin(), bounds.end(), value);
  if (at != bounds.end()) ++s.buckets[static_cast<std::size_t>(at - bounds.begin())];
  ++s.count;
  s.sum += value;
}

std::string Metrics::exposition() const {
  // A copy under the lock, formatted outside it: requests recording meanwhile never wait for
  // the text.
  std::vector<Family> families;
  {
    std::lock_guard lock(mutex_);
    families = families_;
  }
  std::string out;
  out.reserve(16 * 1024);
  const auto& specs = metric_specs();
  const auto& bounds = histogram_bounds();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const MetricSpec& spec = specs[i];
    out += "# HELP " + spec.name + ' ';
    append_escaped(out, spec.help, false);
    out += "\n# TYPE " + spec.name + ' ';
    out += type_name(spec.type);
    out += '\n';
    for (const auto& [key, s] : families[i]) {
      if (spec.type != MetricType::Histogram) {
        out += spec.name;
        append_labels(out, spec, s.label_values);
        out += ' ';
        append_number(out, s.value);
        out += '\n';
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t b = 0; b <= bounds.size(); ++b) {
        cumulative = b < bounds.size() ? cumulative + s.buckets[b] : s.count;
        std::string le;
        if (b < bounds.size()) {
          append_number(le, bounds[b]);
        } else {
          le = "+Inf";
        }
        out += spec.name + "_bucket";
        append_labels(out, spec, s.label_values, "le", le);
        out += fmt::format(" {}\n", cumulative);
      }
      out += spec.name + "_sum";
      append_labels(out, spec, s.label_values);
      out += ' ';
      append_number(out, s.sum);
      out += '\n';
      out += spec.name + "_count";
      append_labels(out, spec, s.label_values);
      out += fmt::format(" {}\n", s.count);
    }
  }
  return out;
}

}  // namespace sb
