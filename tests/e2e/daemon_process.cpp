#include "tests/e2e/daemon_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace gongkai::e2e {
namespace {

// The processes the tests start speak English (the message ids the tests
// look for) unless a test sets their locale itself (language_test.cpp):
// gongkaid chooses its language by the locale, the client by --lang too.
const bool kEnglishLocale = [] {
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  return setenv("LANG", "en_US.UTF-8", 1) == 0;
}();

using Clock = std::chrono::steady_clock;

constexpr const char* kReadyPrefix = "gongkaid: ready: commands on ";
constexpr const char* kAlertsWord = "alerts on ";

// The endpoint starting at `at` in `line`, up to a comma or a space.
std::string EndpointAt(const std::string& line, size_t at) {
  const size_t end = line.find_first_of(", ", at);
  return line.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::system_error SystemError(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

// The exit status as a shell shows it: 128 + N for a signal N.
int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw SystemError("waitpid");
  }
  return ExitCode(status);
}

// Milliseconds left until `deadline`, at least 0, for poll().
int MillisLeft(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : int(left);
}

// Reads what is there; false at end of file.
bool ReadSome(int fd, std::string& into) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      into.append(buffer, size_t(n));
      return true;
    }
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

pid_t Spawn(const std::vector<std::string>& argv, FileActions& actions) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], actions.get(), nullptr, args.data(), environ);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "posix_spawn " + argv[0]);
  return pid;
}

std::string Define(const char* value) { return value; }

}  // namespace

std::string CliPath() { return Define(GONGKAI_CLI_PATH); }
std::string DaemonPath() { return Define(GONGKAI_DAEMON_PATH); }
std::string FaultyDaemonPath() { return Define(GONGKAI_FAULTY_DAEMON_PATH); }
std::string AgenciesPath() { return Define(GONGKAI_AGENCIES_PATH); }

namespace {

// Writes `input` (smaller than a pipe's buffer) into a new pipe and returns
// its reading end, closed on exec in this process.
int InputPipe(const std::string& input) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) != 0) throw SystemError("pipe2");
  if (input.size() > 4096 || write(in[1], input.data(), input.size()) != ssize_t(input.size())) {
    close(in[0]);
    close(in[1]);
    throw SystemError("write to the child's standard input");
  }
  close(in[1]);
  return in[0];
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
  return RunProcessWithInput(argv, std::nullopt, limit);
}

