// Secret references (SPEC §2): `env:NAME` reads the environment, `file:PATH` reads a file (`~`
// expanded, relative paths from the config file's directory, surrounding whitespace trimmed), and
// any other text is the key itself. Resolution happens once, at load; a reference that yields
// nothing is an error rather than an empty key, so a typo in a variable name stops the start
// instead of surfacing later as a 401 from the provider.
//
// Invariant: `source` and `problem` never contain the secret value, only the reference, so both
// may be logged and shown in errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace sb {

struct SecretLookup {
  std::optional<Secret> secret;  // set when the reference resolved to a non-empty value
  std::string source;            // how to show it: "env:NAME", "file:PATH" as written, "literal"
  std::string problem;           // why it did not resolve, when secret is empty
};

// `base_dir` anchors relative `file:` paths; empty means the working directory.
SecretLookup resolve_secret(std::string_view ref, const std::string& base_dir);

}  // namespace sb
