#include "daemon_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "bench_identity.h"

extern char** environ;

namespace gongkai::bench {

namespace {

// A "kB" line of /proc/PID/status, in bytes; 0 when unknown.
long StatusBytes(pid_t pid, const std::string& field) {
  if (pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == field) {
      long kilobytes = 0;
      status >> kilobytes;
      return kilobytes * 1024;
    }
  }
  return 0;
}

// A new empty file under $TMPDIR (or /tmp), open for writing; -1 on failure.
int MakeLogFile(std::string& path) {
  const char* base = std::getenv("TMPDIR");
  path = std::string(base && *base ? base : "/tmp") + "/gongkai-bench-log-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) path.clear();
  return fd;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string DaemonPath() { return GONGKAI_DAEMON_PATH; }

double RunClient(const std::vector<std::string>& args, const std::string& input) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  std::vector<std::string> all{GONGKAI_CLI_PATH};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, all[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[0]);
  if (spawned == 0) (void)!write(fds[1], input.data(), input.size());
  close(fds[1]);
  if (spawned != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? seconds : -1;
}
std::string AgenciesPath() { return GONGKAI_AGENCIES_PATH; }

std::vector<std::string> BenchDaemonArgs(const std::string& directory, const std::string& today,
                                         const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--data",         directory,
                                   "--listen",       "tcp://127.0.0.1:*",
                                   "--alerts",       "tcp://127.0.0.1:*",
                                   "--agencies",     AgenciesPath(),
                                   "--intake-quota", "0",
                                   "--clock",        "manual:" + today};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

bool DaemonProcess::Start(const std::string& daemon, const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout, std::string& error,
                          const std::string& marker) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    error = "pipe failed";
    return false;
  }
  Stop();  // A daemon started before, and its log.
  const int log_fd = MakeLogFile(log_path_);
  if (log_fd < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    error = "cannot make a file for the daemon's log";
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  std::vector<std::string> all{daemon};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto started = std::chrono::steady_clock::now();
  const int rc = posix_spawn(&pid_, daemon.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  close(log_fd);
  stdout_fd_ = pipe_fds[0];
  if (rc != 0) {
    error = "cannot start " + daemon;
    pid_ = -1;
    return false;
  }
  std::string line;
  const auto deadline = started + timeout;
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, int(left.count())) <= 0) {
      error = daemon + " printed no ready line in time";
      return false;
    }
    char buffer[512];
    const ssize_t n = read(stdout_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      error = daemon + " exited before it was ready";
      return false;
    }
    line.append(buffer, size_t(n));
  }
  startup_ = std::chrono::steady_clock::now() - started;
  const size_t at = line.find(marker);
  if (at == std::string::npos) {
    error = "unexpected first line: " + line;
    return false;
  }
  const size_t end = line.find_first_of(", \n", at + marker.size());
  endpoint_ = line.substr(at + marker.size(), end - at - marker.size());
  // Its clients speak CURVE with the identity beside the data directory.
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--data") RememberIdentity(endpoint_, args[i + 1]);
  }
  return true;
}

long DaemonProcess::PeakRssBytes() const { return StatusBytes(pid_, "VmHWM:"); }

long DaemonProcess::RssBytes() const { return StatusBytes(pid_, "VmRSS:"); }

void DaemonProcess::Kill() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  Stop();
}

bool DaemonProcess::WaitForLog(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // A daemon that exited (a zombie until Stop reaps it) says nothing more.
  auto running = [this] {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string pid, name, state;
    stat >> pid >> name >> state;
    return stat && state != "Z";
  };
  while (pid_ > 0 && running() && ReadFile(log_path_).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pid_ > 0 && ReadFile(log_path_).find(text) != std::string::npos;
}

bool DaemonProcess::WaitUntilVerified(std::string& error) const {
  if (WaitForLog("store: every checksum verified", std::chrono::minutes(30))) return true;
  error =
      "the daemon exited, or did not say within 30 minutes that it had verified its store "
      "(its log follows)";
  return false;
}

std::string DaemonProcess::Stop() {
  std::string rest;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (!log_path_.empty()) {
    std::cerr << ReadFile(log_path_) << std::flush;
    std::remove(log_path_.c_str());
    log_path_.clear();
  }
  if (stdout_fd_ >= 0) {
    char buffer[512];
    for (ssize_t n; (n = read(stdout_fd_, buffer, sizeof buffer)) > 0;)
      rest.append(buffer, size_t(n));
    close(stdout_fd_);
    stdout_fd_ = -1;
  }
  return rest;
}

}  // namespace gongkai::bench
