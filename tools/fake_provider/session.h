// One HTTP/1.1 connection of the fake provider, as one coroutine: read a request, answer it as
// its directives say, repeat while the client keeps the connection alive.
//
// Bounds: headers 64 KiB (431 beyond), body 8 MiB (413 beyond), 30 s to receive a request once
// the connection is idle or a request has begun, 30 s per write. Stalls and paces are
// steady_timer waits, never blocking sleeps; a stall also watches the socket, so a client that
// gives up frees its connection at once instead of when the stall ends.
#pragma once

#include "core/net.h"
#include "fake_provider/provider_state.h"

namespace sb::fake {

// Run on the socket's own strand. Returns when the connection is closed by either side;
// exceptions (bugs, allocation failure) escape to the co_spawn completion handler.
net::awaitable<void> serve_connection(tcp::socket socket, ProviderState& state);

}  // namespace sb::fake