ProcessResult RunProcessWithInput(const std::vector<std::string>& argv,
                                  const std::optional<std::string>& input,
                                  std::chrono::milliseconds limit) {
  int out[2];
  int err[2];
  const int in = input ? InputPipe(*input) : -1;
  if (pipe2(out, O_CLOEXEC) != 0) throw SystemError("pipe2");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    throw SystemError("pipe2");
  }
  pid_t pid = -1;
  {
    FileActions actions;
    if (in >= 0) {
      posix_spawn_file_actions_adddup2(actions.get(), in, 0);
    } else {
      posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(actions.get(), out[1], 1);
    posix_spawn_file_actions_adddup2(actions.get(), err[1], 2);
    try {
      pid = Spawn(argv, actions);
    } catch (...) {
      for (int fd : {out[0], out[1], err[0], err[1], in}) {
        if (fd >= 0) close(fd);
      }
      throw;
    }
  }
  if (in >= 0) close(in);
  close(out[1]);
  close(err[1]);
  ProcessResult result;
  const auto deadline = Clock::now() + limit;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    const int ready = poll(fds, 2, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      kill(pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!ReadSome(fds[i].fd, *sinks[i])) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (const pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  const int code = WaitFor(pid);
  result.exit_code = result.timed_out ? -1 : code;
  return result;
}

namespace {

// The identity each running daemon's tester holds, by command endpoint.
std::mutex identities_mutex;
std::map<std::string, std::string>& IdentitiesByEndpoint() {
  static std::map<std::string, std::string> identities;
  return identities;
}

void RememberIdentity(const std::string& endpoint, const std::string& identity) {
  std::lock_guard<std::mutex> lock(identities_mutex);
  IdentitiesByEndpoint()[endpoint] = identity;
}

// The client's words: --server, then --identity of the daemon's tester
// unless `args` name one.
std::vector<std::string> ClientArgv(const std::string& endpoint,
                                    const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CliPath(), "--server", endpoint};
  const bool named = std::find(args.begin(), args.end(), "--identity") != args.end();
  if (!named) {
    std::lock_guard<std::mutex> lock(identities_mutex);
    auto found = IdentitiesByEndpoint().find(endpoint);
    if (found != IdentitiesByEndpoint().end())
      argv.insert(argv.end(), {"--identity", found->second});
  }
  // In English (the message ids) unless `args` give --lang: the tests'
  // expectations hold whatever the tester's locale.
  if (std::find(args.begin(), args.end(), "--lang") == args.end()) {
    argv.insert(argv.end(), {"--lang", "en"});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

ProcessResult RunClient(const std::string& endpoint, const std::vector<std::string>& args) {
  return RunProcess(ClientArgv(endpoint, args));
}

ProcessResult RunClientAs(const std::string& identity, const std::string& endpoint,
                          const std::vector<std::string>& args) {
  std::vector<std::string> words = {"--identity", identity};
  words.insert(words.end(), args.begin(), args.end());
  return RunProcess(ClientArgv(endpoint, words));
}

ProcessResult RunClientWithInput(const std::string& identity, const std::string& endpoint,
                                 const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> words = {"--identity", identity};
  words.insert(words.end(), args.begin(), args.end());
  return RunProcessWithInput(ClientArgv(endpoint, words), input);
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw SystemError("pipe2");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    throw SystemError("pipe2");
  }
  {
    FileActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(actions.get(), out[1], 1);
    posix_spawn_file_actions_adddup2(actions.get(), err[1], 2);
    try {
      pid_ = Spawn(argv, actions);
    } catch (...) {
      for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
      throw;
    }
  }
  close(out[1]);
  close(err[1]);
  fds_[0] = out[0];
  fds_[1] = err[0];
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    try {
      Reap();
    } catch (...) {
    }
  }
}

bool BackgroundProcess::Pump(Clock::time_point deadline, const std::function<bool()>& done) {
  std::string* sinks[2] = {&out_, &err_};
  while (!done() && (fds_[0] >= 0 || fds_[1] >= 0)) {
    // A closed pipe has fd -1, which poll() skips.
    pollfd fds[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
    const int ready = poll(fds, 2, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw SystemError("poll");
    if (ready == 0) return false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!ReadSome(fds_[i], *sinks[i])) {
        close(fds_[i]);
        fds_[i] = -1;
      }
    }
  }
  return true;
}

bool BackgroundProcess::WaitForLines(size_t lines, std::chrono::milliseconds limit) {
  auto enough = [&] { return size_t(std::count(out_.begin(), out_.end(), '\n')) >= lines; };
  Pump(Clock::now() + limit, enough);
  return enough();
}

bool BackgroundProcess::WaitForError(const std::string& text, std::chrono::milliseconds limit) {
  auto said = [&] { return err_.find(text) != std::string::npos; };
  Pump(Clock::now() + limit, said);
  return said();
}

int BackgroundProcess::Wait(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return exit_code_;
  if (!Pump(Clock::now() + limit, [] { return false; })) {
    kill(pid_, SIGKILL);
    Reap();
    exit_code_ = -1;
    return -1;
  }
  Reap();
  return exit_code_;
}

void BackgroundProcess::Reap() {
  for (int& fd : fds_) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  exit_code_ = WaitFor(pid_);
  pid_ = -1;
}

std::vector<std::string> BackgroundProcess::lines() const {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = out_.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(out_.substr(start, end - start));
  }
  return lines;
}

std::unique_ptr<BackgroundProcess> StartClient(const std::string& endpoint,
                                               const std::vector<std::string>& args) {
  return std::make_unique<BackgroundProcess>(ClientArgv(endpoint, args));
}

DaemonProcess::DaemonProcess(DaemonOptions options) : options_(std::move(options)) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/gongkai-e2e-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw SystemError("mkdtemp " + pattern);
  root_ = pattern;
  data_dir_ = root_ + "/data";
  log_path_ = root_ + "/gongkaid.stderr";
}

