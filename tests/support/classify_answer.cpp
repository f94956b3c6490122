#include "support/classify_answer.h"

#include <chrono>
#include <string>

namespace sb::test {

Failure classify_answer(ProviderType provider, const Response& r, bool in_stream) {
  UpstreamOutcome outcome;
  outcome.status = r.status;
  outcome.headers = r.headers;
  const std::string body = in_stream ? r.sse_data().back() : r.body;
  outcome.body = body;
  outcome.in_stream = in_stream;
  return classify(provider, outcome, std::chrono::system_clock::now());
}

}  // namespace sb::test
