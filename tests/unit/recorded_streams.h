// Recorded streams for the stream translation tests: DIR/CASE.in.sse (what an upstream sent)
// must become exactly DIR/CASE.out.sse (what the client gets). A new case: add CASE.in.sse, run
// once with SB_UPDATE_GOLDEN=1 to write CASE.out.sse, read it through, commit both.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

// `actual` must equal CASE.out.sse (written first under SB_UPDATE_GOLDEN=1).
inline void expect_recorded_output(const std::filesystem::path& dir, const std::string& name,
                                   const std::string& actual) {
  const auto expected_path = dir / (name + ".out.sse");
  if (std::getenv("SB_UPDATE_GOLDEN") != nullptr) std::ofstream(expected_path) << actual;
  ASSERT_TRUE(std::filesystem::exists(expected_path))
      << "no " << expected_path.filename() << "; got:\n"
      << actual;
  EXPECT_EQ(actual, read_file(expected_path));
}

}  // namespace sb::testing
