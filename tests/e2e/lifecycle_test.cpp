// A request's life through the real gongkaid and gongkai processes over
// tcp://127.0.0.1, with a manual clock: intake, consultation, extension and
// decision, the refusals, an unreachable engine and a restart.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

json Show(const std::string& endpoint, const std::string& id) { return Ok(endpoint, {"show", id}); }

// admin verify finds state, deadline index and counters in agreement.
void CheckVerifies(const std::string& endpoint) {
  const ProcessResult verify = RunClient(endpoint, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
}

// gongkaid exits 0 on SIGTERM (workers/gongkaid.cpp).
void CheckStops(DaemonProcess& daemon) {
  const int code = daemon.Terminate();
  INFO("gongkaid's stderr:\n" << daemon.Log());
  CHECK(code == 0);
}

// Registers a request received 2012-09-28 (2008 rule) at 台安县 (210321).
std::string Intake(const std::string& endpoint, const std::string& applicant = "王小明") {
  const json ack = Ok(endpoint, {"intake", "--agency", "210321", "--channel", "in_person",
                                 "--received", "2012-09-28", "--applicant-type", "natural_person",
                                 "--applicant", applicant, "--subject", "2012年城区道路维修经费"});
  REQUIRE(ack.at("due_date") == "2012-10-25");
  return ack.at("id").get<std::string>();
}

// A TCP port bound on 127.0.0.1 but not listening: connections are refused
// for as long as the socket is kept.
class DeadPort {
 public:
  DeadPort() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~DeadPort() { close(fd_); }
  DeadPort(const DeadPort&) = delete;
  DeadPort& operator=(const DeadPort&) = delete;
  std::string endpoint() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_CASE(
    "A request walks from intake through consultation, extension and decision with the "
    "due date moved at each step",
    "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  REQUIRE(server.rfind("tcp://127.0.0.1:", 0) == 0);
  CHECK((daemon.alerts_endpoint().empty() ||
         daemon.alerts_endpoint().rfind("tcp://127.0.0.1:", 0) == 0));

  const std::string id = Intake(server);
  REQUIRE(id.rfind("210321-2012-", 0) == 0);
  json shown = Show(server, id);
  CHECK(shown.at("id") == id);
  CHECK(shown.at("agency") == "210321");
  CHECK(shown.at("status") == "open");
  CHECK(shown.at("received") == "2012-09-28");
  CHECK(shown.at("regime") == "2008");
  CHECK(shown.at("due_date") == "2012-10-25");  // 15 working days, National Day crossed.
  CHECK(shown.at("outcome").is_null());

  // Consultation 2012-10-08 .. 2012-10-19: the clock stops, 9 working days
  // are excluded: 10-09..12 (4), 10-15..19 (9).
  AdvanceTo(server, "2012-10-08");
  Ok(server, {"consult-start", id, "--on", "2012-10-08", "--party", "市规划局"});
  shown = Show(server, id);
  CHECK(shown.at("status") == "consulting");
  CHECK(shown.at("due_date").is_null());  // Unset while the clock is stopped.

  // The due date moves by those 9 working days after 2012-10-25:
  // 10-26 (1), 10-29..11-02 (6), 11-05..07 (9).
  AdvanceTo(server, "2012-10-19");
  json ack = Ok(server, {"consult-end", id, "--on", "2012-10-19"});
  CHECK(ack.at("due_date") == "2012-11-07");
  shown = Show(server, id);
  CHECK(shown.at("status") == "open");
  CHECK(shown.at("due_date") == "2012-11-07");

  // The extension: +15 working days after 2012-11-07: 11-08..09 (2),
  // 11-12..16 (7), 11-19..23 (12), 11-26..28 (15).
  AdvanceTo(server, "2012-10-22");
  ack = Ok(server,
           {"extend", id, "--on", "2012-10-22", "--approved-by", "公开办主任", "--days", "15"});
  CHECK(ack.at("due_date") == "2012-11-28");
  shown = Show(server, id);
  CHECK(shown.at("due_date") == "2012-11-28");

  // Decided before the due date: on time.
  AdvanceTo(server, "2012-11-20");
  Ok(server, {"decide", id, "--on", "2012-11-20", "--outcome", "granted"});
  shown = Show(server, id);
  CHECK(shown.at("status") == "decided");
  CHECK(shown.at("outcome") == "granted");
  CHECK(shown.at("closed_on") == "2012-11-20");
  CHECK(shown.at("late") == false);
  CHECK(shown.at("due_date") == "2012-11-28");

  std::vector<std::string> kinds;
  for (const json& event : shown.at("events")) kinds.push_back(event.at("kind"));
  CHECK(kinds == std::vector<std::string>{"received", "consultation_started", "consultation_ended",
                                          "extension_approved", "decided"});

  CheckVerifies(server);
  CheckStops(daemon);
}

TEST_CASE("An event sent without --on is dated the engine's today", "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string id = Intake(server);
  AdvanceTo(server, "2012-10-08");
  Ok(server, {"consult-start", id, "--party", "市规划局"});
  AdvanceTo(server, "2012-10-19");
  const json ack = Ok(server, {"consult-end", id});
  CHECK(ack.at("due_date") == "2012-11-07");  // As with the dates written out.
  const json shown = Show(server, id);
  REQUIRE(shown.at("events").size() == 3);
  CHECK(shown.at("events")[1].at("on") == "2012-10-08");
  CHECK(shown.at("events")[2].at("on") == "2012-10-19");
}

TEST_CASE("A request of one's own agency is named by its year and number", "[e2e][lifecycle]") {
  DaemonProcess daemon;  // The tester's scope is 210300, the city.
  const std::string server = daemon.Start();
  const json ack = Ok(server, {"intake", "--agency", "210300", "--channel", "in_person",
                               "--received", "2012-09-28", "--applicant-type", "natural_person",
                               "--applicant", "王小明", "--subject", "2012年城区道路维修经费"});
  REQUIRE(ack.at("id") == "210300-2012-000001");
  CHECK(Show(server, "2012-1").at("id") == "210300-2012-000001");
  CHECK(Show(server, "210300-2012-1").at("id") == "210300-2012-000001");
  Ok(server, {"decide", "2012-1", "--outcome", "granted"});
  CHECK(Show(server, "210300-2012-000001").at("status") == "decided");
  // Another agency's person means their own agency's request 1, which does not exist.
  const std::string county = daemon.Enroll("county-clerk", "clerk", "210304");
  const ProcessResult r = RunClientAs(county, server, {"show", "2012-1"});
  INFO(Describe(r));
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("210304-2012-000001 does not exist") != std::string::npos);
}

TEST_CASE("gongkaid reads its options from a TOML file, and a flag given overrides it",
          "[e2e][lifecycle][config]") {
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const std::string config = dir + "/gongkaid-" + std::to_string(getpid()) + ".toml";
  {
    std::ofstream(config) << "# the office's settings\n"
                             "due-soon-days = 5\n"
                             "reminder_lead_days = 4\n"
                             "log-level = \"warn\"\n";
  }
  DaemonOptions options;
  options.extra_args = {"--config", config, "--reminder-lead-days", "1"};
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const json clock = Ok(server, {"clock", "show"});
  CHECK(clock.at("settings").at("due_soon_days") == 5);       // From the file.
  CHECK(clock.at("settings").at("reminder_lead_days") == 1);  // The flag wins.
  daemon.Kill();

  // A key gongkaid does not know, and a file that is not TOML, are refused.
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"due-soon-days = 5\nlisten-port = 7501\n", "'listen-port', which is not an option"},
           {"due-soon-days = \n", "the configuration file, line 1: not TOML"},
           {"due-soon-days = 1.5\n", "must be a string, a whole number or true/false"}}) {
    { std::ofstream(config) << text; }
    const ProcessResult r =
        RunProcess({DaemonPath(), "--config", config, "--data", daemon.data_dir()});
    INFO(Describe(r));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(message) != std::string::npos);
  }
  std::remove(config.c_str());
}

