// A PostgreSQL server for the peer benchmark (bench/peers/postgres/): a new
// cluster made by initdb in a temporary directory, its configuration the
// repository's fragment (postgresql.conf, appended to initdb's), started as
// a child process listening only on a unix socket in that directory (a
// free port number names the socket). When this program runs as root, the
// cluster belongs to and the server runs as an unprivileged user (the
// "postgres" account of Debian's package, else "nobody"): PostgreSQL
// refuses to run as root.
//
// The binaries are PostgreSQL 15's from Debian (/usr/lib/postgresql/15/bin),
// or those of $GONGKAI_BENCH_PG_BIN. Thread safety: none; one owner.
#ifndef GONGKAI_BENCH_POSTGRES_SERVER_H_
#define GONGKAI_BENCH_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "engine/status.h"

namespace gongkai::bench {

class PostgresServer {
 public:
  PostgresServer() = default;
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  // Stops the server and removes its directory.
  ~PostgresServer();

  // initdb (superuser "bench", trust on the socket, UTF8, C locale), the
  // configuration fragment at `config_path` appended, then the server
  // started and waited for (up to `timeout`). Errors: FailedPrecondition
  // when the binaries are missing (install postgresql-15), Internal with
  // the tail of initdb's or the server's log otherwise.
  [[nodiscard]] Status Start(const std::string& config_path, std::chrono::seconds timeout);

  // A libpq connection string for database "postgres" as "bench".
  const std::string& conninfo() const { return conninfo_; }
  // The server's version line (SELECT version()), once started.
  const std::string& version() const { return version_; }

  // Fast shutdown (SIGINT), waited for; the directory is kept until
  // destruction. Harmless when not running.
  void Stop();

 private:
  [[nodiscard]] Status RunInitdb();
  [[nodiscard]] Status AppendConfig(const std::string& config_path);
  [[nodiscard]] Status WaitReady(std::chrono::seconds timeout);
  std::string LogTail(const std::string& name) const;  // Of a log in directory_.

  std::string directory_;  // Holds data/, the socket and server.log.
  uid_t uid_ = 0;          // Who runs the server (getuid() unless root).
  gid_t gid_ = 0;
  bool switch_user_ = false;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string conninfo_, version_;
};

// Where initdb and postgres are.
std::string PostgresBinDirectory();

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_POSTGRES_SERVER_H_
