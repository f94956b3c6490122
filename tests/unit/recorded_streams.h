// Recorded streams for the stream translation tests: DIR/CASE.in.sse (what an upstream sent)
// must become exactly DIR/CASE.out.sse (what the client gets). A new case: add CASE.in.sse, run
// once with SB_UPDATE_GOLDEN=1 to write CASE.out.sse, read it through, commit both.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "providers/sse.h"
#include "providers/stream_translator.h"

namespace sb::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Every CASE with a CASE.in.sse in `dir`, sorted.
inline std::vector<std::string> recorded_cases(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    const std::string name = file.path().filename().string();
    if (name.ends_with(".in.sse")) out.push_back(name.substr(0, name.size() - 7));
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string recorded_input(const std::filesystem::path& dir, const std::string& name) {
  return read_file(dir / (name + ".in.sse"));
}

// Every recorded input of `dir`, read once per directory (properties ask for them many times).
inline const std::vector<std::string>& recorded_inputs(const std::filesystem::path& dir) {
  static std::map<std::string, std::vector<std::string>> by_dir;
  auto [it, fresh] = by_dir.try_emplace(dir.string());
  if (fresh) {
    for (const auto& c : recorded_cases(dir)) it->second.push_back(recorded_input(dir, c));
  }
  return it->second;
}

// Inside a rapidcheck property: `in` cut at random points, as the network might deliver it.
inline std::vector<std::string_view> random_pieces(std::string_view in) {
  auto cuts = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, in.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string_view> pieces;
  std::size_t from = 0;
  for (const auto cut : cuts) {
    pieces.push_back(in.substr(from, cut - from));
    from = cut;
  }
  pieces.push_back(in.substr(from));
  return pieces;
}

// The upstream bytes, delivered in `pieces` and then closed cleanly, as a client of the
// translation's dialect would receive them (the relay's path: framer, translator, finish).
inline std::string translate_pieces(const Translation& t, std::int64_t created, bool include_usage,
                                    const std::vector<std::string_view>& pieces) {
  StreamTranslator translator(t, created, include_usage);
  SseFramer framer;
  std::string out;
  auto emit = [&](const std::vector<SseEvent>& events) {
    for (const auto& event : events) {
      for (const auto& client : translator.translate(event)) out += client.raw;
    }
  };
  for (const auto piece : pieces) emit(framer.feed(piece));
  emit(framer.finish());
  for (const auto& client : translator.finish()) out += client.raw;
  return out;
}

// `actual` must equal CASE.out.sse (written first under SB_UPDATE_GOLDEN=1).
inline void expect_recorded_output(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& actual) {
  const auto expected_path = dir / (name + ".out.sse");
  if (std::getenv("SB_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path) << actual;
    // A rewrite compares the output with itself: never let such a run pass.
    ADD_FAILURE() << "rewrote " << expected_path.filename()
                  << ": review the diff, then run again without SB_UPDATE_GOLDEN";
  }
  ASSERT_TRUE(std::filesystem::exists(expected_path))
      << "no " << expected_path.filename() << "; got:\n"
      << actual;
  EXPECT_EQ(actual, read_file(expected_path));
}

}  // namespace sb::testing
