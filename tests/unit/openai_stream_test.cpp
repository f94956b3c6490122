// Which Chat Completions stream events hold the response back and which start the answer.
#include "providers/openai_stream.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

SseEvent data(std::string d) {
  SseEvent e;
  e.data = std::move(d);
  e.has_data = true;
  return e;
}

TEST(ChatEventKind, RoleOnlyAndEmptyDeltasArePreamble) {
  EXPECT_EQ(classify_chat_event(data(
                R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})")),
            ChatEventKind::Preamble);
  EXPECT_EQ(classify_chat_event(data(R"({"choices":[{"index":0,"delta":{}}]})")),
            ChatEventKind::Preamble);
  SseEvent comment;
  comment.comment_only = true;
  EXPECT_EQ(classify_chat_event(comment), ChatEventKind::Preamble);
  // Azure's content-filter preamble: no choices yet, no usage.
  EXPECT_EQ(classify_chat_event(data(R"({"choices":[],"prompt_filter_results":[]})")),
            ChatEventKind::Preamble);
}

TEST(ChatEventKind, AnyAnswerBearingDeltaIsContent) {
  for (const char* d : {
           R"({"choices":[{"delta":{"content":"Hi"}}]})",
           R"({"choices":[{"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1"}]}}]})",
           R"({"choices":[{"delta":{"refusal":"no"}}]})",
           R"({"choices":[{"delta":{"reasoning_content":"thinking"}}]})",
           R"({"choices":[{"delta":{},"finish_reason":"stop"}]})",
           R"({"choices":[],"usage":{"prompt_tokens":1}})",
           R"(not json at all)",
       }) {
    EXPECT_EQ(classify_chat_event(data(d)), ChatEventKind::Content) << d;
  }
}

TEST(ChatEventKind, ErrorObjectsAndDone) {
  EXPECT_EQ(classify_chat_event(data(R"({"error":{"message":"x","type":"server_error"}})")),
            ChatEventKind::Error);
  // OpenRouter's mid-stream error keeps the chunk shape around the error.
  EXPECT_EQ(classify_chat_event(data(
                R"({"id":"1","object":"chat.completion.chunk","error":{"code":"server_error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})")),
            ChatEventKind::Error);
  EXPECT_EQ(classify_chat_event(data("[DONE]")), ChatEventKind::Done);
}

SseEvent wire(std::string d) {
  SseEvent e = data(d);
  e.raw = "data: " + d + "\n\n";
  return e;
}

// What a client that did not ask for usage must not see: OpenAI's own wording (PROVIDERS.md).
TEST(HideRequestedUsage, DropsTheUsageChunkAndTheNullMembers) {
  SseEvent role = wire(
      R"({"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""},)"
      R"("finish_reason":null}],"usage":null})");
  ASSERT_TRUE(hide_requested_usage(role));
  EXPECT_EQ(role.raw,
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            "\"content\":\"\"},\"finish_reason\":null}]}\n\n");

  SseEvent usage = wire(
      R"({"id":"c","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5}})");
  EXPECT_FALSE(hide_requested_usage(usage));
  SseEvent spaced = wire(R"({"choices": [], "usage": {"prompt_tokens": 1}})");
  EXPECT_FALSE(hide_requested_usage(spaced));

  // Content that merely talks about usage stays, byte for byte.
  const std::string talk =
      R"({"choices":[{"index":0,"delta":{"content":"\"usage\":{\"a\":1},\"usage\":null"}}]})";
  SseEvent text = wire(talk);
  EXPECT_TRUE(hide_requested_usage(text));
  EXPECT_EQ(text.raw, "data: " + talk + "\n\n");
  SseEvent done = wire("[DONE]");
  EXPECT_TRUE(hide_requested_usage(done));
  EXPECT_EQ(done.raw, "data: [DONE]\n\n");
}

}  // namespace
}  // namespace sb