TEST_CASE("gongkaid tells systemd it is ready once it serves, and that it stops",
          "[e2e][lifecycle][systemd]") {
  // A datagram socket where systemd would listen (NOTIFY_SOCKET).
  const std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                           "/gongkaid-notify-" + std::to_string(getpid());
  std::remove(path.c_str());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  setenv("NOTIFY_SOCKET", path.c_str(), 1);
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  unsetenv("NOTIFY_SOCKET");
  // Waits (bounded) for the next message systemd would receive.
  auto next = [fd]() -> std::string {
    pollfd item{fd, POLLIN, 0};
    if (poll(&item, 1, 20000) != 1) return "";
    char buffer[512];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, size_t(n)) : "";
  };
  // The tester's enrolment restarted nothing: the first message is READY.
  const std::string ready = next();
  CHECK(ready.find("READY=1") != std::string::npos);
  CHECK(ready.find("STATUS=serving on " + server) != std::string::npos);
  CHECK(daemon.Terminate() == 0);
  std::string stopping = next();
  CHECK(stopping.find("STOPPING=1") != std::string::npos);
  close(fd);
  std::remove(path.c_str());
}

TEST_CASE("gongkaid names its ledger and reader threads, so top -H tells them apart",
          "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  // Each thread names itself first: the ZAP handler let the client in, the
  // ledger answered the intake, a reader the show.
  const std::string id = Intake(server);
  Show(server, id);
  std::vector<std::string> names;
  const std::string tasks = "/proc/" + std::to_string(daemon.pid()) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    names.push_back(name);
  }
  INFO("threads: " << nlohmann::json(names).dump());
  CHECK(std::count(names.begin(), names.end(), "gk-ledger") == 1);
  CHECK(std::count(names.begin(), names.end(), "gk-reader") >= 1);
  CHECK(std::count(names.begin(), names.end(), "gk-auth") == 1);  // It let the tester in.
}

