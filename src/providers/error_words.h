// An upstream error's gist in words every client dialect has: what the gateway shows a client of
// another dialect when it returns an upstream's error answer.
#pragma once
#include <string>
namespace sb {
struct ErrorWords {
  std::string type;     // invalid_request_error, authentication_error, permission_error,
                        // not_found_error, rate_limit_error, overloaded_error, api_error
  std::string message;  // the upstream's own message
};
}  // namespace sb
