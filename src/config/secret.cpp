// Resolves secret references; see secret.h. Every message built here names the reference and
// never the value: a problem with a literal key says "the literal api_key", nothing more.
#include "config/secret.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace sb {
namespace {

// A key file larger than this is almost certainly the wrong file (a key is ~50-200 bytes).
constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

SecretLookup from_env(std::string_view ref) {
  SecretLookup out;
  out.source = std::string(ref);
  std::string name(ref.substr(4));
  if (name.empty()) {
    out.problem = "`env:` needs a variable name, e.g. env:OPENAI_API_KEY";
    return out;
  }
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    out.problem =
        "missing secret: environment variable " + name + " is not set (" + out.source + ")";
  } else if (*value == '\0') {
    out.problem = "missing secret: environment variable " + name + " is empty (" + out.source + ")";
  } else if (has_line_break(value)) {
    out.problem = "environment variable " + name + " contains a line break (" + out.source + ")";
  } else {
    out.secret = Secret(value);
  }
  return out;
}

// Reads at most kMaxSecretFileBytes + 1 bytes, so an oversized file is detected without reading
// all of it. Returns the errno text on failure.
std::optional<std::string> read_small_file(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string data;
  char buf[4096];
  while (data.size() <= kMaxSecretFileBytes) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return data;
}

SecretLookup from_file(std::string_view ref, const std::string& base_dir) {
  SecretLookup out;
  out.source = std::string(ref);
  std::string written(ref.substr(5));
  if (written.empty()) {
    out.problem = "`file:` needs a path, e.g. file:~/.config/openai.key";
    return out;
  }
  std::filesystem::path path = expand_home(written);
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;

  std::string error;
  auto data = read_small_file(path.string(), error);
  if (!data) {
    out.problem =
        "missing secret: cannot read " + path.string() + ": " + error + " (" + out.source + ")";
    return out;
  }
  if (data->size() > kMaxSecretFileBytes) {
    out.problem = "secret file " + path.string() +
                  " is larger than 64 KiB; is it the right file? (" + out.source + ")";
    return out;
  }
  std::string_view value = trim(*data);
  if (value.empty()) {
    out.problem = "missing secret: " + path.string() + " is empty (" + out.source + ")";
  } else if (has_line_break(value)) {
    out.problem = "secret file " + path.string() + " holds more than one line; it must contain " +
                  "only the key (" + out.source + ")";
  } else {
    out.secret = Secret(std::string(value));
  }
  return out;
}

}  // namespace

SecretLookup resolve_secret(std::string_view ref, const std::string& base_dir) {
  if (ref.starts_with("env:")) return from_env(ref);
  if (ref.starts_with("file:")) return from_file(ref, base_dir);
  SecretLookup out;
  out.source = "literal";
  if (ref.empty()) {
    out.problem = "the key is empty; write env:NAME, file:PATH or the key itself";
  } else if (has_line_break(ref)) {
    out.problem = "the literal key contains a line break";
  } else {
    out.secret = Secret(std::string(ref));
  }
  return out;
}

}  // namespace sb
