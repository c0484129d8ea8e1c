#include "run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

extern char** environ;

namespace gongkai::testing {
namespace {

[[noreturn]] void Throw(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

void MakePipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) Throw(errno, "pipe2");
  read_end.Reset(fds[0]);
  write_end.Reset(fds[1]);
}

// posix_spawn_file_actions_t with cleanup.
class FileActions {
 public:
  FileActions() {
    if (int e = posix_spawn_file_actions_init(&actions_); e != 0) {
      Throw(e, "posix_spawn_file_actions_init");
    }
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) Throw(EINVAL, "RunProcess: empty argv");
  Fd out_read, out_write, err_read, err_write;
  MakePipe(out_read, out_write);
  MakePipe(err_read, err_write);

  // The pipes are close-on-exec; dup2 onto 1 and 2 clears the flag on the
  // copies, so the child keeps only those.
  FileActions actions;
  if (int e = posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
      e != 0) {
    Throw(e, "posix_spawn_file_actions_addopen");
  }
  if (int e = posix_spawn_file_actions_adddup2(actions.get(), out_write.get(), 1); e != 0) {
    Throw(e, "posix_spawn_file_actions_adddup2");
  }
  if (int e = posix_spawn_file_actions_adddup2(actions.get(), err_write.get(), 2); e != 0) {
    Throw(e, "posix_spawn_file_actions_adddup2");
  }

  std::vector<char*> args;
  for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);

  pid_t pid = -1;
  if (int e = posix_spawn(&pid, argv[0].c_str(), actions.get(), nullptr, args.data(), environ);
      e != 0) {
    Throw(e, "cannot run " + argv[0]);
  }
  out_write.Close();
  err_write.Close();

  ProcessResult result;
  pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buffer[4096];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      Throw(errno, "poll");
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // End of file (or an error): stop polling it.
        --open_fds;
      }
    }
  }

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Throw(errno, "waitpid");
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

}  // namespace gongkai::testing
