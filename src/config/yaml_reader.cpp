// See yaml_reader.h.
#include "config/yaml_reader.h"

#include <boost/url/parse.hpp>
#include <charconv>
#include <filesystem>
#include <map>

#include "config/secret.h"

namespace sb {
namespace {

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so `retires` is
// one edit from `retries`.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// The candidate an obvious typo was meant to be, if exactly one is close enough.
std::optional<std::string_view> closest(std::string_view word, Keys candidates) {
  const std::size_t limit = word.size() >= 5 ? 2 : 1;
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (auto c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace

void YamlReader::fail(int line, const std::string& key, std::string problem) const {
  throw ConfigError(source_, line, key, std::move(problem));
}

std::string join_key(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

std::string comma_list(Keys keys) {
  std::string out;
  for (auto k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

std::string comma_list(const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  return comma_list(Keys(views));
}

bool contains(Keys keys, std::string_view name) {
  return std::find(keys.begin(), keys.end(), name) != keys.end();
}

std::string did_you_mean(std::string_view word, Keys candidates) {
  auto c = closest(word, candidates);
  return c ? "did you mean \"" + std::string(*c) + "\"? " : std::string();
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return did_you_mean(word, Keys(views));
}

std::string kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "a single value";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Undefined: break;
  }
  return "an undefined value";
}

int line_of(const YAML::Node& n, int fallback) {
  return n.Mark().line >= 0 ? n.Mark().line + 1 : fallback;
}

std::vector<Entry> YamlReader::entries(const YAML::Node& node, const std::string& path, int line,
                                       Keys allowed) const {
  std::vector<Entry> out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) fail(line, path, "expected a map, got " + kind_of(node));
  std::map<std::string, int, std::less<>> seen;
  for (const auto& kv : node) {
    // Copies: yaml-cpp's iterator hands out proxies, and a reference into one would dangle.
    const YAML::Node key = kv.first;
    int key_line = line_of(key, line);
    if (!key.IsScalar()) fail(key_line, path, "expected a plain key, got " + kind_of(key));
    std::string name = key.Scalar();
    std::string child = join_key(path, name);
    if (!allowed.empty() && !contains(allowed, name)) {
      fail(key_line, child,
           "unknown key \"" + name + "\" (" + did_you_mean(name, allowed) +
               "allowed here: " + comma_list(allowed) + ")");
    }
    if (auto [first, inserted] = seen.emplace(name, key_line); !inserted) {
      fail(key_line, child,
           "duplicate key \"" + name + "\" (first defined on line " +
               std::to_string(first->second) + "; YAML would silently keep only one)");
    }
    out.push_back(Entry{name, kv.second, key_line, child});
  }
  return out;
}

std::string YamlReader::text(const Entry& e) const {
  if (!e.value.IsScalar()) fail(e.line, e.path, "expected a string, got " + kind_of(e.value));
  return e.value.Scalar();
}

long long YamlReader::integer(const Entry& e, long long min, long long max) const {
  std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!e.value.IsScalar()) fail(e.line, e.path, "expected " + range + ", got " + kind_of(e.value));
  const std::string& s = e.value.Scalar();
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
    fail(e.line, e.path, "expected " + range + ", got \"" + s + "\"");
  }
  return v;
}

double YamlReader::number(const Entry& e) const {
  if (!e.value.IsScalar()) fail(e.line, e.path, "expected a number, got " + kind_of(e.value));
  const std::string& s = e.value.Scalar();
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    fail(e.line, e.path, "expected a number, got \"" + s + "\"");
  }
  return v;
}

bool YamlReader::boolean(const Entry& e) const {
  if (e.value.IsScalar() && (e.value.Scalar() == "true" || e.value.Scalar() == "false")) {
    return e.value.Scalar() == "true";
  }
  fail(e.line, e.path,
       "expected true or false, got " +
           (e.value.IsScalar() ? "\"" + e.value.Scalar() + "\"" : kind_of(e.value)));
}

Duration YamlReader::duration(const Entry& e, Duration min) const {
  constexpr std::string_view kHow = "write a whole number and a unit: 250ms, 2s, 10m, 1h, 1d";
  if (!e.value.IsScalar()) {
    fail(e.line, e.path, "bad duration: got " + kind_of(e.value) + "; " + std::string(kHow));
  }
  const std::string& s = e.value.Scalar();
  auto d = parse_duration(s);
  if (!d) fail(e.line, e.path, "bad duration \"" + s + "\": " + std::string(kHow));
  if (*d < min) {
    fail(e.line, e.path,
         "duration \"" + s + "\" is too short (at least " + format_duration(min) + ")");
  }
  return *d;
}

std::size_t YamlReader::size(const Entry& e) const {
  constexpr std::string_view kHow = "write bytes, or a number with KiB, MiB, GiB (or KB, MB, GB)";
  if (!e.value.IsScalar()) {
    fail(e.line, e.path, "bad size: got " + kind_of(e.value) + "; " + std::string(kHow));
  }
  const std::string& s = e.value.Scalar();
  auto n = parse_size(s);
  if (!n) fail(e.line, e.path, "bad size \"" + s + "\": " + std::string(kHow));
  if (*n == 0) fail(e.line, e.path, "size must be larger than 0");
  return *n;
}

Secret YamlReader::secret(const Entry& e, std::string& source) const {
  // Type errors name only the kind of node: its content may be the key itself.
  if (!e.value.IsScalar()) {
    fail(e.line, e.path, "expected env:NAME, file:PATH or the key itself, got " + kind_of(e.value));
  }
  SecretLookup found = resolve_secret(e.value.Scalar(), base_dir_);
  if (!found.secret) fail(e.line, e.path, found.problem);
  source = found.source;
  return std::move(*found.secret);
}

std::vector<Entry> YamlReader::items(const Entry& e, const std::string& expected) const {
  if (!e.value.IsSequence()) fail(e.line, e.path, expected);
  std::vector<Entry> out;
  for (std::size_t i = 0; i < e.value.size(); ++i) {
    out.push_back(Entry{std::to_string(i), e.value[i], line_of(e.value[i], e.line),
                        e.path + "[" + std::to_string(i) + "]"});
  }
  return out;
}

std::string YamlReader::http_url(const Entry& e) const {
  const std::string url = text(e);
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty()) {
    fail(e.line, e.path, "expected an http:// or https:// URL");
  }
  return url;
}

std::string YamlReader::path(const Entry& e) const {
  std::string written = text(e);
  if (written.empty()) fail(e.line, e.path, "expected a path, got an empty string");
  // SQLite's in-memory database: a name, not a file.
  if (written == ":memory:") return written;
  std::filesystem::path p = expand_home(written);
  if (p.is_relative() && !base_dir_.empty()) p = std::filesystem::path(base_dir_) / p;
  return p.string();
}

}  // namespace sb
