// The rules pinned after the first year of use (DOMAIN.md), through the real
// gongkaid and gongkai processes over tcp://127.0.0.1 with a manual clock: a
// calendar notice loaded after a decision corrects its lateness and the
// year's report unless the year is locked; overlapping stops; the
// supervisors' alerts and the officers' reminders as separate streams; one
// answer to "is it overdue" on a holiday after the due date; the settings.
//
// Every expected date is written out here, from the State Council's
// arrangements (2012: National Day 09-30..10-07 off, 09-29 a make-up
// Saturday; 2019: 端午节 06-07 off, 中秋节 09-13..15 off; 2027: no notice in
// the builtin calendar, so the weekday rule, until the test loads one).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using Catch::Matchers::Contains;
using nlohmann::json;

constexpr std::chrono::seconds kDeadline{20};

// A 2027 notice: New Year 01-01..03, Spring Festival 02-06..14 (the weekdays
// 02-08..12 off), National Day 10-01..07: 261 - 11 = 250 working days.
constexpr const char* k2027Notice =
    "gongkai-calendar 1\n"
    "announced 2027\n"
    "2027-01-01..2027-01-03 off 元旦\n"
    "2027-02-06..2027-02-14 off 春节\n"
    "2027-10-01..2027-10-07 off 国庆节\n";

std::string WriteFile(const DaemonProcess& daemon, const std::string& name,
                      const std::string& text) {
  const std::string path = daemon.data_dir() + "/../" + name;
  std::ofstream(path) << text;
  return path;
}

std::string Intake(const std::string& server, const std::string& agency,
                   const std::string& received, const std::string& due) {
  const json ack = Ok(server, {"intake", "--agency", agency, "--channel", "in_person", "--received",
                               received, "--applicant-type", "natural_person", "--applicant",
                               "王小明", "--subject", "城区道路维修经费"});
  INFO(ack.dump());
  REQUIRE(ack.at("due_date") == due);
  return ack.at("id").get<std::string>();
}

// The due date (or null) an event's acknowledgement reports.
json Record(const std::string& server, std::vector<std::string> args) {
  return Ok(server, std::move(args)).at("due_date");
}

json Report2027(const std::string& server) {
  return Ok(server, {"report", "annual", "--year", "2027", "--agency", "210300"});
}

