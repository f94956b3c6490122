// The SSE framer: fixed streams in each provider's shape, and the property that where the network
// splits a stream never changes the events.
#include "providers/sse.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace sb {
namespace {

std::vector<SseEvent> feed_in_pieces(const std::string& stream, const std::vector<size_t>& cuts) {
  SseFramer framer;
  std::vector<SseEvent> events;
  size_t from = 0;
  for (size_t cut : cuts) {
    for (auto& e : framer.feed(std::string_view(stream).substr(from, cut - from)))
      events.push_back(std::move(e));
    from = cut;
  }
  for (auto& e : framer.feed(std::string_view(stream).substr(from))) events.push_back(std::move(e));
  for (auto& e : framer.finish()) events.push_back(std::move(e));
  return events;
}

const std::string kOpenAiStream =
    "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n"
    ": OPENROUTER PROCESSING\n\n"
    "data: [DONE]\n\n";

const std::string kAnthropicStreamCrlf =
    "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n"
    "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n"
    "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\"}\r\n\r\n"
    "event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n";

TEST(SseFramer, FramesOpenAiChunksAndKeepAlives) {
  auto events = feed_in_pieces(kOpenAiStream, {});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].data, "{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}");
  EXPECT_TRUE(events[2].comment_only);
  EXPECT_FALSE(events[2].has_data);
  EXPECT_EQ(events[3].data, "[DONE]");
  std::string joined;
  for (auto& e : events) joined += e.raw;
  EXPECT_EQ(joined, kOpenAiStream);
}

TEST(SseFramer, FramesNamedEventsWithCrlf) {
  auto events = feed_in_pieces(kAnthropicStreamCrlf, {});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].event, "message_start");
  EXPECT_EQ(events[1].data, "{\"type\": \"ping\"}");
  EXPECT_EQ(events[3].event, "message_stop");
}

TEST(SseFramer, JoinsMultipleDataLinesAndDropsOneLeadingSpace) {
  auto events = feed_in_pieces("data:a\ndata:  b\nid: 7\nretry: 10\n\n", {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "a\n b");
  EXPECT_EQ(events[0].id, "7");
}

TEST(SseFramer, ReportsACutStream) {
  SseFramer framer;
  EXPECT_EQ(framer.feed("data: {\"a\":1}\n\ndata: {\"b\"").size(), 1u);
  EXPECT_TRUE(framer.mid_event());
  EXPECT_TRUE(framer.finish().empty());
  SseFramer whole;
  whole.feed("data: x\n\n");
  EXPECT_FALSE(whole.mid_event());
}

TEST(SseFramer, EmitsEachEventAsSoonAsItsBlankLineArrives) {
  SseFramer framer;
  EXPECT_TRUE(framer.feed("data: one\n").empty());
  auto events = framer.feed("\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "one");
}

TEST(SseFramer, FlagsAnEventBeyondTheLimit) {
  SseFramer framer;
  framer.set_max_event_bytes(16);
  framer.feed("data: 0123456789012345678901234567890");
  EXPECT_TRUE(framer.overflowed());
}

TEST(SseFramer, StrayBlankLinesStayInTheByteStream) {
  const std::string stream = "\n\ndata: a\n\n\n\ndata: b\n\n";
  auto events = feed_in_pieces(stream, {});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].raw + events[1].raw, stream.substr(0, stream.size()));
}

RC_GTEST_PROP(SseFramerProperty, SplitPointsNeverChangeTheEvents, ()) {
  const std::string& stream =
      *rc::gen::element(kOpenAiStream, kAnthropicStreamCrlf,
                        std::string("data: a\r\rdata: b\r\r: c\r\r"),
                        std::string("event: x\ndata: 1\ndata: 2\n\n\n: k\n\ndata: y\r\n\r\n"));
  auto cuts = *rc::gen::container<std::vector<size_t>>(
      rc::gen::inRange<size_t>(0, stream.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  RC_ASSERT(feed_in_pieces(stream, cuts) == feed_in_pieces(stream, {}));
}

RC_GTEST_PROP(SseFramerProperty, EveryByteIsRelayedOnceAndInOrder, ()) {
  auto body = *rc::gen::container<std::string>(
      rc::gen::element('a', 'b', ':', ' ', '\n', '\r', 'd'));
  std::string stream = body + "\n\ndata: end\n\n";
  auto cuts = *rc::gen::container<std::vector<size_t>>(
      rc::gen::inRange<size_t>(0, stream.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  auto events = feed_in_pieces(stream, cuts);
  RC_ASSERT(events == feed_in_pieces(stream, {}));
  std::string joined;
  for (auto& e : events) joined += e.raw;
  // Everything up to the last event's end is relayed, byte for byte.
  RC_ASSERT(stream.substr(0, joined.size()) == joined);
  RC_ASSERT(joined.size() == stream.size());
}

}  // namespace
}  // namespace sb
