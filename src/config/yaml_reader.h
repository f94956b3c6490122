// A checked reader over a yaml-cpp document: the one place where node types, unknown keys and
// duplicate keys are caught, and where each error becomes a ConfigError naming file, line and
// dotted key. The config schema (config_loader.cpp) reads only through it, so it can assume every
// map it walks is well-formed.
//
// yaml-cpp keeps both entries of a duplicated key in a map node and `node["k"]` returns the first
// one, silently dropping the other; entries() iterates the map itself to catch that.
//
// Errors point at the line of the key an entry sits under (or of the list item), because yaml-cpp
// marks an empty value at the start of the next line. No message built here includes a secret's
// value, only its reference (`env:NAME`, `file:PATH`) or the word "literal".
#pragma once

#include <yaml-cpp/yaml.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace sb {

using Keys = std::span<const std::string_view>;

// One key/value of a map, already checked for type, uniqueness and being allowed.
struct Entry {
  std::string name;
  YAML::Node value;
  int line;          // of the key: where an error about this entry points
  std::string path;  // dotted key path, e.g. policy.timeouts.connect
};

class YamlReader {
 public:
  // `base_dir` anchors relative paths (`state`, `file:` secrets); empty: the working directory.
  YamlReader(std::string source, std::string base_dir)
      : source_(std::move(source)), base_dir_(std::move(base_dir)) {}

  [[noreturn]] void fail(int line, const std::string& key, std::string problem) const;

  // The entries of a map node, in document order; none for an empty value. `allowed` empty
  // accepts any key (maps of names such as `accounts`).
  std::vector<Entry> entries(const YAML::Node& node, const std::string& path, int line,
                             Keys allowed) const;
  std::string text(const Entry& e) const;
  // The elements of a list value, each an Entry named by its index (`key[i]`); `expected` is the
  // error when the value is not a list ("expected a list of ...").
  std::vector<Entry> items(const Entry& e, const std::string& expected) const;
  long long integer(const Entry& e, long long min, long long max) const;
  double number(const Entry& e) const;
  bool boolean(const Entry& e) const;  // true or false, nothing else (no YAML 1.1 yes/no/on)
  Duration duration(const Entry& e, Duration min) const;
  std::size_t size(const Entry& e) const;  // > 0
  // Resolves a secret reference; `source` receives its displayable form (see secret.h).
  Secret secret(const Entry& e, std::string& source) const;
  // An absolute http:// or https:// URL with a host (webhooks).
  std::string http_url(const Entry& e) const;
  // `~` expanded, relative to base_dir.
  std::string path(const Entry& e) const;

  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::string base_dir_;
};

std::string join_key(const std::string& path, const std::string& name);
std::string comma_list(Keys keys);
std::string comma_list(const std::vector<std::string>& names);
bool contains(Keys keys, std::string_view name);
// `did you mean "x"? ` when one candidate is an obvious typo away, else empty.
std::string did_you_mean(std::string_view word, Keys candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
// "a map", "a list", "a single value", "nothing": for "expected X, got Y" messages.
std::string kind_of(const YAML::Node& n);
int line_of(const YAML::Node& n, int fallback);

}  // namespace sb