void CheckVerifies(const std::string& server) {
  const ProcessResult verify = RunClient(server, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
}

TEST_CASE(
    "A calendar notice loaded after a late-looking decision makes it on time and corrects the "
    "year's figures, unless the year is locked",
    "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2026-12-10";
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  // Received 2026-12-10: 20 working days by the weekday rule in 2027 (01-01,
  // a Friday, counted): 12-11..31 (15), 01-01 (16), 04..07 (20).
  const std::string id = Intake(server, "210300", "2026-12-10", "2027-01-07");
  CHECK(Ok(server, {"show", id}).at("provisional") == true);
  AdvanceTo(server, "2027-01-08");
  Ok(server, {"decide", id, "--on", "2027-01-08", "--outcome", "granted"});
  const json before = Ok(server, {"show", id});
  REQUIRE(before.at("late") == true);
  REQUIRE(Report2027(server).at("late") == 1);
  const std::string notice = WriteFile(daemon, "2027.cal", k2027Notice);

  SECTION("a dry run lists the change and changes nothing") {
    const json dry = Ok(server, {"calendar", "load", "--dry-run", notice});
    CHECK(dry.at("dry_run") == true);
    REQUIRE(dry.at("changes").size() == 1);
    CHECK(dry.at("changes")[0].at("id") == id);
    CHECK(dry.at("changes")[0].at("late_after") == false);
    CHECK(Ok(server, {"show", id}) == before);
    CHECK(Report2027(server).at("late") == 1);
  }
  SECTION("2027 not locked: the request is on time, with a recorded reason") {
    const json loaded = Ok(server, {"calendar", "load", notice});
    INFO(loaded.dump());
    REQUIRE(loaded.at("changes").size() == 1);
    CHECK(loaded.at("changes")[0] == json{{"id", id},
                                          {"closed", true},
                                          {"due_before", "2027-01-07"},
                                          {"due_after", "2027-01-08"},
                                          {"late_before", true},
                                          {"late_after", false},
                                          {"reply_days_before", 21},
                                          {"reply_days_after", 20},
                                          {"locked", false}});
    const json after = Ok(server, {"show", id});
    CHECK(after.at("late") == false);
    CHECK(after.at("due_date") == "2027-01-08");
    CHECK(after.at("provisional") == false);
    const json& last = after.at("events").back();
    CHECK(last.at("kind") == "deadline_recomputed");
    CHECK(last.at("on") == "2027-01-08");
    CHECK_THAT(last.at("details").at("reason").get<std::string>(),
               Contains("2027.cal") && Contains("late -> on time") &&
                   Contains("2027-01-07 to 2027-01-08"));
    const json report = Report2027(server);
    CHECK(report.at("late") == 0);
    CHECK(report.at("on_time_rate") == 1.0);
    CHECK(report.at("mean_reply_days") == 20.0);
    CHECK(report.at("most_late_agencies").empty());
    CheckVerifies(server);
    // The same notice again changes nothing.
    const json again = Ok(server, {"calendar", "load", notice});
    CHECK(again.at("changes").empty());
    CHECK_THAT(again.at("message").get<std::string>(), Contains("changes nothing"));
    CHECK(Ok(server, {"show", id}) == after);
  }
  SECTION("2027 locked first: its figures stay, and the load names the request") {
    AdvanceTo(server, "2028-01-04");
    Ok(server, {"report", "lock", "--year", "2027"});
    const json report_before = Report2027(server);
    const json loaded = Ok(server, {"calendar", "load", notice});
    INFO(loaded.dump());
    REQUIRE(loaded.at("changes").size() == 1);
    CHECK(loaded.at("changes")[0].at("id") == id);
    CHECK(loaded.at("changes")[0].at("locked") == true);
    CHECK_THAT(loaded.at("message").get<std::string>(),
               Contains("1 requests closed in locked years keep their figures"));
    const json after = Ok(server, {"show", id});
    CHECK(after.at("late") == true);
    CHECK(after.at("events").size() == before.at("events").size());
    CHECK(Report2027(server) == report_before);
    CheckVerifies(server);
  }
  CHECK(daemon.Terminate() == 0);
}

TEST_CASE("An implausible notice is refused and changes nothing", "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2026-12-10";
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const std::string id = Intake(server, "210300", "2026-12-10", "2027-01-07");
  const std::string bad = WriteFile(daemon, "bad.cal",
                                    "gongkai-calendar 1\nannounced 2027\n"
                                    "2027-02-01..2027-02-19 off 春节\n");
  const ProcessResult refused = RunClient(server, {"calendar", "load", bad});
  INFO(Describe(refused));
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.err, Contains("2027") && Contains("consecutive days off"));
  CHECK(Ok(server, {"show", id}).at("due_date") == "2027-01-07");
  CHECK(daemon.Terminate() == 0);
}