TEST_CASE("A second extension of the same request is refused with exit code 3 naming Art. 24",
          "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string id = Intake(server);
  AdvanceTo(server, "2012-10-22");
  const json first =
      Ok(server, {"extend", id, "--on", "2012-10-22", "--approved-by", "公开办主任"});
  CHECK(first.at("due_date") == "2012-11-15");  // The 2008 maximum: 15 working days.

  const ProcessResult second = RunClient(
      server, {"extend", id, "--on", "2012-10-22", "--approved-by", "公开办主任", "--days", "5"});
  INFO(Describe(second));
  CHECK(second.exit_code == 3);
  CHECK(second.err.find("Art. 24") != std::string::npos);
  CHECK(second.out.empty());
  // Nothing changed.
  CHECK(Show(server, id).at("due_date") == "2012-11-15");
  CHECK(Show(server, id).at("events").size() == 2);
}

TEST_CASE("An intake for an agency missing from the registry is refused with exit code 3",
          "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const ProcessResult r = RunClient(
      server, {"intake", "--agency", "999999", "--channel", "online", "--received", "2012-09-28",
               "--applicant-type", "business", "--applicant", "某某有限公司", "--subject", "x"});
  INFO(Describe(r));
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("999999") != std::string::npos);
  CHECK(r.err.find("某某有限公司") == std::string::npos);  // No personal data in errors.
  CHECK(r.out.empty());
  CHECK(Ok(server, {"list", "--limit", "10000"}).empty());
}

