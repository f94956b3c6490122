// Stream translation into Anthropic Messages events (providers/anthropic_encode.h): every
// recorded stream translated for an Anthropic client (tests/fixtures/translate_streams/
// *_to_anthropic, whose exact bytes translate_stream_golden_test checks) is a well-formed
// Anthropic event sequence (PROVIDERS.md §2 "Streaming"), checked here independently of the
// encoder, whatever the chunking; and the decoder and encoder rules the recordings do not reach.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
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

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate_streams";

// Every recorded upstream stream an Anthropic client is served from that ends (cases named `cut`
// do not), with its upstream dialect.
struct Recorded {
  Dialect upstream;
  std::string in;
  std::string name;
};

const std::vector<Recorded>& recorded_for_anthropic() {
  static const std::vector<Recorded> kAll = [] {
    const std::map<std::string, Dialect> kUpstreams = {{"openai_chat", Dialect::OpenAIChat},
                                                       {"gemini", Dialect::Gemini}};
    std::vector<Recorded> out;
    for (const auto& [name, dialect] : kUpstreams) {
      const fs::path dir = kRoot / (name + "_to_anthropic");
      for (const auto& c : recorded_cases(dir)) {
        // A cut upstream has no end for the encoder to write: the relay ends it (with an error).
        if (c.find("cut") != std::string::npos) continue;
        out.push_back({dialect, recorded_input(dir, c), name + "_" + c});
      }
    }
    return out;
  }();
  return kAll;
}

// The upstream bytes, delivered in `pieces`, as the client would receive them.
std::string translate(Dialect upstream, const std::vector<std::string_view>& pieces) {
  return translate_pieces(*find_translation(Dialect::AnthropicMessages, upstream), 0, false,
                          pieces);
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

TEST(AnthropicClientStream, EveryRecordedTranslationIsWellFormed) {
  ASSERT_FALSE(recorded_for_anthropic().empty());
  for (const auto& r : recorded_for_anthropic()) {
    const std::string out = translate(r.upstream, {r.in});
    EXPECT_EQ(anthropic_sequence_problem(out), "") << r.name << ":\n" << out;
  }
}

RC_GTEST_PROP(AnthropicClientStreamProperty, WellFormedWhateverTheChunking, ()) {
  const auto& all = recorded_for_anthropic();
  RC_PRE(!all.empty());
  const Recorded& r = *rc::gen::elementOf(all);
  RC_ASSERT(anthropic_sequence_problem(translate(r.upstream, random_pieces(r.in))).empty());
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
  StreamTranslator translator(*find_translation(Dialect::AnthropicMessages, Dialect::OpenAIChat), 0,
                              false);
  const auto out = translator.translate(data_event(R"({"error":{"message":"Overloaded"}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "error");
  EXPECT_EQ(json::parse(out[0].data).at("error").at("type"), "overloaded_error");
  EXPECT_EQ(translator.upstream_error(), R"({"error":{"message":"Overloaded"}})");
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
  const Translation t = *find_translation(Dialect::AnthropicMessages, Dialect::OpenAIChat);
  const auto translate_error = [&](std::string_view body) { return sb::translate_error(t, body); };
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