// Received 2012-09-20 (Thu): due 2012-10-17. 甲 consulted 09-24..10-10 and 乙
// 09-27..10-15, and a fee notice 09-28..10-09, all across National Day:
// their union (09-24, 10-15] holds 11 working days (09-25..29, 10-08..12,
// 10-15) -> due 2012-11-01 (26 working days after 09-20). Extended by 15 on
// 10-16 -> 2012-11-22.
TEST_CASE(
    "Two overlapping consultations and a fee notice across National Day move the due date as "
    "their union",
    "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2012-09-20";
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const std::string id = Intake(server, "210321", "2012-09-20", "2012-10-17");
  AdvanceTo(server, "2012-10-16");
  CHECK(Record(server, {"consult-start", id, "--on", "2012-09-24", "--party", "甲公司"}).is_null());
  CHECK(Record(server, {"consult-start", id, "--on", "2012-09-27", "--party", "乙公司"}).is_null());
  CHECK(Record(server, {"fee-notice", id, "--on", "2012-09-28", "--amount", "10.00"}).is_null());
  CHECK(Record(server, {"fee-paid", id, "--on", "2012-10-09"}).is_null());
  {
    // Two are open: the end must name one; nothing is written.
    const ProcessResult refused = RunClient(server, {"consult-end", id, "--on", "2012-10-10"});
    INFO(Describe(refused));
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Contains("甲公司, 乙公司"));
    CHECK(Ok(server, {"show", id}).at("events").size() == 5);
  }
  CHECK(Record(server, {"consult-end", id, "--on", "2012-10-10", "--party", "甲公司"}).is_null());
  CHECK(Record(server, {"consult-end", id, "--on", "2012-10-15"}) == "2012-11-01");
  CHECK(Record(server, {"extend", id, "--on", "2012-10-16", "--approved-by", "李主任"}) ==
        "2012-11-22");
  const json shown = Ok(server, {"show", id});
  CHECK(shown.at("due_date") == "2012-11-22");
  CHECK(shown.at("stops") == json::parse(R"([
      {"kind": "consultation", "party": "甲公司", "from": "2012-09-24", "to": "2012-10-10"},
      {"kind": "consultation", "party": "乙公司", "from": "2012-09-27", "to": "2012-10-15"},
      {"kind": "fee", "from": "2012-09-28", "to": "2012-10-09"}])"));
  CHECK_THAT(shown.at("explanation").dump(), Contains("11 working days excluded in all"));
  // The text view lists each stop too.
  const ProcessResult text = RunClient(server, {"show", id});
  CHECK_THAT(text.out, Contains("甲公司  2012-09-24 -> 2012-10-10"));
  CheckVerifies(server);
  CHECK(daemon.Terminate() == 0);
}

std::vector<json> JsonLines(const std::vector<std::string>& lines) {
  std::vector<json> parsed;
  for (const auto& line : lines) parsed.push_back(json::parse(line));
  return parsed;
}

// Two 2019-rule requests of 铁东区 received 2019-05-15: R1 consults 甲公司
// from 05-20 (never ended), R2 runs its course (due 06-13). Reminders:
// correction_not_asked for both on 05-22 (the 7 working days to ask end
// 05-24), third_party_overdue for R1 on 06-12 (16 working days after 05-20,
// 06-07 off). Alerts, R2 only: due_soon 06-10, due_today 06-13, overdue 06-14.
TEST_CASE("The supervisors' alerts and the officers' reminders are separate streams",
          "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2019-05-15";
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const std::string r1 = Intake(server, "210302", "2019-05-15", "2019-06-13");
  const std::string r2 = Intake(server, "210302", "2019-05-15", "2019-06-13");
  auto alerts =
      StartClient(server, {"alerts", "--agency", "210300", "--follow", "--json", "--limit", "3"});
  auto reminders = StartClient(
      server, {"reminders", "--agency", "210300", "--follow", "--json", "--limit", "3"});
  AdvanceTo(server, "2019-05-20");
  Ok(server, {"consult-start", r1, "--on", "2019-05-20", "--party", "甲公司"});
  for (const char* day : {"2019-05-22", "2019-06-10", "2019-06-12", "2019-06-13", "2019-06-14"}) {
    AdvanceTo(server, day);
  }
  REQUIRE(alerts->WaitForLines(3, kDeadline));
  REQUIRE(reminders->WaitForLines(3, kDeadline));
  CHECK(alerts->Wait(kDeadline) == 0);
  CHECK(reminders->Wait(kDeadline) == 0);
  auto brief = [](const json& a) {
    return std::to_string(a.at("seq").get<int>()) + " " + a.at("request_id").get<std::string>() +
           " " + a.at("level").get<std::string>() + " " + a.at("on").get<std::string>();
  };
  std::vector<std::string> supervisor, officer;
  for (const json& a : JsonLines(alerts->lines())) supervisor.push_back(brief(a));
  for (const json& a : JsonLines(reminders->lines())) officer.push_back(brief(a));
  CHECK(supervisor == std::vector<std::string>{"1 " + r2 + " due_soon 2019-06-10",
                                               "2 " + r2 + " due_today 2019-06-13",
                                               "3 " + r2 + " overdue 2019-06-14"});
  CHECK(officer == std::vector<std::string>{"1 " + r1 + " correction_not_asked 2019-05-22",
                                            "2 " + r2 + " correction_not_asked 2019-05-22",
                                            "3 " + r1 + " third_party_overdue 2019-06-12"});
  const json third_party = JsonLines(reminders->lines())[2];
  CHECK(third_party.at("party") == "甲公司");
  CHECK(third_party.at("window_ends") == "2019-06-11");
  CHECK(third_party.at("raised") == "2019-06-12");
  // The catch-up of each stream holds the same.
  const ProcessResult caught_up = RunClient(server, {"alerts", "--agency", "210300", "--json"});
  CHECK(caught_up.out == alerts->out());
  CHECK(daemon.Terminate() == 0);
}