DaemonProcess::~DaemonProcess() {
  try {
    Kill();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string DaemonProcess::Start() {
  if (running()) throw std::logic_error("gongkaid is already running");
  const bool first = !std::filesystem::exists(data_dir_);
  if (first) {
    const ProcessResult init =
        RunProcess({options_.daemon, "init", "--data", data_dir_, "--operator", "operator", "--out",
                    operator_identity(), "--agencies", options_.agencies});
    if (init.exit_code != 0) throw std::runtime_error("gongkaid init failed: " + init.err);
  }
  if (!TryStart("tcp://127.0.0.1:*")) {
    throw std::runtime_error("gongkaid exited before it was ready; its stderr:\n" + Log());
  }
  if (first) {
    const std::string tester = Enroll(
        "tester", "clerk,officer,head,supervisor,reporter,auditor,operator,scheduler", "210300");
    std::filesystem::rename(tester, identity());
  }
  RememberIdentity(endpoint_, identity());
  return endpoint_;
}

std::string DaemonProcess::identity() const {
  return options_.tester_identity.empty() ? root_ + "/tester.identity" : options_.tester_identity;
}
std::string DaemonProcess::operator_identity() const { return root_ + "/operator.identity"; }

std::string DaemonProcess::Enroll(const std::string& name, const std::string& roles,
                                  const std::string& agency,
                                  const std::vector<std::string>& flags) {
  const std::string path = root_ + "/" + std::to_string(++enrolled_) + ".identity";
  std::vector<std::string> argv = {
      CliPath(),  "--server", endpoint_, "--identity", operator_identity(),
      "user",     "add",      name,      "--role",     roles,
      "--agency", agency,     "--out",   path};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const ProcessResult added = RunProcess(argv);
  if (added.exit_code != 0) {
    throw std::runtime_error("gongkai user add " + name + " failed: " + added.err);
  }
  return path;
}

std::string DaemonProcess::Restart() {
  Kill();
  if (!endpoint_.empty() && TryStart(endpoint_)) return endpoint_;
  if (TryStart("tcp://127.0.0.1:*")) {
    RememberIdentity(endpoint_, identity());
    return endpoint_;
  }
  throw std::runtime_error("gongkaid did not restart on " + data_dir_ + "; its stderr:\n" + Log());
}

bool DaemonProcess::TryStart(const std::string& listen) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw SystemError("pipe2");
  const int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    close(out[0]);
    close(out[1]);
    throw SystemError("open " + log_path_);
  }
  // The alerts port is a fresh one at each start: only the command port is
  // kept over restarts, for the clients retrying there.
  std::vector<std::string> argv = {options_.daemon, "--data",   data_dir_,          "--listen",
                                   listen,          "--alerts", "tcp://127.0.0.1:*"};
  argv.insert(argv.end(), {"--clock", options_.clock, "--agencies", options_.agencies});
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  {
    FileActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(actions.get(), out[1], 1);
    posix_spawn_file_actions_adddup2(actions.get(), log, 2);
    try {
      pid_ = Spawn(argv, actions);
    } catch (...) {
      for (int fd : {out[0], out[1], log}) close(fd);
      throw;
    }
  }
  close(out[1]);
  close(log);
  stdout_fd_ = out[0];
  ++starts_;
  const auto deadline = Clock::now() + options_.ready_timeout;
  std::string text;
  for (;;) {
    size_t line_end;
    while ((line_end = text.find('\n')) != std::string::npos) {
      const std::string line = text.substr(0, line_end);
      text.erase(0, line_end + 1);
      if (line.rfind(kReadyPrefix, 0) != 0) continue;
      endpoint_ = EndpointAt(line, std::string(kReadyPrefix).size());
      const size_t alerts = line.find(kAlertsWord);
      alerts_endpoint_ = alerts == std::string::npos
                             ? ""
                             : EndpointAt(line, alerts + std::string(kAlertsWord).size());
      return true;
    }
    pollfd fd{stdout_fd_, POLLIN, 0};
    const int ready = poll(&fd, 1, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      Kill();
      throw std::runtime_error("gongkaid printed no ready line within " +
                               std::to_string(options_.ready_timeout.count()) +
                               " ms; its stderr:\n" + Log());
    }
    if (!ReadSome(stdout_fd_, text)) {
      Reap();
      return false;
    }
  }
}

void DaemonProcess::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  Reap();
}

int DaemonProcess::Terminate(std::chrono::milliseconds limit) {
  if (!running()) return -1;
  kill(pid_, SIGTERM);
  return WaitForExit(limit);
}

int DaemonProcess::WaitForExit(std::chrono::milliseconds limit) {
  if (!running()) return -1;
  // The daemon has exited when its stdout reaches end of file.
  const auto deadline = Clock::now() + limit;
  std::string ignored;
  for (;;) {
    pollfd fd{stdout_fd_, POLLIN, 0};
    const int ready = poll(&fd, 1, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      Kill();
      return -1;
    }
    if (!ReadSome(stdout_fd_, ignored)) break;
  }
  return Reap();
}

int DaemonProcess::Reap() {
  const int code = WaitFor(pid_);
  last_exit_code_ = code;
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return code;
}

std::string DaemonProcess::Log() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool DaemonProcess::WaitForLog(const std::string& text, std::chrono::milliseconds limit,
                               size_t from) const {
  const int watch = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watch < 0) throw SystemError("inotify_init1");
  // Watched before the first look, so no write falls between the two.
  if (inotify_add_watch(watch, log_path_.c_str(), IN_MODIFY) < 0) {
    close(watch);
    throw SystemError("inotify_add_watch " + log_path_);
  }
  auto found = [&] {
    const std::string log = Log();
    return from <= log.size() && log.find(text, from) != std::string::npos;
  };
  const auto deadline = Clock::now() + limit;
  bool seen = found();
  while (!seen) {
    pollfd fd{watch, POLLIN, 0};
    const int ready = poll(&fd, 1, MillisLeft(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char events[4096];
    while (read(watch, events, sizeof events) > 0) {
    }
    seen = found();
  }
  close(watch);
  return seen || found();
}

}  // namespace gongkai::e2e
