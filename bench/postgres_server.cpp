#include "postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/strings.h"
#include "populate.h"

namespace gongkai::bench {
namespace {

// A TCP port nobody listens on now (it only names the unix socket: the
// server listens on no TCP address).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 54329;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 54329;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// Starts `argv` with stdout and stderr appended to `log`, in `directory`,
// as `uid`/`gid` when `switch_user`. Returns the child's pid, or -1.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& directory,
            const std::string& log, bool switch_user, uid_t uid, gid_t gid) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until exec.
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
  }
  if (switch_user && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) {
    _exit(126);
  }
  if (chdir(directory.c_str()) != 0) _exit(126);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

std::string PostgresBinDirectory() {
  const char* bin = std::getenv("GONGKAI_BENCH_PG_BIN");
  return bin && *bin ? bin : "/usr/lib/postgresql/15/bin";
}

PostgresServer::~PostgresServer() {
  Stop();
  if (!directory_.empty()) RemoveTree(directory_);
}

Status PostgresServer::Start(const std::string& config_path, std::chrono::seconds timeout) {
  const std::string bin = PostgresBinDirectory();
  if (access((bin + "/initdb").c_str(), X_OK) != 0 ||
      access((bin + "/postgres").c_str(), X_OK) != 0) {
    return FailedPreconditionError(StrCat({"no PostgreSQL server in ", bin,
                                           " (apt-get install postgresql-15, or set "
                                           "GONGKAI_BENCH_PG_BIN)"}));
  }
  directory_ = MakeTempDirectory("gongkai-peer-pg-");
  if (directory_.empty()) return InternalError("cannot make a temporary directory");
  uid_ = getuid();
  gid_ = getgid();
  if (uid_ == 0) {  // PostgreSQL refuses root: the package's account, else nobody.
    const passwd* account = getpwnam("postgres");
    if (account == nullptr) account = getpwnam("nobody");
    if (account == nullptr) return FailedPreconditionError("no user to run PostgreSQL as");
    uid_ = account->pw_uid;
    gid_ = account->pw_gid;
    switch_user_ = true;
    if (chown(directory_.c_str(), uid_, gid_) != 0) {
      return InternalError(StrCat({"cannot give ", directory_, " to the server's user"}));
    }
  }
  GONGKAI_RETURN_IF_ERROR(RunInitdb());
  GONGKAI_RETURN_IF_ERROR(AppendConfig(config_path));
  port_ = FreePort();
  pid_ = Spawn({bin + "/postgres", "-D", directory_ + "/data", "-p", std::to_string(port_), "-k",
                directory_, "-c", "listen_addresses="},
               directory_, directory_ + "/server.log", switch_user_, uid_, gid_);
  if (pid_ < 0) return InternalError("cannot start postgres");
  conninfo_ = StrCat({"host=", directory_, " port=", std::to_string(port_),
                      " dbname=postgres user=bench connect_timeout=10"});
  return WaitReady(timeout);
}

Status PostgresServer::RunInitdb() {
  const std::string log = directory_ + "/initdb.log";
  // --no-sync: initdb's own files (a cluster for one run); every commit
  // measured later is flushed as usual.
  const pid_t pid = Spawn({PostgresBinDirectory() + "/initdb", "-D", directory_ + "/data", "-U",
                           "bench", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
                          directory_, log, switch_user_, uid_, gid_);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return InternalError(StrCat({"initdb failed in ", directory_,
                                 " (as root the server runs as an unprivileged user, who must "
                                 "reach that directory): ",
                                 LogTail("initdb.log")}));
  }
  return OkStatus();
}

Status PostgresServer::AppendConfig(const std::string& config_path) {
  std::ifstream in(config_path);
  if (!in) return FailedPreconditionError(StrCat({"cannot read ", config_path}));
  std::stringstream fragment;
  fragment << in.rdbuf();
  std::ofstream out(directory_ + "/data/postgresql.conf", std::ios::app);
  out << "\n# gongkai_bench peer-postgres: " << config_path << "\n" << fragment.str() << "\n";
  out.close();
  if (!out) return InternalError("cannot write the server's postgresql.conf");
  return OkStatus();
}

Status PostgresServer::WaitReady(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (PQping(conninfo_.c_str()) != PQPING_OK) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return InternalError(StrCat({"postgres exited at start: ", LogTail("server.log")}));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return InternalError(
          StrCat({"postgres did not accept connections in time: ", LogTail("server.log")}));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  PGconn* connection = PQconnectdb(conninfo_.c_str());
  PGresult* result = PQexec(connection, "SELECT version()");
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) {
    version_ = PQgetvalue(result, 0, 0);
  }
  PQclear(result);
  PQfinish(connection);
  return OkStatus();
}

std::string PostgresServer::LogTail(const std::string& name) const {
  std::ifstream in(directory_ + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  std::string tail = text.str();
  return tail.size() > 600 ? tail.substr(tail.size() - 600) : tail;
}

void PostgresServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);  // Fast shutdown: clients cut, a shutdown checkpoint.
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace gongkai::bench
