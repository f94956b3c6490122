// Test scaffolding for the process environment and the file system, shared by unit and
// integration tests (header-only, so both binaries can use it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace sb::test {

// Sets environment variables for one test and puts the old values back afterwards.
class ScopedEnv {
 public:
  ScopedEnv() = default;
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    for (const auto& [name, old] : saved_) {
      if (old) {
        ::setenv(name.c_str(), old->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  void set(const std::string& name, const std::string& value) {
    save(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    save(name);
    ::unsetenv(name.c_str());
  }

 private:
  void save(const std::string& name) {
    if (saved_.count(name)) return;
    const char* v = std::getenv(name.c_str());
    saved_[name] = v ? std::optional<std::string>(v) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

// A fresh, empty directory named after the running test (unique per process, since CTest runs
// tests in parallel), for the fixture to remove in TearDown.
inline std::filesystem::path make_test_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             (tag + "-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A fixture with a fresh directory of its own (removed afterwards, whatever the test did) and a
// state store path inside it.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_test_dir("sb-test"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string state_path() const { return (dir_ / "state.db").string(); }

  std::filesystem::path dir_;
};

}  // namespace sb::test
