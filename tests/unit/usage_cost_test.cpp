// Token counts as each dialect reports them (recorded shapes, PROVIDERS.md §11), read by the
// usage meter from whole bodies and from streams, and priced: cached input once, at its own
// rate; reasoning once, as the output it is part of.
#include <gtest/gtest.h>

#include "providers/sse.h"
#include "providers/usage_meter.h"
#include "usage/cost.h"

namespace sb {
namespace {

// Claude Sonnet's prices, USD per million tokens.
const ModelPrice kPrice{3, 15, 0.3, 3.75};

// 600 fresh input, 400 cached, 500 output of which 200 reasoning:
// 600*3 + 400*0.3 + 500*15 = 9420 millionths of a dollar.
constexpr double kCachedAndReasoning = 0.009420;

Usage body_usage(Dialect dialect, std::string_view body) {
  UsageMeter meter(dialect);
  meter.read_body(body);
  EXPECT_TRUE(meter.usage()) << body;
  return meter.usage().value_or(Usage{});
}

Usage stream_usage(Dialect dialect, std::string_view stream) {
  UsageMeter meter(dialect);
  SseFramer framer;
  for (const SseEvent& e : framer.feed(stream)) meter.read_event(e);
  EXPECT_TRUE(meter.usage()) << stream;
  return meter.usage().value_or(Usage{});
}

TEST(UsageCost, OpenAiChatCountsCachedTokensInsidePromptTokens) {
  const Usage u = body_usage(Dialect::OpenAIChat, R"({"id":"c","choices":[],"usage":{
      "prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500,
      "prompt_tokens_details":{"cached_tokens":400},
      "completion_tokens_details":{"reasoning_tokens":200}}})");
  EXPECT_EQ(u.input, 600);
  EXPECT_EQ(u.cache_read, 400);
  EXPECT_EQ(u.output, 500);
  EXPECT_EQ(u.reasoning, 200);
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, AnthropicCountsCacheReadsAndWritesApart) {
  const Usage u = body_usage(Dialect::AnthropicMessages, R"({"type":"message","content":[],
      "usage":{"input_tokens":600,"cache_read_input_tokens":400,
               "cache_creation_input_tokens":100,"output_tokens":500}})");
  EXPECT_EQ(u.prompt_total(), 1100);
  // 600*3 + 400*0.3 + 100*3.75 + 500*15 = 9795
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), 0.009795);
}

TEST(UsageCost, ResponsesCountsCachedTokensInsideInputTokens) {
  const Usage u = body_usage(Dialect::OpenAIResponses, R"({"object":"response","usage":{
      "input_tokens":1000,"input_tokens_details":{"cached_tokens":400},
      "output_tokens":500,"output_tokens_details":{"reasoning_tokens":200},
      "total_tokens":1500}})");
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, GeminiCountsThoughtsBesideCandidates) {
  const Usage u = body_usage(Dialect::Gemini, R"({"candidates":[],"usageMetadata":{
      "promptTokenCount":1000,"cachedContentTokenCount":400,
      "candidatesTokenCount":300,"thoughtsTokenCount":200,"totalTokenCount":1500}})");
  EXPECT_EQ(u.output, 500);
  EXPECT_EQ(u.reasoning, 200);
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, OpenAiChatStreamReportsInItsUsageChunk) {
  const Usage u =
      stream_usage(Dialect::OpenAIChat,
                   "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
                   "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1000,"
                   "\"completion_tokens\":500,\"prompt_tokens_details\":"
                   "{\"cached_tokens\":400},\"completion_tokens_details\":"
                   "{\"reasoning_tokens\":200}}}\n\n"
                   "data: [DONE]\n\n");
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, AnthropicStreamMergesStartAndCumulativeDelta) {
  const Usage u = stream_usage(
      Dialect::AnthropicMessages,
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
      "{\"input_tokens\":600,\"cache_read_input_tokens\":400,"
      "\"cache_creation_input_tokens\":100,\"output_tokens\":1}}}\n\n"
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
      "\"end_turn\"},\"usage\":{\"output_tokens\":250}}\n\n"
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},"
      "\"usage\":{\"output_tokens\":500}}\n\n"
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  EXPECT_EQ(u.input, 600);
  EXPECT_EQ(u.output, 500);  // cumulative: the last count, not a sum
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), 0.009795);
}

TEST(UsageCost, ResponsesStreamReportsInItsLastEvent) {
  const Usage u = stream_usage(
      Dialect::OpenAIResponses,
      "event: response.created\ndata: {\"type\":\"response.created\",\"response\":"
      "{\"usage\":null}}\n\n"
      "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
      "{\"usage\":{\"input_tokens\":1000,\"input_tokens_details\":{\"cached_tokens\":400},"
      "\"output_tokens\":500,\"output_tokens_details\":{\"reasoning_tokens\":200}}}}\n\n");
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, GeminiStreamsLastUsageMetadataWins) {
  const Usage u =
      stream_usage(Dialect::Gemini,
                   "data: {\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":1000,"
                   "\"candidatesTokenCount\":10}}\n\n"
                   "data: {\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":1000,"
                   "\"cachedContentTokenCount\":400,\"candidatesTokenCount\":300,"
                   "\"thoughtsTokenCount\":200}}\n\n");
  EXPECT_DOUBLE_EQ(cost_usd(u, kPrice), kCachedAndReasoning);
}

TEST(UsageCost, NothingReportedMeansNoUsage) {
  UsageMeter meter(Dialect::OpenAIChat);
  SseFramer framer;
  for (const SseEvent& e : framer.feed("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")) {
    meter.read_event(e);
  }
  meter.read_body("not json");
  EXPECT_FALSE(meter.usage());
}

// A whole answer's counts are read from its last "usage" object alone: a tool's input that has a
// "usage" key of its own, or text that mentions one, comes before it and is not taken.
TEST(UsageCost, AWholeAnswerIsReadFromItsTopLevelCounts) {
  const Usage u = body_usage(
      Dialect::AnthropicMessages,
      R"({"id":"msg_1","content":[{"type":"text","text":"the \"usage\": {\"input_tokens\": 1}"},)"
      R"({"type":"tool_use","id":"t","name":"meter","input":{"usage":{"input_tokens":999}}}],)"
      R"("usage": {"input_tokens": 12, "output_tokens": 7}})");
  EXPECT_EQ(u.input, 12);
  EXPECT_EQ(u.output, 7);
  // A Responses answer echoes what the client set: a `user` of "usage" after the counts is a
  // string value, not the counts' key.
  const Usage echoed = body_usage(
      Dialect::OpenAIResponses,
      R"({"output":[],"usage":{"input_tokens":5,"output_tokens":2},"user":"usage",)"
      R"("metadata":{"note":"usage"}})");
  EXPECT_EQ(echoed.input, 5);
  EXPECT_EQ(echoed.output, 2);
  UsageMeter cut(Dialect::OpenAIChat);
  cut.read_body(R"({"choices":[],"usage":{"prompt_tokens":3)");  // truncated: nothing
  EXPECT_FALSE(cut.usage());
}

}  // namespace
}  // namespace sb
