// Real processes for the end-to-end tests: gongkaid started as a child in a
// fresh temporary data directory (mkdtemp) on tcp://127.0.0.1 with a manual
// clock, and the gongkai client run as a process whose exit code, standard
// output and standard error are captured.
//
// Nothing here sleeps: the daemon is ready when its stdout shows the ready
// line (read with poll() and a deadline), it has exited when its stdout
// reaches end of file.
//
// Thread safety: a DaemonProcess or a BackgroundProcess is driven by one
// thread; RunClient and RunProcess may be called from any thread.
#ifndef GONGKAI_TESTS_E2E_DAEMON_PROCESS_H_
#define GONGKAI_TESTS_E2E_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gongkai::e2e {

// The binaries under test (compile definitions from tests/CMakeLists.txt).
std::string CliPath();
std::string DaemonPath();
// gongkaid's test build, with the fault injection switches.
std::string FaultyDaemonPath();
std::string AgenciesPath();

struct ProcessResult {
  // The exit status; 128 + N when the child was killed by signal N, -1 when
  // it was killed because it ran past its time limit.
  int exit_code = -1;
  std::string out;  // Everything written to standard output.
  std::string err;  // Everything written to standard error.
  bool timed_out = false;
};

// Runs argv[0] (a path, not searched in PATH) with standard input from
// /dev/null, drains both pipes and waits for it. A child still running after
// `limit` is killed (SIGKILL). Throws std::system_error when the program
// cannot be started.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         std::chrono::milliseconds limit = std::chrono::seconds(60));
// The same with `input` (at most 4096 bytes) as its standard input when
// given.
ProcessResult RunProcessWithInput(const std::vector<std::string>& argv,
                                  const std::optional<std::string>& input,
                                  std::chrono::milliseconds limit = std::chrono::seconds(60));

// Runs `gongkai --server ENDPOINT ARGS...`, as the tester of the daemon at
// ENDPOINT (every role over the whole registry) unless `args` give an
// --identity, in English (--lang en) unless `args` give --lang. Global options such as --json,
// --timeout or --attempts can be given in `args` before the command.
ProcessResult RunClient(const std::string& endpoint, const std::vector<std::string>& args);
// The same as the person whose identity file is `identity`.
ProcessResult RunClientAs(const std::string& identity, const std::string& endpoint,
                          const std::vector<std::string>& args);
// The same with `input` as its standard input.
ProcessResult RunClientWithInput(const std::string& identity, const std::string& endpoint,
                                 const std::vector<std::string>& args, const std::string& input);

// A child left running in the background (a `gongkai alerts --follow`, say)
// whose standard output and standard error are read while the test goes on,
// with bounded waits: for a number of lines on standard output, or for its
// exit. The destructor kills (SIGKILL) and reaps a child still running.
class BackgroundProcess {
 public:
  // Starts argv[0] (a path, not searched in PATH) with standard input from
  // /dev/null. Throws std::system_error when it cannot be started.
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads until standard output holds at least `lines` complete lines, the
  // child closes its output (it exited), or `limit` passes. True when the
  // lines are there.
  bool WaitForLines(size_t lines, std::chrono::milliseconds limit);
  // Reads until standard error holds `text`, the child exits, or `limit`
  // passes. True when the text is there.
  bool WaitForError(const std::string& text, std::chrono::milliseconds limit);
  // Waits for the child to exit and returns its exit status (128 + N for a
  // signal N). After `limit` it is killed (SIGKILL) and -1 is returned.
  int Wait(std::chrono::milliseconds limit);

  // True until the child has closed both its outputs (it has exited) or has
  // been reaped; as of the last read.
  bool running() const { return pid_ > 0 && (fds_[0] >= 0 || fds_[1] >= 0); }
  // The complete lines written to standard output so far.
  std::vector<std::string> lines() const;
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  // Reads both pipes until `done()` or both are closed (true), or until
  // `deadline` passes (false).
  bool Pump(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& done);
  void Reap();

  pid_t pid_ = -1;
  int fds_[2] = {-1, -1};  // The child's standard output and standard error.
  std::string out_;
  std::string err_;
  int exit_code_ = -1;
};

