// An in-process fake of the OpenAI Chat Completions, OpenAI Responses, Anthropic Messages and
// Gemini APIs: a real HTTP/1.1 server on loopback whose answers and failures are scripted by the
// request itself (directives in the API key and the model name, see behaviour.h). The
// integration tests, the gateway's `make run` demo and the benchmarks all use it, so it stays
// cheap per request and runs on as many threads as asked.
//
// Endpoints: POST /v1/chat/completions, POST /v1/responses, POST /v1/messages,
// POST /v1beta/models/{model}:generateContent and :streamGenerateContent, GET /v1/models,
// GET /v1beta/models, GET /_fake/stats (the Stats as JSON), POST /_fake/reset. Anything else is a
// 404 in OpenAI's error shape. Each dialect wants its provider's credentials: the OpenAI endpoints
// `Authorization: Bearer <key>`; /v1/messages `x-api-key` (or Bearer) and `anthropic-version`;
// Gemini `x-goog-api-key`, `?key=` or Bearer. Any key will do: it only names the caller and
// carries directives; without one the answer is the provider's own refusal (401, or Gemini's
// 403). The /_fake endpoints need no key.
//
// Threading: start() returns once the socket listens; the server then runs on its own threads
// until stop(). stats()/reset_stats() are safe from any thread. stop() must not be called from a
// handler running on the provider's own threads (it joins them).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace sb::fake {

struct Stats {
  std::uint64_t requests = 0;                     // dialect requests received (any outcome)
  std::uint64_t connections = 0;                  // TCP connections accepted
  std::map<std::string, std::uint64_t> by_key;    // by the key's first `+`-piece
  std::map<std::string, std::uint64_t> by_model;  // by the requested model, as sent (decoded)
  std::string last_body;  // of the last request to a dialect endpoint, as received
};

class FakeProvider;
using FakeProviderPtr = std::unique_ptr<FakeProvider>;

class FakeProvider {
 public:
  // Binds host:port (port 0 = any) and serves on `threads` threads of its own until stop().
  // Throws boost::system::system_error when the address cannot be resolved or bound (a startup
  // error, not the data path).
  static FakeProviderPtr start(const std::string& host = "127.0.0.1", std::uint16_t port = 0,
                               unsigned threads = 1);
  ~FakeProvider();
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT/v1"
  Stats stats() const;           // thread-safe snapshot
  void reset_stats();
  // Idempotent; also run by the destructor. Returns promptly even with stalled requests: open
  // connections are closed mid-response, not drained.
  void stop();

 private:
  struct Impl;
  explicit FakeProvider(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::fake
