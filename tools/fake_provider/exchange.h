// The request being answered on one connection, and the writers every dialect answers with. A
// dialect (endpoints.h) decides what to say; these decide how it leaves: a whole JSON reply, a
// stall that watches the socket, a stream written event by event as HTTP chunks (each flushed on
// its own, so a client observes pacing, drops and mid-stream errors as it would from a real
// provider), or a completion cut in half. Keeping them in one place is what makes `stall`, `pace`,
// `drop` and `midstream_error` behave identically in every dialect.
//
// Every writer returns whether the connection may carry another request: "close after this"
// (Connection: close, a deliberate drop, a failed write) is one `false`, never an exception.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/net.h"
#include "fake_provider/behaviour.h"
#include "fake_provider/openai_replies.h"
#include "fake_provider/provider_state.h"

namespace sb::fake {

using Request = http::request<http::string_body>;

// What the session accepts in one request (larger is a 431 or a 413). A stall keeps reading to
// notice the client leaving, and gives up once a pipelining client piles up more than both.
inline constexpr std::uint32_t kHeaderLimit = 64 * 1024;
inline constexpr std::uint64_t kBodyLimit = 8 * 1024 * 1024;

// The connection being served and the request being answered.
struct Exchange {
  beast::tcp_stream& stream;
  beast::flat_buffer& buffer;
  ProviderState& state;
  unsigned version = 11;
  bool keep_alive = false;
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
  // OpenAI's x-request-id and openai-* headers. Anthropic and Gemini answers carry their own
  // identifiers in the Reply's headers instead, so a dialect turns this off.
  bool openai_headers = true;
};

// A whole JSON reply (errors, lists, stats): send_completion without a drop.
net::awaitable<bool> send_reply(Exchange& x, Reply reply);

// Waits `how_long` (kStallForever: until the client or the server closes) unless the client
// closes first (false then). Bytes that arrive meanwhile (a pipelined request) are kept in the
// connection's buffer for after this answer.
net::awaitable<bool> stall(Exchange& x, std::chrono::milliseconds how_long);

// A 200 event stream: `headers` (which may replace the default text/event-stream content type),
// then script.head, script.content and script.tail, each event its own HTTP chunk, `b.pace`
// apart. `b.drop_after` closes the connection after that many content events; at
// `b.midstream_error_after` content events `error_event` is sent instead of the rest and the
// chunked body ends cleanly (stream_cut_point says where, for dialects that number events).
net::awaitable<bool> send_stream(Exchange& x, const StreamScript& script, const Behaviour& b,
                                 const Headers& headers, const std::string& error_event);

// A whole JSON answer (`reply.status`, normally 200), or under a drop directive the full
// Content-Length with half the body.
net::awaitable<bool> send_completion(Exchange& x, Reply& reply, const Behaviour& b);

// Seconds since the Unix epoch: the `created` of OpenAI answers.
std::int64_t unix_now();

// The Bearer token of the Authorization header, trimmed; "" when there is none.
std::string_view bearer_key(const Request& req);

}  // namespace sb::fake
