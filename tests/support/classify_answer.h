// What the gateway's own classify() makes of an answer the fake provider gave, so that each fake
// dialect's test holds the fake and the classifier to one another: they cannot drift apart.
#pragma once

#include "providers/failure_class.h"
#include "support/http_client.h"

namespace sb::test {

// `r` as an answer of a `provider` upstream: its status, headers and whole body; or, with
// `in_stream`, the data of its last stream event (a 200 stream that failed midway).
Failure classify_answer(ProviderType provider, const Response& r, bool in_stream = false);

}  // namespace sb::test
