// Fan-out of gateway events to the subscribers of `GET /admin/events` (server-sent events).
// Publishers are any thread, often with their own lock held (the router), so publish() only takes
// two brief mutexes, appends, and posts a wake-up: it never blocks on a subscriber and never runs
// one inline. Each subscriber is a coroutine on one worker's single-threaded io_context, awaiting
// EventSubscription::next() in a loop and writing what it returns to its connection.
//
// Waking: the subscriber waits on a steady_timer that lives in its own next() call; publish posts a
// handler to the subscription's executor that cancels that timer. The timer is touched only on that
// executor, and next() checks the queue on the same executor right before it waits, so a wake-up
// cannot slip in between the check and the wait and be lost. At most one wake-up is in flight per
// subscription, however many events arrive.
//
// Bounds: each subscription queues at most kMaxQueued events; beyond that the oldest are dropped
// and the next text handed out starts with the SSE comment ": dropped N events", so a stalled
// client costs bounded memory and learns it missed something. The SSE text of an event is
// formatted once per publish and shared by every queue.
//
// Lifetimes: the hub outlives every subscription (a subscription unregisters itself from the hub in
// its destructor; the hub asserts none is left when destroyed). A posted wake-up holds only a
// weak_ptr, so a subscription may be destroyed with wake-ups in flight. The hub posts to the
// executor of every registered subscription, so close() it before the workers' io_contexts are
// destroyed; after close() nothing more is posted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/net.h"

namespace sb {

class EventHub;

// "event: TYPE\ndata: JSON\n\n". JSON is expected on one line (serializers emit no raw line
// breaks); a line break in it anyway starts another `data:` line, which SSE clients join back
// with "\n", so the frame stays intact. TYPE must not contain a line break.
std::string format_sse_event(std::string_view type, std::string_view json);

class EventSubscription : public std::enable_shared_from_this<EventSubscription> {
 public:
  static constexpr std::size_t kMaxQueued = 1024;

  ~EventSubscription();
  EventSubscription(const EventSubscription&) = delete;
  EventSubscription& operator=(const EventSubscription&) = delete;

  // Everything queued, concatenated, as soon as there is some; "" when `heartbeat` passes with
  // nothing (the caller writes an SSE comment so proxies keep the connection); nullopt once the
  // hub is closed (queued events are discarded: the stream is ending) or the awaiting coroutine
  // is cancelled. Await it on the subscription's executor, one call at a time, keeping the
  // subscription alive until it completes.
  net::awaitable<std::optional<std::string>> next(Duration heartbeat);

 private:
  friend class EventHub;
  using Clock = net::steady_timer::clock_type;

  EventSubscription(EventHub* hub, net::any_io_executor executor, bool closed);
  // Called by the hub with its own lock held.
  void push(const std::shared_ptr<const std::string>& text);
  void end();
  // The body of next(): a member coroutine without parameters, because GCC 12 mishandles
  // by-value parameters of coroutines; next() stores the deadline in deadline_ instead.
  net::awaitable<std::optional<std::string>> wait();
  void post_wake_locked();
  std::string take_locked();

  EventHub* const hub_;  // null when created already closed: never registered
  const net::any_io_executor executor_;

  std::mutex mutex_;  // guards the fields below it, up to the executor-only ones
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::uint64_t dropped_ = 0;  // since the last text handed out
  bool closed_ = false;
  bool wake_posted_ = false;

  // Touched only on executor_: the timer of the next() in progress, and its deadline.
  net::steady_timer* waiting_ = nullptr;
  Clock::time_point deadline_{};
};

using EventSubscriptionPtr = std::shared_ptr<EventSubscription>;

class EventHub {
 public:
  EventHub() = default;
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // From any thread; a no-op without subscribers or once closed.
  void publish(std::string_view type, std::string_view json);
  // `executor` must be single-threaded (a worker's io_context, or a strand): the subscription's
  // waiting state is touched only there.
  EventSubscriptionPtr subscribe(net::any_io_executor executor);
  // Ends every subscription; later subscribe() calls get one that is already closed.
  void close();
  std::size_t subscriber_count() const;

 private:
  friend class EventSubscription;
  void remove(EventSubscription* subscription);

  mutable std::mutex mutex_;  // taken before any subscription's mutex, never after
  std::vector<EventSubscription*> subscribers_;
  bool closed_ = false;
};

}  // namespace sb
