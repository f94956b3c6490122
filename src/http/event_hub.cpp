// See event_hub.h. Lock order: the hub's mutex, then a subscription's; a subscription never takes
// the hub's mutex while holding its own (only its destructor takes the hub's, holding nothing).
#include "http/event_hub.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

namespace sb {

std::string format_sse_event(std::string_view type, std::string_view json) {
  std::string text;
  text.reserve(type.size() + json.size() + 16);
  text.append("event: ").append(type).append("\ndata: ");
  for (char c : json) {
    if (c == '\n') {
      text.append("\ndata: ");
    } else {
      text.push_back(c);
    }
  }
  text.append("\n\n");
  return text;
}

// ---- EventSubscription ----------------------------------------------------------------------

EventSubscription::EventSubscription(EventHub* hub, net::any_io_executor executor, bool closed)
    : hub_(hub), executor_(std::move(executor)), closed_(closed) {}

EventSubscription::~EventSubscription() {
  if (hub_ != nullptr) hub_->remove(this);
}

net::awaitable<std::optional<std::string>> EventSubscription::next(Duration heartbeat) {
  deadline_ = Clock::now() + heartbeat;
  return wait();
}

net::awaitable<std::optional<std::string>> EventSubscription::wait() {
  [[maybe_unused]] auto current = co_await net::this_coro::executor;
  assert(current == executor_);  // waiting_ and the wake-up rely on it
  net::steady_timer timer(executor_, deadline_);
  std::optional<std::string> result;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) break;
      if (!queue_.empty()) {
        result = take_locked();
        break;
      }
    }
    if (timer.expiry() <= Clock::now()) {
      result.emplace();
      break;
    }
    waiting_ = &timer;
    auto [ec] = co_await timer.async_wait(use_tuple);
    waiting_ = nullptr;
    if (ec) {
      // Aborted either by a wake-up (loop and look) or by the caller's cancellation (give up).
      auto state = co_await net::this_coro::cancellation_state;
      if (state.cancelled() != net::cancellation_type::none) break;
    }
  }
  co_return result;
}

void EventSubscription::push(const std::shared_ptr<const std::string>& text) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  if (queue_.size() >= kMaxQueued) {
    queue_.pop_front();
    ++dropped_;
  }
  queue_.push_back(text);
  post_wake_locked();
}

void EventSubscription::end() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  queue_.clear();
  post_wake_locked();
}

void EventSubscription::post_wake_locked() {
  if (wake_posted_) return;
  wake_posted_ = true;
  // post, never dispatch: the publisher must not run subscriber code on its own thread.
  net::post(executor_, [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    {
      std::lock_guard lock(self->mutex_);
      self->wake_posted_ = false;
    }
    if (self->waiting_ != nullptr) self->waiting_->cancel();
  });
}

std::string EventSubscription::take_locked() {
  std::string text;
  if (dropped_ > 0) {
    text = fmt::format(": dropped {} events\n\n", dropped_);
    dropped_ = 0;
  }
  std::size_t size = text.size();
  for (const auto& event : queue_) size += event->size();
  text.reserve(size);
  for (const auto& event : queue_) text.append(*event);
  queue_.clear();
  return text;
}

// ---- EventHub -------------------------------------------------------------------------------

EventHub::~EventHub() {
  // A subscription left now would unregister from a destroyed hub later.
  assert(subscribers_.empty());
}

void EventHub::publish(std::string_view type, std::string_view json) {
  std::lock_guard lock(mutex_);
  if (closed_ || subscribers_.empty()) return;
  auto text = std::make_shared<const std::string>(format_sse_event(type, json));
  for (EventSubscription* subscription : subscribers_) subscription->push(text);
}

EventSubscriptionPtr EventHub::subscribe(net::any_io_executor executor) {
  std::lock_guard lock(mutex_);
  if (closed_) {
    return EventSubscriptionPtr(new EventSubscription(nullptr, std::move(executor), true));
  }
  EventSubscriptionPtr subscription(new EventSubscription(this, std::move(executor), false));
  subscribers_.push_back(subscription.get());
  return subscription;
}

void EventHub::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (EventSubscription* subscription : subscribers_) subscription->end();
}

std::size_t EventHub::subscriber_count() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

void EventHub::remove(EventSubscription* subscription) {
  std::lock_guard lock(mutex_);
  auto it = std::find(subscribers_.begin(), subscribers_.end(), subscription);
  if (it != subscribers_.end()) subscribers_.erase(it);
}

}  // namespace sb
