#include "http/outbound_worker.h"

namespace sb {

OutboundWorker::OutboundWorker()
    : tls_(make_client_tls_context()),
      pool_(std::make_unique<UpstreamPool>(io_.get_executor(), *tls_)),
      work_(net::make_work_guard(io_)),
      thread_([this] { io_.run(); }) {}

OutboundWorker::~OutboundWorker() { finish(); }

void OutboundWorker::spawn(net::awaitable<void> work) {
  net::co_spawn(io_, std::move(work), net::detached);
}

void OutboundWorker::finish() {
  if (!thread_.joinable()) return;
  work_.reset();
  thread_.join();
}

}  // namespace sb
