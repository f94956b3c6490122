// Stream translation on recorded streams, every direction through the same path the relay uses
// (providers/stream_translator.h: the upstream dialect's decoder, the client dialect's encoder):
// tests/fixtures/translate_streams/UPSTREAM_to_CLIENT/CASE.in.sse must become exactly
// CASE.out.sse (created 1700000000; the client asked for usage when CASE ends in `with_usage`).
// The upstream closes the stream cleanly after the last byte of CASE.in.sse. For any chunking of
// the upstream bytes the client gets the same bytes, and the relay's hold-back and end rules read
// every output as they read the client dialect's own streams.
// Dialect names in folders: openai_chat, anthropic, responses, gemini. New cases: see
// recorded_streams.h.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <map>

#include "providers/sse.h"
#include "providers/stream_translator.h"
#include "recorded_streams.h"

namespace sb {
namespace {

namespace fs = std::filesystem;
using namespace sb::testing;

const fs::path kRoot = fs::path(SB_FIXTURES_DIR) / "translate_streams";

struct Direction {
  Dialect upstream;
  Dialect client;
};

Direction direction_of(const std::string& folder) {
  static const std::map<std::string, Dialect> kNames = {
      {"openai_chat", Dialect::OpenAIChat},
      {"anthropic", Dialect::AnthropicMessages},
      {"responses", Dialect::OpenAIResponses},
      {"gemini", Dialect::Gemini},
  };
  const auto cut = folder.find("_to_");
  return {kNames.at(folder.substr(0, cut)), kNames.at(folder.substr(cut + 4))};
}

// FOLDER/CASE for every recorded stream.
std::vector<std::string> all_cases() {
  std::vector<std::string> out;
  for (const auto& dir : fs::directory_iterator(kRoot)) {
    for (const auto& c : recorded_cases(dir.path())) {
      out.push_back(dir.path().filename().string() + "/" + c);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Case {
  fs::path dir;
  std::string name;
  Direction direction;
  bool include_usage;
};

Case case_of(const std::string& id) {
  const auto slash = id.find('/');
  const std::string folder = id.substr(0, slash);
  const std::string name = id.substr(slash + 1);
  return {kRoot / folder, name, direction_of(folder), name.ends_with("with_usage")};
}

// The upstream bytes, delivered in `pieces`, as the client would receive them.
std::string translate(const Case& c, const std::vector<std::string_view>& pieces) {
  const auto translation = find_translation(c.direction.client, c.direction.upstream);
  if (!translation) {
    ADD_FAILURE() << "no translation for " << c.dir.filename();
    return {};
  }
  return translate_pieces(*translation, 1700000000, c.include_usage, pieces);
}

class RecordedStream : public ::testing::TestWithParam<std::string> {};

TEST_P(RecordedStream, MatchesTheRecordedOutput) {
  const Case c = case_of(GetParam());
  expect_recorded_output(c.dir, c.name, translate(c, {recorded_input(c.dir, c.name)}));
}

TEST_P(RecordedStream, TheRelaysHoldBackAndEndRulesReadItAsTheClientDialectsOwn) {
  // The relay holds back the preamble and commits on the first content event; it ends on Done
  // or Error. A translated stream must look to it exactly like the client dialect's own.
  const Case c = case_of(GetParam());
  const std::string out = translate(c, {recorded_input(c.dir, c.name)});
  const auto classify = client_spoke(c.direction.client)->classify_event;
  SseFramer framer;
  const auto events = framer.feed(out);
  ASSERT_FALSE(events.empty());
  std::size_t ends = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const ChatEventKind kind = classify(events[i]);
    if (kind == ChatEventKind::Done || kind == ChatEventKind::Error) {
      ++ends;
      EXPECT_EQ(i + 1, events.size()) << "an end before the last event: " << events[i].raw;
    }
  }
  // A cut upstream (no terminator) gives no end at all: the relay ends it with an error.
  if (c.name.find("cut") == std::string::npos) {
    EXPECT_EQ(ends, 1u) << out;
  } else {
    EXPECT_EQ(ends, 0u) << out;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RecordedStream, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

RC_GTEST_PROP(RecordedStreamProperty, AnyChunkingGivesTheClientTheSameBytes, ()) {
  static const std::vector<std::string> kCases = all_cases();
  RC_PRE(!kCases.empty());
  const Case c = case_of(*rc::gen::elementOf(kCases));
  const std::string in = recorded_input(c.dir, c.name);
  const auto pieces = random_pieces(in);
  RC_ASSERT(translate(c, pieces) == translate(c, {in}));
}

}  // namespace
}  // namespace sb
