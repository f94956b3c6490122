// Stream translation, OpenAI Chat chunks -> neutral StreamEvents -> Anthropic Messages events
// (providers/openai_chat_decode.h, providers/anthropic_encode.h, through
// openai_chat_to_anthropic_stream()), on recorded streams:
// tests/fixtures/translate_streams/openai_chat_to_anthropic/CASE.in.sse must become exactly
// CASE.out.sse. For any chunking of the upstream bytes the client gets the same bytes, and every
// output is a well-formed Anthropic event sequence (PROVIDERS.md §2 "Streaming"), checked here
// independently of the encoder.
// New cases: see recorded_streams.h.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/anthropic_encode.h"
#include "providers/openai_chat_decode.h"
#include "providers/sse.h"
#include "providers/stream_translator.h"
#include "recorded_streams.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
using namespace sb::testing;
namespace json = boost::json;

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate_streams" / "openai_chat_to_anthropic";

// The upstream bytes, delivered in `pieces`, as the client would receive them.
std::string translate(const std::vector<std::string_view>& pieces) {
  SseFramer framer;
  auto translator = openai_chat_to_anthropic_stream();
  std::string out;
  auto emit = [&](const std::vector<SseEvent>& events) {
    for (const auto& event : events) {
      for (const auto& client : translator->translate(event)) out += client.raw;
    }
  };
  for (const auto piece : pieces) emit(framer.feed(piece));
  emit(framer.finish());
  return out;
}

// Empty when `out` is a well-formed Anthropic stream, else what is wrong with it: message_start
// first; blocks started at 0, 1, ... one at a time; deltas of the block's own kind inside it;
// tool_use input pieces joining into a JSON object; message_delta outside any block; the end is
// message_stop, or an error event.
std::string anthropic_sequence_problem(const std::string& out) {
  SseFramer framer;
  const auto events = framer.feed(out);
  if (events.empty()) return "no events";
  int next_index = 0;
  int open = -1;
  std::string open_type, tool_json;
  bool started = false, delta_seen = false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    json::error_code ec;
    const json::value v = json::parse(e.data, ec);
    if (ec || !v.is_object()) return "event " + std::to_string(i) + " data is not an object";
    const json::object& o = v.as_object();
    const std::string type(o.at("type").as_string());
    if (type != e.event) return "event line `" + e.event + "` but data type " + type;
    const bool last = i + 1 == events.size();
    if (type == "error") {
      if (!last) return "events after an error";
      return {};
    }
    if (!started && type != "message_start") return "first event is " + type;
    if (type == "message_start") {
      if (started) return "a second message_start";
      started = true;
    } else if (type == "content_block_start") {
      if (open >= 0) return "block started inside block " + std::to_string(open);
      if (o.at("index").to_number<int>() != next_index) return "block index out of order";
      open = next_index++;
      open_type = o.at("content_block").at("type").as_string();
      tool_json.clear();
    } else if (type == "content_block_delta") {
      if (open < 0 || o.at("index").to_number<int>() != open) return "delta outside its block";
      const std::string kind(o.at("delta").at("type").as_string());
      if (open_type == "text" && kind != "text_delta") return "text block with " + kind;
      if (open_type == "tool_use") {
        if (kind != "input_json_delta") return "tool_use block with " + kind;
        tool_json += o.at("delta").at("partial_json").as_string();
      }
    } else if (type == "content_block_stop") {
      if (open < 0 || o.at("index").to_number<int>() != open) return "stop of a block not open";
      if (open_type == "tool_use") {
        const json::value input = json::parse(tool_json.empty() ? "{}" : tool_json, ec);
        if (ec || !input.is_object()) return "tool input is not an object: " + tool_json;
      }
      open = -1;
    } else if (type == "message_delta") {
      if (open >= 0) return "message_delta inside a block";
      if (!o.at("delta").at("stop_reason").is_string()) return "message_delta without stop";
      delta_seen = true;
    } else if (type == "message_stop") {
      if (!last) return "events after message_stop";
      if (!delta_seen) return "message_stop without message_delta";
      return {};
    } else {
      return "unknown event " + type;
    }
  }
  return "the stream ends without message_stop or error";
}

class OpenAiToAnthropicStream : public ::testing::TestWithParam<std::string> {};

TEST_P(OpenAiToAnthropicStream, MatchesTheRecordedOutput) {
  const std::string actual = translate({recorded_input(kRoot, GetParam())});
  expect_recorded_output(kRoot, GetParam(), actual);
}

TEST_P(OpenAiToAnthropicStream, IsAWellFormedAnthropicStream) {
  const std::string out = translate({recorded_input(kRoot, GetParam())});
  EXPECT_EQ(anthropic_sequence_problem(out), "") << out;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OpenAiToAnthropicStream,
                         ::testing::ValuesIn(recorded_cases(kRoot)),
                         [](const auto& info) { return info.param; });

RC_GTEST_PROP(OpenAiToAnthropicStreamProperty, AnyChunkingGivesTheClientTheSameBytes, ()) {
  const auto& inputs = recorded_inputs(kRoot);
  RC_PRE(!inputs.empty());
  const std::string& in = *rc::gen::elementOf(inputs);
  const auto pieces = random_pieces(in);
  const std::string out = translate(pieces);
  RC_ASSERT(out == translate({in}));
  RC_ASSERT(anthropic_sequence_problem(out).empty());
}

