#include "support/process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

namespace sb::test {

using namespace std::chrono;

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  if (!env.count("PATH")) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    // The test runner may block signals; the child starts with a clean mask.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  close(fds[1]);
  out_fd_ = fds[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

bool ChildProcess::read_some(milliseconds timeout) {
  pollfd p{out_fd_, POLLIN, 0};
  if (poll(&p, 1, int(timeout.count())) <= 0) return false;
  char buf[4096];
  ssize_t n = read(out_fd_, buf, sizeof buf);
  if (n <= 0) return false;
  out_.append(buf, std::size_t(n));
  return true;
}

std::optional<std::string> ChildProcess::wait_for_line(const std::string& prefix,
                                                       milliseconds timeout) {
  auto until = steady_clock::now() + timeout;
  for (;;) {
    std::size_t nl;
    while ((nl = out_.find('\n', scanned_)) != std::string::npos) {
      std::string line = out_.substr(scanned_, nl - scanned_);
      scanned_ = nl + 1;
      if (line.rfind(prefix, 0) == 0) return line;
    }
    auto left = duration_cast<milliseconds>(until - steady_clock::now());
    if (left.count() <= 0 || !read_some(left)) return std::nullopt;
  }
}

void ChildProcess::signal(int sig) { ::kill(pid_, sig); }

ProcessResult ChildProcess::wait(milliseconds timeout) {
  if (reaped_) return result_;
  auto until = steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    while (read_some(milliseconds(0))) {
    }
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (steady_clock::now() >= until) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    read_some(milliseconds(20));
  }
  while (read_some(milliseconds(0))) {
  }
  reaped_ = true;
  result_.out = out_;
  if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result_.signal = WTERMSIG(status);
  return result_;
}

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env,
                          milliseconds timeout) {
  ChildProcess p(argv, env);
  return p.wait(timeout);
}

}  // namespace sb::test
