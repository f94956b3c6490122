// Stream translation, Anthropic Messages events -> neutral StreamEvents -> OpenAI Chat chunks
// (providers/anthropic_stream.h, providers/openai_chat_stream_encoder.h), on recorded streams:
// tests/fixtures/translate_streams/anthropic_to_openai_chat/CASE.in.sse must become exactly
// CASE.out.sse (created 1700000000; the client asked for include_usage when CASE ends in
// `with_usage`). And for any chunking of the upstream bytes the client gets the same bytes.
// New cases: see recorded_streams.h.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/anthropic_stream.h"
#include "providers/openai_chat_stream_encoder.h"
#include "providers/openai_stream.h"
#include "providers/sse.h"
#include "recorded_streams.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
using namespace sb::testing;

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate_streams" / "anthropic_to_openai_chat";

// The upstream bytes, delivered in `pieces`, as the client would receive them.
std::string translate(const std::vector<std::string_view>& pieces, bool include_usage) {
  SseFramer framer;
  AnthropicStreamDecoder decoder;
  OpenAiChatStreamEncoder encoder(1700000000, include_usage);
  std::string out;
  auto emit = [&](const std::vector<SseEvent>& events) {
    for (const auto& event : events) {
      for (const auto& neutral : decoder.decode(event)) out += encoder.encode(neutral);
    }
  };
  for (const auto piece : pieces) emit(framer.feed(piece));
  emit(framer.finish());
  return out;
}

class AnthropicToOpenAiStream : public ::testing::TestWithParam<std::string> {};

TEST_P(AnthropicToOpenAiStream, MatchesTheRecordedOutput) {
  const std::string in = recorded_input(kRoot, GetParam());
  const bool include_usage = GetParam().ends_with("with_usage");
  const std::string actual = translate({in}, include_usage);
  expect_recorded_output(kRoot, GetParam(), actual);
}

TEST_P(AnthropicToOpenAiStream, TheRelaysHoldBackAndEndRulesReadItAsTheyReadOpenAi) {
  // The relay holds back the preamble and commits on the first content event: a translated
  // stream must look to it exactly like OpenAI's own.
  const std::string out =
      translate({recorded_input(kRoot, GetParam())}, GetParam().ends_with("with_usage"));
  SseFramer framer;
  auto events = framer.feed(out);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(classify_chat_event(events.front()), ChatEventKind::Preamble);
  EXPECT_EQ(classify_chat_event(events[1]), ChatEventKind::Content);
  const auto last = classify_chat_event(events.back());
  EXPECT_TRUE(last == ChatEventKind::Done || last == ChatEventKind::Error);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AnthropicToOpenAiStream,
                         ::testing::ValuesIn(recorded_cases(kRoot)),
                         [](const auto& info) { return info.param; });

RC_GTEST_PROP(AnthropicToOpenAiStreamProperty, AnyChunkingGivesTheClientTheSameBytes, ()) {
  const auto& inputs = recorded_inputs(kRoot);
  RC_PRE(!inputs.empty());
  const std::string& in = *rc::gen::elementOf(inputs);
  const bool include_usage = *rc::gen::arbitrary<bool>();
  const auto pieces = random_pieces(in);
  RC_ASSERT(translate(pieces, include_usage) == translate({in}, include_usage));
}

}  // namespace
}  // namespace sb
