// Reading the state store from a coroutine without blocking its I/O thread: the read runs on the
// state writer's thread (the only one that touches the store while the server runs), between two
// batches, and the coroutine resumes on its own executor with the answer. A read that throws
// resumes it with that exception.
#pragma once

#include <exception>
#include <memory>
#include <utility>

#include "core/net.h"
#include "store/sqlite.h"
#include "store/state_writer.h"

namespace sb {

// The coroutine's completion handler, answered exactly once: by the read, or, when the writer
// dropped the read unrun (its batch was lost), with a StoreError as the last copy goes.
template <class T, class Handler>
class StoreReadCompletion {
 public:
  explicit StoreReadCompletion(Handler handler) : handler_(std::move(handler)) {}
  StoreReadCompletion(const StoreReadCompletion&) = delete;
  StoreReadCompletion& operator=(const StoreReadCompletion&) = delete;
  ~StoreReadCompletion() {
    if (!answered_)
      answer(std::make_exception_ptr(StoreError("the state store read was lost")), T{});
  }

  void answer(std::exception_ptr error, T value) {
    answered_ = true;
    auto executor = net::get_associated_executor(handler_);
    net::post(executor, [handler = std::move(handler_), error, value = std::move(value)]() mutable {
      handler(error, std::move(value));
    });
  }

 private:
  Handler handler_;
  bool answered_ = false;
};

// `read` is called as `T read(StateStore&)` on the writer's thread. The caller's executor must
// outlive the writer's queue (the gateway flushes the writer before its server goes).
template <class T, class Read>
net::awaitable<T> read_store(StateWriter& writer, Read read) {
  auto initiation = [&writer, read = std::move(read)](auto handler) mutable {
    // StateWriter::Write is a std::function, which must be copyable: the handler is not.
    using Completion = StoreReadCompletion<T, decltype(handler)>;
    auto completion = std::make_shared<Completion>(std::move(handler));
    writer.submit([completion, read = std::move(read)](StateStore& store) mutable {
      std::exception_ptr error;
      T value{};
      try {
        value = read(store);
      } catch (...) {
        error = std::current_exception();
      }
      completion->answer(error, std::move(value));
    });
  };
  co_return co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr, T)>(
      std::move(initiation), net::use_awaitable);
}

}  // namespace sb
