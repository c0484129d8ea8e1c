// A supervisor following the alerts of 鞍山市 (210300) with the real gongkaid
// and `gongkai alerts --follow` processes over tcp://127.0.0.1, with a manual
// clock: a follower that starts late gets the backlog then the live alerts,
// and one that outlives a daemon killed between recording and publishing an
// alert still prints every alert exactly once, in sequence order.
//
// The expected alerts are written out below, from the 2008 rule (15 working
// days) and the State Council's 2012 arrangement (National Day 09-30..10-07
// off, 09-29 a make-up Saturday):
//   R1 received 2012-09-28: due 10-25; due_soon 10-22, due_today 10-25,
//      overdue 10-26, very_overdue 11-16 (16 working days after 10-25).
//   R2 received 2012-10-08: 10-09..12 (4), 15..19 (9), 22..26 (14), 29 (15)
//      -> due 10-29; due_soon 10-24, due_today 10-29, overdue 10-30,
//      very_overdue 11-20.
//   R3 received 2012-10-15: 16..19 (4), 22..26 (9), 29..11-02 (14), 05 (15)
//      -> due 11-05; due_soon 10-31, due_today 11-05, overdue 11-06,
//      very_overdue 11-27.
// Each clock advance sweeps once; when several levels of one request have
// come due since the last sweep, only the most severe is raised (DOMAIN.md,
// "Alert streams"). Alerts are numbered in the order of the day they were
// due, then of level.
//
// Nothing sleeps: every wait is a poll() on the follower's output or the
// daemon's, with a deadline.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

// How long any one wait for a process may take before the test fails.
constexpr std::chrono::seconds kDeadline{20};

std::string Describe(const BackgroundProcess& p) {
  return "the follower's stdout:\n" + p.out() + "\nits stderr:\n" + p.err();
}

struct Request {
  std::string id;
  std::string agency;
  std::string due;
};

// Registers a request received today (2008 rule) at `agency`, which the
// engine must find due on `due`.
Request Intake(const std::string& endpoint, const std::string& agency, const std::string& received,
               const std::string& due) {
  const json ack = Ok(endpoint, {"intake", "--agency", agency, "--channel", "in_person",
                                 "--received", received, "--applicant-type", "natural_person",
                                 "--applicant", "王小明", "--subject", "2012年城区道路维修经费"});
  REQUIRE(ack.at("due_date") == due);
  return {ack.at("id").get<std::string>(), agency, due};
}

// One alert as `gongkai alerts --json` prints it, in a form Catch can show
// side by side.
std::string AlertLine(int seq, const std::string& request_id, const std::string& agency,
                      const std::string& level, const std::string& due, const std::string& on) {
  std::string line = "#";  // Appends: GCC 12 misreads "#" + std::string (-Wrestrict).
  line += std::to_string(seq) + " " + request_id + " (" + agency + ") " + level + " due " + due +
          " on " + on;
  return line;
}

// The alert `seq` about `r` at `level`, due on `on`.
std::string Expected(int seq, const Request& r, const std::string& level, const std::string& on) {
  return AlertLine(seq, r.id, r.agency, level, r.due, on);
}

// `lines` (JSON objects, one a line) as AlertLine()s; checks each is an
// object with the fields of an alert.
std::vector<std::string> ParseAlerts(const std::vector<std::string>& lines) {
  std::vector<std::string> alerts;
  for (const std::string& line : lines) {
    const json a = json::parse(line, nullptr, /*allow_exceptions=*/false);
    INFO("line: " << line);
    REQUIRE(a.is_object());
    for (const char* key : {"seq", "request_id", "agency", "level", "due_date", "on"}) {
      REQUIRE(a.contains(key));
    }
    alerts.push_back(AlertLine(a.at("seq").get<int>(), a.at("request_id"), a.at("agency"),
                               a.at("level"), a.at("due_date"), a.at("on")));
  }
  return alerts;
}

// Sequence numbers 1..N in order, and no request alerted twice at a level.
void CheckConsecutiveAndUnique(const std::vector<std::string>& lines) {
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    const json a = json::parse(lines[i]);
    INFO("line " << i + 1 << ": " << lines[i]);
    CHECK(a.at("seq").get<uint64_t>() == i + 1);
    CHECK(seen.emplace(a.at("request_id"), a.at("level")).second);
  }
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

