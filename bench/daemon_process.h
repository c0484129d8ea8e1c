// Runs gongkaid as a real child process for the benchmarks: start on a data
// directory, wait for its "ready" line, read its peak RSS, stop it.
#ifndef GONGKAI_BENCH_DAEMON_PROCESS_H_
#define GONGKAI_BENCH_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace gongkai::bench {

class DaemonProcess {
 public:
  // Starts `daemon` with `args`; false (and `error`) when it does not print
  // its ready line within `timeout`. The endpoint is what follows `marker`
  // in that line (gongkai-web: "serving ").
  bool Start(const std::string& daemon, const std::vector<std::string>& args,
             std::chrono::milliseconds timeout, std::string& error,
             const std::string& marker = "commands on ");
  // The endpoint from the ready line ("commands on tcp://...").
  const std::string& endpoint() const { return endpoint_; }
  // Time from Start() to the ready line.
  std::chrono::duration<double> startup() const { return startup_; }
  // Peak resident set size (VmHWM) in bytes; 0 when unknown.
  long PeakRssBytes() const;
  // Resident set size now (VmRSS) in bytes; 0 when unknown.
  long RssBytes() const;
  // Waits until the daemon's log (its standard error, kept in a file while
  // it runs) has a line containing `text`; false after `timeout`.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout) const;
  // Waits for the end of the checksum pass a daemon makes over the whole
  // store after each start ("store: every checksum verified"), so that a
  // timed part measures the daemon as it serves, not its first minutes.
  bool WaitUntilVerified(std::string& error) const;
  // SIGTERM, then wait; returns what the daemon printed after its ready
  // line (its "stopped: served N messages in M groups" line). Its log goes
  // to this process's standard error.
  std::string Stop();
  void Kill();  // SIGKILL, then wait: a crash.
  ~DaemonProcess() { Stop(); }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string log_path_;  // The daemon's standard error while it runs.
  std::string endpoint_;
  std::chrono::duration<double> startup_{0};
};

// The path of a binary next to this one's build tree, from a compile-time
// definition.
std::string DaemonPath();

// Runs the gongkai client (this build's) with `args`, `input` on its
// standard input and its output discarded; the seconds it took, or a
// negative number when it could not start or did not exit 0.
double RunClient(const std::vector<std::string>& args, const std::string& input = "");
std::string AgenciesPath();

// gongkaid's arguments for a benchmark: the data `directory`, commands and
// alerts on tcp://127.0.0.1 (ports chosen by the system), the example agency
// registry, no daily intake quota (one sender registers everything) and a
// manual clock at `today` ("2024-06-03"); then `extra`.
std::vector<std::string> BenchDaemonArgs(const std::string& directory, const std::string& today,
                                         const std::vector<std::string>& extra = {});

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_DAEMON_PROCESS_H_
