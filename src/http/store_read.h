// Reading the state store from a coroutine without blocking its I/O thread: the read runs on the
// state writer's thread (the only one that touches the store while the server runs), between two
// batches, and the coroutine resumes on its own executor with the answer. A read that throws
// resumes it with that exception.
#pragma once

#include <exception>
#include <memory>
#include <utility>

#include "core/net.h"
#include "store/state_writer.h"

namespace sb {

// `read` is called as `T read(StateStore&)` on the writer's thread.
template <class T, class Read>
net::awaitable<T> read_store(StateWriter& writer, Read read) {
  auto initiation = [&writer, read = std::move(read)](auto handler) mutable {
    // StateWriter::Write is a std::function, which must be copyable: the handler is not.
    using Handler = decltype(handler);
    auto shared = std::make_shared<Handler>(std::move(handler));
    writer.submit([shared, read = std::move(read)](StateStore& store) mutable {
      std::exception_ptr error;
      T value{};
      try {
        value = read(store);
      } catch (...) {
        error = std::current_exception();
      }
      auto executor = net::get_associated_executor(*shared);
      net::post(executor, [shared, error, value = std::move(value)]() mutable {
        (*shared)(error, std::move(value));
      });
    });
  };
  co_return co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr, T)>(
      std::move(initiation), net::use_awaitable);
}

}  // namespace sb
