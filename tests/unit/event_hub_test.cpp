// The event hub: the SSE frame; events published from another thread reach a waiting subscriber
// in order; an idle wait ends with the heartbeat; close() and cancellation end a waiting next();
// an overflowing queue drops the oldest and says how many; subscriptions unregister themselves.
// Each test runs a real io_context on the test thread; real waits are kept to tens of ms.
#include "http/event_hub.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace sb {
namespace {

using namespace std::chrono_literals;

constexpr Duration kHeartbeat = 20ms;
constexpr Duration kLong = 10s;  // a wait that must be cut short long before it passes

// Runs `task` to completion on `io`, on this thread.
template <typename T>
T run(net::io_context& io, net::awaitable<T> task) {
  auto result = net::co_spawn(io, std::move(task), net::use_future);
  io.restart();
  io.run();
  return result.get();
}

std::string tick(int i) { return "{\"i\":" + std::to_string(i) + "}"; }

struct Collector {
  EventSubscription& subscription;
  std::size_t bytes_wanted;
  std::string received;
};

// Gathers text until `bytes_wanted` have arrived or the subscription ends.
net::awaitable<void> collect(Collector& c) {
  const Duration heartbeat = kLong;
  while (c.received.size() < c.bytes_wanted) {
    std::optional<std::string> text = co_await c.subscription.next(heartbeat);
    if (!text) break;
    c.received += *text;
  }
}

class EventHubTest : public ::testing::Test {
 protected:
  // Declared in destruction order: subscriptions (in the tests) before the io_context before the
  // hub, which outlives them all.
  EventHub hub_;
  net::io_context io_;
};

TEST(FormatSseEventTest, FramesTypeAndData) {
  EXPECT_EQ(format_sse_event("usage", R"({"tokens":3})"), "event: usage\ndata: {\"tokens\":3}\n\n");
  // A stray line break must not end the frame early.
  EXPECT_EQ(format_sse_event("t", "{\n\"a\":1}"), "event: t\ndata: {\ndata: \"a\":1}\n\n");
}

TEST_F(EventHubTest, EventsFromAnotherThreadArriveInOrder) {
  constexpr int kEvents = 300;
  auto subscription = hub_.subscribe(io_.get_executor());
  std::string expected;
  for (int i = 0; i < kEvents; ++i) expected += format_sse_event("tick", tick(i));

  std::thread publisher([this] {
    for (int i = 0; i < kEvents; ++i) {
      hub_.publish("tick", tick(i));
      if (i % 50 == 0) std::this_thread::sleep_for(1ms);  // so the subscriber waits in between
    }
  });
  Collector collector{*subscription, expected.size(), {}};
  run(io_, collect(collector));
  publisher.join();
  EXPECT_EQ(collector.received, expected);
}

TEST_F(EventHubTest, EventsQueuedBeforeNextAreReturnedAtOnce) {
  auto subscription = hub_.subscribe(io_.get_executor());
  hub_.publish("a", "1");
  hub_.publish("b", "2");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run(io_, subscription->next(kLong)), "event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(EventHubTest, HeartbeatReturnsEmptyText) {
  auto subscription = hub_.subscribe(io_.get_executor());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run(io_, subscription->next(kHeartbeat)), std::string());
  EXPECT_GE(std::chrono::steady_clock::now() - start, kHeartbeat);
  // Still usable afterwards.
  hub_.publish("a", "1");
  EXPECT_EQ(run(io_, subscription->next(kHeartbeat)), "event: a\ndata: 1\n\n");
}

TEST_F(EventHubTest, CloseEndsAWaitingNextPromptly) {
  auto subscription = hub_.subscribe(io_.get_executor());
  std::thread closer([this] {
    std::this_thread::sleep_for(kHeartbeat);
    hub_.close();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run(io_, subscription->next(kLong)), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  closer.join();

  // Closed for good: publishing does nothing, and a late subscriber is ended from the start.
  hub_.publish("a", "1");
  EXPECT_EQ(run(io_, subscription->next(kLong)), std::nullopt);
  auto late = hub_.subscribe(io_.get_executor());
  EXPECT_EQ(hub_.subscriber_count(), 1u);
  EXPECT_EQ(run(io_, late->next(kLong)), std::nullopt);
}

TEST_F(EventHubTest, CancellingTheWaitingCoroutineReturnsNullopt) {
  auto subscription = hub_.subscribe(io_.get_executor());
  net::cancellation_signal cancel;
  auto result = net::co_spawn(io_, subscription->next(kLong),
                              net::bind_cancellation_slot(cancel.slot(), net::use_future));
  net::steady_timer later(io_, kHeartbeat);
  later.async_wait(
      [&cancel](boost::system::error_code) { cancel.emit(net::cancellation_type::terminal); });
  const auto start = std::chrono::steady_clock::now();
  io_.run();
  EXPECT_EQ(result.get(), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(EventHubTest, OverflowDropsTheOldestAndReportsHowMany) {
  constexpr int kExtra = 6;
  constexpr int kPublished = static_cast<int>(EventSubscription::kMaxQueued) + kExtra;
  auto subscription = hub_.subscribe(io_.get_executor());
  for (int i = 0; i < kPublished; ++i) hub_.publish("tick", tick(i));

  std::string expected = ": dropped 6 events\n\n";
  for (int i = kExtra; i < kPublished; ++i) expected += format_sse_event("tick", tick(i));
  EXPECT_EQ(run(io_, subscription->next(kHeartbeat)), expected);

  // The count is reported once; the queue holds a full kMaxQueued again without dropping.
  std::string refill;
  for (std::size_t i = 0; i < EventSubscription::kMaxQueued; ++i) {
    hub_.publish("tick", tick(0));
    refill += format_sse_event("tick", tick(0));
  }
  EXPECT_EQ(run(io_, subscription->next(kHeartbeat)), refill);
}

TEST_F(EventHubTest, DestroyingASubscriptionUnregistersIt) {
  auto first = hub_.subscribe(io_.get_executor());
  auto second = hub_.subscribe(io_.get_executor());
  EXPECT_EQ(hub_.subscriber_count(), 2u);
  hub_.publish("a", "1");  // leaves a wake-up in flight for each
  first.reset();
  EXPECT_EQ(hub_.subscriber_count(), 1u);
  // The orphaned wake-up runs harmlessly; the other subscription still gets its event.
  EXPECT_EQ(run(io_, second->next(kHeartbeat)), "event: a\ndata: 1\n\n");
  second.reset();
  EXPECT_EQ(hub_.subscriber_count(), 0u);
}

TEST_F(EventHubTest, PublishWithoutSubscribersIsANoOp) {
  hub_.publish("a", "1");
  EXPECT_EQ(hub_.subscriber_count(), 0u);
  // Nothing was kept for subscribers that come later.
  auto subscription = hub_.subscribe(io_.get_executor());
  EXPECT_EQ(run(io_, subscription->next(kHeartbeat)), std::string());
}

TEST_F(EventHubTest, EverySubscriberGetsEveryEvent) {
  net::io_context other;
  auto here = hub_.subscribe(io_.get_executor());
  auto there = hub_.subscribe(other.get_executor());
  hub_.publish("a", "1");
  EXPECT_EQ(run(io_, here->next(kHeartbeat)), "event: a\ndata: 1\n\n");
  EXPECT_EQ(run(other, there->next(kHeartbeat)), "event: a\ndata: 1\n\n");
}

}  // namespace
}  // namespace sb
