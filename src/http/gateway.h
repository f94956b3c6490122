// The application behind the HTTP server: routes each request to its endpoint and holds what
// every endpoint shares, chiefly the current configuration (an immutable snapshot, swapped
// whole on reload, so a request sees one consistent config from start to end).
#pragma once

#include <atomic>
#include <memory>

#include "config/config.h"
#include "core/net.h"
#include "http/response_writer.h"
#include "http/server.h"

namespace sb {

class Gateway {
 public:
  explicit Gateway(ConfigPtr config) : config_(std::move(config)) {}

  ConfigPtr config() const { return config_.load(); }
  void set_config(ConfigPtr config) { config_.store(std::move(config)); }

  net::awaitable<void> handle(Worker& worker, HttpRequest& request, ResponseWriter& out);

  // A Server::Handler that forwards to this gateway.
  Server::Handler handler() {
    return [this](Worker& w, HttpRequest& r, ResponseWriter& o) { return handle(w, r, o); };
  }

 private:
  std::atomic<ConfigPtr> config_;
};

}  // namespace sb