// `gongkai --server ENDPOINT ARGS...` started in the background.
std::unique_ptr<BackgroundProcess> StartClient(const std::string& endpoint,
                                               const std::vector<std::string>& args);

struct DaemonOptions {
  std::string daemon = DaemonPath();
  std::string agencies = AgenciesPath();
  std::string clock = "manual:2012-09-28";
  // Appended to the daemon's command line (e.g. fault injection flags).
  std::vector<std::string> extra_args;
  // How long Start() waits for the ready line.
  std::chrono::milliseconds ready_timeout{20000};
  // For a database the test puts in data_dir() itself before the first
  // Start() (restored from another daemon's backup, say): the identity of a
  // tester enrolled in it, which identity() then names. Empty: the tester
  // enrolled at the first Start().
  std::string tester_identity;
};

// One gongkaid over its own temporary directory, which the destructor
// removes (after killing the daemon if it still runs). The first Start()
// makes the database with `gongkaid init` (an operator, identity()
// operator_identity()) and enrols "tester", holding every role over the
// registry's root 210300, whose identity RunClient uses for this daemon;
// unless data_dir() exists by then (the test made it: no init, no
// enrolment, see DaemonOptions::tester_identity).
class DaemonProcess {
 public:
  explicit DaemonProcess(DaemonOptions options = DaemonOptions());
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Starts gongkaid with --listen and --alerts tcp://127.0.0.1:* and returns
  // the command endpoint its ready line names. Throws std::runtime_error (with the daemon's
  // stderr) when it exits or stays silent past the ready timeout.
  std::string Start();
  // SIGKILL and wait. Does nothing when the daemon is not running.
  void Kill();
  // SIGTERM and wait (bounded: after `limit` it is killed and -1 returned).
  // Returns the daemon's exit status (128 + N for signal N).
  int Terminate(std::chrono::milliseconds limit = std::chrono::seconds(20));
  // Waits for the daemon to exit on its own (a fault injected with a flag)
  // and returns its exit status (128 + N for signal N). After `limit` it is
  // killed (SIGKILL) and -1 is returned.
  int WaitForExit(std::chrono::milliseconds limit = std::chrono::seconds(20));
  // The flags appended to the daemon's command line from the next Start() or
  // Restart() on (e.g. a restart without the fault injection).
  void set_extra_args(std::vector<std::string> args) { options_.extra_args = std::move(args); }
  // Kills the daemon if it runs and starts it again on the same data
  // directory, on the same port when that port can be bound again (else on
  // a new one). Returns the endpoint.
  std::string Restart();

  // Enrols a person (`gongkai user add`, as the operator) and returns the
  // path of their identity file. Throws std::runtime_error when refused.
  std::string Enroll(const std::string& name, const std::string& roles, const std::string& agency,
                     const std::vector<std::string>& flags = {});
  std::string identity() const;           // The tester's identity file.
  std::string operator_identity() const;  // The first operator's.

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  const std::string& endpoint() const { return endpoint_; }
  // The alerts PUB endpoint when the ready line names one ("alerts on ..."),
  // else empty.
  const std::string& alerts_endpoint() const { return alerts_endpoint_; }
  const std::string& data_dir() const { return data_dir_; }
  // Everything the daemon wrote to stderr, over every start.
  std::string Log() const;
  // Waits until Log() holds `text` at or after byte `from` (inotify on the
  // log file, no sleeping); false when `limit` passes first.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds limit, size_t from = 0) const;
  int starts() const { return starts_; }
  // The exit status of the last daemon reaped (one that exited before its
  // ready line included: Start() then throws), -1 before any.
  int last_exit_code() const { return last_exit_code_; }

 private:
  // Starts on `listen`; false when the daemon exited before its ready line.
  bool TryStart(const std::string& listen);
  int Reap();  // Waits for the child, closes its pipe, returns its status.

  DaemonOptions options_;
  std::string root_;
  std::string data_dir_;
  std::string log_path_;
  std::string endpoint_;
  std::string alerts_endpoint_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int starts_ = 0;
  int enrolled_ = 0;
  int last_exit_code_ = -1;
};

}  // namespace gongkai::e2e

#endif  // GONGKAI_TESTS_E2E_DAEMON_PROCESS_H_
