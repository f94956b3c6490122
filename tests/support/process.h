// Runs a program of the project as a child process for CLI tests: with its own environment,
// stdout and stderr captured, and the ability to wait for a line, signal it, and reap it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;  // stdout and stderr, interleaved
};

class ChildProcess {
 public:
  // `env` replaces the environment entirely (PATH is added when missing).
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until a line starting with `prefix` appears; returns that line, or nullopt
  // when the process ends or the timeout passes first.
  std::optional<std::string> wait_for_line(const std::string& prefix,
                                           std::chrono::milliseconds timeout);
  void signal(int sig);
  // Waits for the exit (killing it after the timeout) and returns everything it printed.
  ProcessResult wait(std::chrono::milliseconds timeout);

 private:
  bool read_some(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
  std::size_t scanned_ = 0;
  bool reaped_ = false;
  ProcessResult result_;
};

// Runs to completion and returns the exit code and output.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sb::test
