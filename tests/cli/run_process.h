// Runs a program as a real child process (posix_spawn, no shell) and
// collects its exit code, standard output and standard error. For tests of
// the command-line client.
#ifndef GONGKAI_TESTS_CLI_RUN_PROCESS_H_
#define GONGKAI_TESTS_CLI_RUN_PROCESS_H_

#include <string>
#include <vector>

namespace gongkai::testing {

struct ProcessResult {
  // The exit status; 128 + N when the child was killed by signal N.
  int exit_code = -1;
  std::string out;  // Everything written to standard output.
  std::string err;  // Everything written to standard error.
};

// Runs argv[0] (a path, not searched in PATH) with `argv` as its arguments,
// standard input from /dev/null, and waits for it. Both pipes are drained
// concurrently, so large outputs cannot deadlock. Throws std::system_error
// when the program cannot be started.
ProcessResult RunProcess(const std::vector<std::string>& argv);

}  // namespace gongkai::testing

#endif  // GONGKAI_TESTS_CLI_RUN_PROCESS_H_
