// Gemini's `alt=sse` stream decoder (providers/gemini_decode.h): the rules the recorded streams
// (tests/fixtures/translate_streams/gemini_to_*, checked byte for byte for every client dialect
// by translate_stream_golden_test) do not all reach. Gemini's stream has no terminator, so the
// upstream closing cleanly is the decoder's finish(): the client sees its stream's end only when
// Gemini said why it stopped.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "providers/anthropic_encode.h"
#include "providers/gemini_decode.h"
#include "providers/openai_chat_stream_encoder.h"
#include "providers/openai_stream.h"
#include "providers/sse.h"
#include "recorded_streams.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace sb::testing;

TEST(GeminiStreamFixtures, EveryClientDialectReadsTheSameUpstreamStreams) {
  const fs::path root = fs::path(SB_FIXTURES_DIR) / "translate_streams";
  const fs::path to_openai = root / "gemini_to_openai_chat";
  ASSERT_FALSE(recorded_cases(to_openai).empty());
  for (const char* other : {"gemini_to_anthropic", "gemini_to_responses"}) {
    EXPECT_EQ(recorded_cases(to_openai), recorded_cases(root / other)) << other;
    for (const auto& name : recorded_cases(to_openai)) {
      EXPECT_EQ(recorded_input(to_openai, name), recorded_input(root / other, name)) << name;
    }
  }
}

// ---- Decoder rules the recorded streams do not all reach --------------------------------------

SseEvent data_event(std::string data) {
  SseEvent e;
  e.data = std::move(data);
  e.has_data = true;
  return e;
}

std::vector<StreamEvent::Kind> kinds(const std::vector<StreamEvent>& events) {
  std::vector<StreamEvent::Kind> out;
  for (const auto& e : events) out.push_back(e.kind);
  return out;
}

using Kind = StreamEvent::Kind;

TEST(GeminiStreamDecoder, StartComesOnceAndFirst) {
  GeminiStreamDecoder decoder;
  const auto first =
      decoder.decode(data_event(R"({"candidates":[{"content":{"parts":[{"text":"Hi"}]}}],)"
                                R"("responseId":"r","modelVersion":"m"})"));
  ASSERT_EQ(kinds(first), (std::vector{Kind::Start, Kind::Text}));
  EXPECT_EQ(first[0].id, "r");
  EXPECT_EQ(first[0].model, "m");
  const auto second = decoder.decode(
      data_event(R"({"candidates":[{"content":{"parts":[{"text":"!"}]}}],"responseId":"r"})"));
  EXPECT_EQ(kinds(second), std::vector{Kind::Text});
}

TEST(GeminiStreamDecoder, WithoutAFinishReasonTheCloseIsACut) {
  GeminiStreamDecoder decoder;
  decoder.decode(data_event(R"({"candidates":[{"content":{"parts":[{"text":"Hi"}]}}]})"));
  EXPECT_TRUE(decoder.finish().empty());
}

TEST(GeminiStreamDecoder, NothingAfterAnError) {
  GeminiStreamDecoder decoder;
  const auto error = decoder.decode(data_event(R"({"error":{"code":500,"message":"boom"}})"));
  ASSERT_EQ(kinds(error), std::vector{Kind::Error});
  EXPECT_EQ(error[0].error_message, "boom");
  EXPECT_EQ(error[0].error_json, R"({"error":{"code":500,"message":"boom"}})");
  EXPECT_TRUE(decoder
                  .decode(data_event(R"({"candidates":[{"content":{"parts":[{"text":"x"}]},)"
                                     R"("finishReason":"STOP"}]})"))
                  .empty());
  EXPECT_TRUE(decoder.finish().empty());
}

TEST(GeminiStreamDecoder, CallsAreNumberedAcrossChunksAndMakeAStopToolUse) {
  GeminiStreamDecoder decoder;
  const auto first = decoder.decode(
      data_event(R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f"}}]}}],)"
                 R"("responseId":"R1"})"));
  ASSERT_EQ(kinds(first), (std::vector{Kind::Start, Kind::CallStart, Kind::ArgsDelta}));
  EXPECT_EQ(first[1].call, 0);
  EXPECT_EQ(first[1].id, "call__R1_0");
  EXPECT_EQ(first[2].text, "{}");
  const auto second = decoder.decode(
      data_event(R"({"candidates":[{"content":{"parts":[{"functionCall":)"
                 R"({"id":"x","name":"g","args":{"a":1}}}]},"finishReason":"STOP"}]})"));
  ASSERT_EQ(kinds(second), (std::vector{Kind::CallStart, Kind::ArgsDelta, Kind::Stop}));
  EXPECT_EQ(second[0].call, 1);
  EXPECT_EQ(second[0].id, "x");
  EXPECT_EQ(second[1].text, R"({"a":1})");
  EXPECT_EQ(second[2].stop, StopReason::ToolUse);
  EXPECT_EQ(kinds(decoder.finish()), std::vector{Kind::End});
}

TEST(GeminiStreamDecoder, ABlockedPromptStopsFilteredAndEnds) {
  GeminiStreamDecoder decoder;
  const auto out = decoder.decode(data_event(R"({"promptFeedback":{"blockReason":"SAFETY"}})"));
  ASSERT_EQ(kinds(out), (std::vector{Kind::Start, Kind::Stop}));
  EXPECT_EQ(out[1].stop, StopReason::Filtered);
  EXPECT_EQ(kinds(decoder.finish()), std::vector{Kind::End});
}

TEST(GeminiStreamDecoder, CommentsAndForeignDataAreNothing) {
  GeminiStreamDecoder decoder;
  SseEvent comment;
  comment.comment_only = true;
  EXPECT_TRUE(decoder.decode(comment).empty());
  EXPECT_TRUE(decoder.decode(data_event("not json")).empty());
  EXPECT_TRUE(decoder.decode(data_event(R"({"unrelated":true})")).empty());
  EXPECT_TRUE(decoder.finish().empty());
}

}  // namespace
}  // namespace sb