// Received 2019-08-15 (Thu): due 2019-09-12 (Thu); 09-13..15 off (中秋节).
TEST_CASE("On a holiday right after the due date, the list, the worklist and the alerts agree",
          "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2019-08-15";
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const std::string id = Intake(server, "210302", "2019-08-15", "2019-09-12");
  auto agree = [&](const std::string& day, int overdue_days) {
    AdvanceTo(server, day);
    INFO(day);
    const json listed = Ok(server, {"list", "--agency", "210300"});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].at("working_days_overdue") == overdue_days);
    CHECK(listed[0].at("working_days_left") == 0);
    CHECK(Ok(server, {"list", "--agency", "210300", "--status", "overdue"}).size() ==
          size_t(overdue_days > 0));
    const json worklist = Ok(server, {"overdue", "--agency", "210300"});
    CHECK(worklist.size() == size_t(overdue_days > 0));
    if (!worklist.empty()) CHECK(worklist[0].at("working_days_overdue") == overdue_days);
    const ProcessResult fetched = RunClient(server, {"alerts", "--agency", "210300", "--json"});
    REQUIRE(fetched.exit_code == 0);
    std::vector<json> alerts;
    for (size_t start = 0, end; (end = fetched.out.find('\n', start)) != std::string::npos;
         start = end + 1) {
      alerts.push_back(json::parse(fetched.out.substr(start, end - start)));
    }
    bool overdue_alert = false;
    for (const json& a : alerts) overdue_alert = overdue_alert || a.at("level") == "overdue";
    CHECK(overdue_alert == (overdue_days > 0));
  };
  agree("2019-09-13", 0);
  agree("2019-09-15", 0);
  agree("2019-09-16", 1);
  CHECK(daemon.Terminate() == 0);
}

TEST_CASE(
    "The settings are given when gongkaid starts, shown by clock show, and those that decide "
    "due dates cannot change",
    "[e2e][law]") {
  DaemonOptions options;
  options.clock = "manual:2012-09-28";
  options.extra_args = {"--due-soon-days", "5", "--reminder-lead-days", "1"};
  DaemonProcess daemon(options);
  const std::string server = daemon.Start();
  const json shown = Ok(server, {"clock", "show"});
  CHECK(shown.at("settings") == json{{"pin_regime", "none"},
                                     {"due_soon_days", 5},
                                     {"count_receipt_day", false},
                                     {"reminder_lead_days", 1},
                                     {"default_correction_window", 15}});
  // Due 2012-10-25; 5 working days before: 10-18.
  const std::string id = Intake(server, "210300", "2012-09-28", "2012-10-25");
  AdvanceTo(server, "2012-10-18");
  CHECK(Ok(server, {"list", "--status", "due-soon"}).size() == 1);
  // Restarted without the flags: the stored settings hold.
  daemon.set_extra_args({});
  const std::string again = daemon.Restart();
  CHECK(Ok(again, {"clock", "show"}).at("settings").at("due_soon_days") == 5);
  CHECK(daemon.Terminate() == 0);
  // A setting that decides due dates cannot change.
  const ProcessResult refused =
      RunProcess({DaemonPath(), "--data", daemon.data_dir(), "--listen", "tcp://127.0.0.1:*",
                  "--alerts", "tcp://127.0.0.1:*", "--clock", "manual:2012-10-18", "--agencies",
                  AgenciesPath(), "--pin-regime", "2019"});
  INFO(Describe(refused));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Contains("cannot change"));
  (void)id;
}

}  // namespace
}  // namespace gongkai::e2e