// `gongkai alerts --agency 210300 --json`: the durable record, caught up.
std::string CatchUp(const std::string& endpoint) {
  const ProcessResult r = RunClient(endpoint, {"alerts", "--agency", "210300", "--json"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// Waits until the follower has printed `n` lines in all.
void WaitForAlerts(BackgroundProcess& follower, size_t n) {
  const bool printed = follower.WaitForLines(n, kDeadline);
  INFO("waiting " << kDeadline.count() << " s for alert " << n << "; " << Describe(follower));
  REQUIRE(printed);
}

// The follower exits 0 by itself once it has printed --limit alerts.
void CheckFollowerExits(BackgroundProcess& follower) {
  const int code = follower.Wait(kDeadline);
  INFO("the follower's exit (-1: still running after " << kDeadline.count() << " s); "
                                                       << Describe(follower));
  REQUIRE(code == 0);
}

// `gongkai alerts --agency 210300 --follow --json --limit N`, after the
// global options `client_options`.
std::unique_ptr<BackgroundProcess> StartFollower(const std::string& endpoint, size_t limit,
                                                 std::vector<std::string> client_options = {}) {
  std::vector<std::string> args = std::move(client_options);
  args.insert(args.end(), {"alerts", "--agency", "210300", "--follow", "--json", "--limit",
                           std::to_string(limit)});
  return StartClient(endpoint, args);
}

TEST_CASE(
    "A subscriber that starts late receives the backlog, then live alerts, with consecutive "
    "sequence numbers",
    "[e2e][alerts]") {
  DaemonProcess daemon;  // Its clock: 2012-09-28.
  const std::string server = daemon.Start();

  // Three requests with distinct due dates, in a county, a district and a
  // city department of 鞍山市 (R1, R2, R3 above).
  const Request r1 = Intake(server, "210321", "2012-09-28", "2012-10-25");
  AdvanceTo(server, "2012-10-08");
  const Request r2 = Intake(server, "210302", "2012-10-08", "2012-10-29");
  AdvanceTo(server, "2012-10-15");
  const Request r3 = Intake(server, "21030003", "2012-10-15", "2012-11-05");

  // The backlog, recorded over two sweeps before anyone follows: on 10-23
  // R1's due_soon; on 10-26 R2's due_soon, and of R1's due_today and overdue
  // only overdue.
  AdvanceTo(server, "2012-10-23");
  AdvanceTo(server, "2012-10-26");
  const std::vector<std::string> backlog = {
      Expected(1, r1, "due_soon", "2012-10-22"),
      Expected(2, r2, "due_soon", "2012-10-24"),
      Expected(3, r1, "overdue", "2012-10-26"),
  };
  CHECK(ParseAlerts(SplitLines(CatchUp(server))) == backlog);

  // Then live alerts over three sweeps: on 10-30 R2's overdue (its due_today
  // passed over), on 11-06 R3's overdue (due_soon and due_today passed
  // over), on 11-20 the very_overdue of R1 and R2.
  std::vector<std::string> expected = backlog;
  const std::vector<std::pair<std::string, std::vector<std::string>>> steps = {
      {"2012-10-30", {Expected(4, r2, "overdue", "2012-10-30")}},
      {"2012-11-06", {Expected(5, r3, "overdue", "2012-11-06")}},
      {"2012-11-20",
       {Expected(6, r1, "very_overdue", "2012-11-16"),
        Expected(7, r2, "very_overdue", "2012-11-20")}},
  };
  for (const auto& [day, alerts] : steps)
    expected.insert(expected.end(), alerts.begin(), alerts.end());

  auto follower = StartFollower(server, expected.size());
  WaitForAlerts(*follower, backlog.size());
  size_t heard = backlog.size();
  for (const auto& [day, alerts] : steps) {
    AdvanceTo(server, day);
    heard += alerts.size();
    WaitForAlerts(*follower, heard);
  }
  CheckFollowerExits(*follower);

  const std::vector<std::string> printed = follower->lines();
  CHECK(printed.size() == expected.size());
  CHECK(ParseAlerts(printed) == expected);
  CheckConsecutiveAndUnique(printed);
  CHECK(follower->out() == CatchUp(server));

  const int code = daemon.Terminate();
  INFO("gongkaid's stderr:\n" << daemon.Log());
  CHECK(code == 0);
}

TEST_CASE(
    "Killed between recording and publishing an alert, the daemon restarts and the supervisor "
    "still receives it exactly once",
    "[e2e][alerts]") {
  DaemonOptions options;  // Its clock: 2012-09-28.
  options.daemon = FaultyDaemonPath();
  options.extra_args = {"--crash-after-recording-alerts"};
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();

  const Request r1 = Intake(server, "210321", "2012-09-28", "2012-10-25");
  AdvanceTo(server, "2012-10-08");
  const Request r2 = Intake(server, "210302", "2012-10-08", "2012-10-29");
  // The crash's sweep on 2012-10-26 records R2's due_soon and R1's overdue
  // (R1's due_soon and due_today passed over); the sweep of 2012-10-30 R2's
  // overdue (its due_today passed over).
  const std::vector<std::string> before_crash = {
      Expected(1, r2, "due_soon", "2012-10-24"),
      Expected(2, r1, "overdue", "2012-10-26"),
  };
  std::vector<std::string> expected = before_crash;
  expected.push_back(Expected(3, r2, "overdue", "2012-10-30"));

  // The follower. Each of its calls gives up after 200 + 400 ms, much less
  // than the daemon will be away: only the follower's own persistence (not
  // the client's retries) can carry it over the restart.
  auto follower = StartFollower(server, expected.size(), {"--timeout", "200", "--attempts", "2"});
  CHECK(CatchUp(server).empty());

  // The advance records 2 alerts durably, then the daemon exits with 70
  // before publishing them, possibly before its reply leaves: the client
  // then gets no answer (exit 4), quickly with one short try.
  const ProcessResult advance = RunClient(
      server, {"--timeout", "800", "--attempts", "1", "clock", "advance", "--to", "2012-10-26"});
  {
    INFO("gongkai clock advance: " << Describe(advance));
    CHECK((advance.exit_code == 0 || advance.exit_code == 4));
  }
  const int crashed = daemon.WaitForExit(kDeadline);
  {
    INFO("gongkaid's exit (-1: still running after " << kDeadline.count() << " s); its stderr:\n"
                                                     << daemon.Log());
    REQUIRE(crashed == 70);
  }

  // The daemon stays away longer than the follower's second between two
  // catch-ups and than one call's tries: the follower must keep trying, not
  // give up. (The wait ends early if it exits.)
  follower->WaitForLines(expected.size(), std::chrono::milliseconds(1500));
  {
    INFO("the follower exited while the daemon was down; " << Describe(*follower));
    REQUIRE(follower->running());
  }

  // Restarted without the fault, on the same data directory and port.
  daemon.set_extra_args({});
  const std::string restarted = daemon.Restart();
  REQUIRE(restarted == server);  // Else the follower could not find it.
  CHECK(Ok(server, {"clock", "show"}).at("today") == "2012-10-26");

  WaitForAlerts(*follower, before_crash.size());
  CHECK(ParseAlerts(follower->lines()) == before_crash);
  // A sweep after the restart: the numbering goes on.
  AdvanceTo(server, "2012-10-30");
  WaitForAlerts(*follower, expected.size());
  CheckFollowerExits(*follower);

  const std::vector<std::string> printed = follower->lines();
  CHECK(printed.size() == expected.size());
  CHECK(ParseAlerts(printed) == expected);
  CheckConsecutiveAndUnique(printed);
  CHECK(follower->out() == CatchUp(server));

  const ProcessResult verify = RunClient(server, {"admin", "verify"});
  {
    INFO(Describe(verify));
    CHECK(verify.exit_code == 0);
  }
  const int code = daemon.Terminate();
  INFO("gongkaid's stderr:\n" << daemon.Log());
  CHECK(code == 0);
}

TEST_CASE("A follower started while the engine is down waits for it, then prints what was raised",
          "[e2e][alerts]") {
  DaemonProcess daemon;  // Its clock: 2012-09-28.
  const std::string server = daemon.Start();
  const Request r1 = Intake(server, "210321", "2012-09-28", "2012-10-25");
  CHECK(daemon.Terminate() == 0);

  // Each call of the follower gives up after 200 ms: it is its own
  // persistence that keeps it waiting, and it says so.
  auto follower = StartFollower(server, 1, {"--timeout", "200", "--attempts", "1"});
  {
    const bool said =
        follower->WaitForError("the engine is unreachable; still following", kDeadline);
    INFO(Describe(*follower));
    REQUIRE(said);
    REQUIRE(follower->running());
  }
  REQUIRE(daemon.Restart() == server);
  AdvanceTo(server, "2012-10-23");  // R1's due_soon.
  WaitForAlerts(*follower, 1);
  CheckFollowerExits(*follower);
  CHECK(ParseAlerts(follower->lines()) ==
        std::vector<std::string>{Expected(1, r1, "due_soon", "2012-10-22")});
  CHECK(follower->err().find("the engine is back") != std::string::npos);
  CHECK(daemon.Terminate() == 0);
}

}  // namespace
}  // namespace gongkai::e2e