TEST_CASE("A client pointed at a port nothing listens on exits 4 with a clear message",
          "[e2e][lifecycle]") {
  DaemonProcess daemon;  // For a valid identity file only.
  daemon.Start();
  daemon.Kill();
  DeadPort port;
  const ProcessResult r =
      RunProcess({CliPath(), "--server", port.endpoint(), "--identity", daemon.identity(),
                  "--timeout", "200", "--attempts", "2", "show", "210321-2012-000001"});
  INFO(Describe(r));
  CHECK(r.exit_code == 4);
  CHECK(r.out.empty());
  CHECK(r.err.find(port.endpoint()) != std::string::npos);
  CHECK(r.err.find("unavailable") != std::string::npos);
  CHECK(r.err.find("gongkaid") != std::string::npos);
}

TEST_CASE("By default a client gives up on an engine it cannot reach after one 3 s wait",
          "[e2e][lifecycle]") {
  DaemonProcess daemon;  // For a valid identity file only.
  daemon.Start();
  daemon.Kill();
  DeadPort port;
  // No --timeout and no --attempts: the defaults. The message says the wait
  // was the connection's (3.0 s), not the four tries of a lost reply.
  const ProcessResult r =
      RunProcess({CliPath(), "--lang", "en", "--server", port.endpoint(), "--identity",
                  daemon.identity(), "show", "210321-2012-000001"});
  INFO(Describe(r));
  CHECK(r.exit_code == 4);
  CHECK(r.out.empty());
  CHECK(r.err.find("the engine at " + port.endpoint() + " did not answer within 3.0 s") !=
        std::string::npos);
  CHECK(r.err.find("tries") == std::string::npos);
}

TEST_CASE("A client without an identity sends nothing and says how to get one",
          "[e2e][lifecycle][access]") {
  DeadPort port;
  const std::string home = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                           "/gongkai-no-home-" + std::to_string(getpid());
  const ProcessResult r =
      RunProcess({"/usr/bin/env", "-u", "GONGKAI_IDENTITY", "HOME=" + home, CliPath(), "--server",
                  port.endpoint(), "show", "210321-2012-000001"});
  INFO(Describe(r));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("identity") != std::string::npos);
  CHECK(r.err.find("gongkai user add") != std::string::npos);
}

TEST_CASE(
    "A daemon restarted on the same data directory keeps its requests and the manual "
    "clock's date",
    "[e2e][lifecycle]") {
  DaemonProcess daemon;
  std::string server = daemon.Start();
  const std::string id = Intake(server, "李四");
  AdvanceTo(server, "2012-10-15");
  Ok(server, {"consult-start", id, "--on", "2012-10-15", "--party", "第三方"});

  SECTION("after SIGTERM") { CheckStops(daemon); }
  SECTION("after SIGKILL") { daemon.Kill(); }
  // Restart with the same --clock flag (2012-09-28): the stored date wins.
  server = daemon.Restart();

  const json clock = Ok(server, {"clock", "show"});
  CHECK(clock.at("today") == "2012-10-15");
  CHECK(clock.at("clock") == "manual");
  const json shown = Show(server, id);
  CHECK(shown.at("status") == "consulting");
  CHECK(shown.at("events").size() == 2);
  // The stopped clock restarts where it left off: 2012-10-15 .. 2012-10-19
  // excludes 4 working days (10-16 .. 10-19).
  AdvanceTo(server, "2012-10-19");
  CHECK(Ok(server, {"consult-end", id, "--on", "2012-10-19"}).at("due_date") == "2012-10-31");
  // The numbering goes on after the restart.
  const std::string next = Intake(server, "赵六");
  CHECK(next != id);
  CHECK(Ok(server, {"list", "--limit", "10000"}).size() == 2);
  CheckVerifies(server);
}

TEST_CASE("admin verify exits 0 on an empty ledger and on one with requests", "[e2e][lifecycle]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  ProcessResult verify = RunClient(server, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
  for (int i = 0; i < 3; ++i) Intake(server);
  verify = RunClient(server, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("3 requests") != std::string::npos);
}

}  // namespace
}  // namespace gongkai::e2e