// ---- Rules the recorded streams do not all reach ----------------------------------------------

SseEvent data_event(std::string data) {
  SseEvent e;
  e.data = std::move(data);
  e.has_data = true;
  return e;
}

TEST(OpenAiChatStreamDecoder, StartComesOnceAndFirstEvenWhenTheFirstChunkCarriesText) {
  OpenAiChatStreamDecoder decoder;
  const auto first = decoder.decode(
      data_event(R"({"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant",)"
                 R"("content":"Hi"}}]})"));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].kind, StreamEvent::Kind::Start);
  EXPECT_EQ(first[0].id, "c");
  EXPECT_EQ(first[1].kind, StreamEvent::Kind::Text);
  const auto second =
      decoder.decode(data_event(R"({"id":"c","choices":[{"index":0,"delta":{"content":"!"}}]})"));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].kind, StreamEvent::Kind::Text);
}

TEST(OpenAiChatStreamDecoder, AFragmentRepeatingItsIdStartsTheCallOnce) {
  OpenAiChatStreamDecoder decoder;
  const std::string call =
      R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":2,"id":"call_1",)"
      R"("function":{"name":"f","arguments":"%s"}}]}}]})";
  auto with_args = [&](std::string_view args) {
    std::string s = call;
    s.replace(s.find("%s"), 2, args);
    return data_event(s);
  };
  const auto first = decoder.decode(with_args(""));
  ASSERT_EQ(first.size(), 2u);  // Start, CallStart
  EXPECT_EQ(first[1].kind, StreamEvent::Kind::CallStart);
  EXPECT_EQ(first[1].call, 2);
  const auto second = decoder.decode(with_args("{}"));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].kind, StreamEvent::Kind::ArgsDelta);
  EXPECT_EQ(second[0].call, 2);
}

TEST(OpenAiChatStreamDecoder, ToolCallsEndingInStopAreToolUse) {
  OpenAiChatStreamDecoder decoder;
  decoder.decode(data_event(R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":)"
                            R"([{"index":0,"id":"x","function":{"name":"f"}}]}}]})"));
  const auto out = decoder.decode(data_event(R"({"id":"c","choices":[{"index":0,"delta":{},)"
                                             R"("finish_reason":"stop"}]})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].stop, StopReason::ToolUse);
}

TEST(AnthropicStreamEncoder, AnErrorBeforeAnyChunkIsTheWholeStream) {
  auto translator = openai_chat_to_anthropic_stream();
  const auto out = translator->translate(data_event(R"({"error":{"message":"Overloaded"}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "error");
  EXPECT_EQ(json::parse(out[0].data).at("error").at("type"), "overloaded_error");
  EXPECT_EQ(translator->upstream_error(), R"({"error":{"message":"Overloaded"}})");
}

TEST(AnthropicStreamEncoder, NothingIsWrittenAfterTheEnd) {
  AnthropicStreamEncoder encoder;
  StreamEvent start;
  start.kind = StreamEvent::Kind::Start;
  encoder.encode(start);
  StreamEvent end;
  end.kind = StreamEvent::Kind::End;
  EXPECT_NE(encoder.encode(end), "");
  StreamEvent text;
  text.kind = StreamEvent::Kind::Text;
  text.text = "late";
  EXPECT_EQ(encoder.encode(text), "");
  EXPECT_EQ(encoder.encode(end), "");
}

TEST(BuildAnthropicMessage, KeepsThinkingOnlyWithItsSignature) {
  // Anthropic refuses a thinking block sent back without the signature it made.
  Reply reply;
  reply.id = "chatcmpl-x";
  reply.parts = {ThinkingPart{"unsigned", ""}, ThinkingPart{"signed", "sig"}, TextPart{""},
                 TextPart{"answer"}};
  const json::value out = json::parse(build_anthropic_message(reply));
  EXPECT_EQ(out.at("id"), "msg_x");
  EXPECT_EQ(out.at("content"),
            json::parse(R"([{"type":"thinking","thinking":"signed","signature":"sig"},)"
                        R"({"type":"text","text":"answer"}])"));
}

TEST(OpenAiToAnthropicError, KeepsTypeAndMessage) {
  const auto translate_error = openai_chat_to_anthropic_error();
  EXPECT_EQ(json::parse(translate_error(R"({"error":{"message":"Rate limit reached",)"
                                        R"("type":"tokens","code":"rate_limit_exceeded"}})")),
            json::parse(R"({"type":"error","error":{"type":"tokens",)"
                        R"("message":"Rate limit reached"}})"));
  // Azure's errors carry a code and no type; a body that is not JSON is the message itself.
  EXPECT_EQ(json::parse(translate_error(R"({"error":{"code":"429","message":"slow"}})")),
            json::parse(R"({"type":"error","error":{"type":"api_error","message":"slow"}})"));
  EXPECT_EQ(json::parse(translate_error("<html>502</html>")),
            json::parse(R"({"type":"error","error":{"type":"api_error",)"
                        R"("message":"<html>502</html>"}})"));
}

}  // namespace
}  // namespace sb
