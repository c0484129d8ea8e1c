// Who may do what, through the real gongkaid and gongkai processes over
// CURVE on tcp://127.0.0.1: every command against every role (allowed, or
// permission_denied with nothing changed), the agency scope of a county
// supervisor, keys that are unknown or revoked, a forged actor, the
// head's extension, the applicant's personal data seen only by those who
// may, erasure, the audit log, and the data directory's modes.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

// A name no output may show except to those who may see personal data.
constexpr char kApplicant[] = "申请人独一无二甲";
constexpr char kPhone[] = "13912345678";

// The daemon with one person per role over the city 210300, a supervisor
// of the county 铁东区 210302, and a clerk of 立山区 210304.
struct Office {
  DaemonProcess daemon;
  std::string server;
  std::map<std::string, std::string> people;  // Role -> identity file.

  Office() {
    server = daemon.Start();
    for (const std::string role :
         {"clerk", "officer", "head", "supervisor", "reporter", "auditor", "scheduler"}) {
      people[role] = daemon.Enroll("city-" + role, role, "210300");
    }
    people["operator"] = daemon.operator_identity();
    people["county-supervisor"] = daemon.Enroll("county-supervisor", "supervisor", "210302");
    people["county-clerk"] = daemon.Enroll("county-clerk", "clerk", "210304");
  }

  ProcessResult As(const std::string& who, std::vector<std::string> args) const {
    return RunClientAs(people.at(who), server, args);
  }

  // A request of `agency` received today (2012-09-28) with kApplicant.
  std::string Intake(const std::string& agency = "210300") const {
    const json ack =
        Ok(server, {"intake", "--agency", agency, "--channel", "in_person", "--received",
                    "2012-09-28", "--applicant-type", "natural_person", "--applicant", kApplicant,
                    "--phone", kPhone, "--subject", "城区道路维修经费"});
    return ack.at("id").get<std::string>();
  }
};

bool Refused(const ProcessResult& r) {
  return r.exit_code == 3 && r.err.find("permission_denied") != std::string::npos;
}

// One command line per command the role matrix covers, with the roles that
// may send it (engine/access.h). `{ID}` is a fresh open request of 210300.
struct Row {
  std::vector<std::string> args;
  std::set<std::string> allowed;
};

const std::vector<Row>& Matrix() {
  static const std::vector<Row> rows = {
      {{"intake", "--agency", "210300", "--channel", "online", "--received", "2012-09-28",
        "--applicant-type", "natural_person", "--applicant", "某人", "--subject", "某事"},
       {"clerk"}},
      {{"correction-request", "{ID}", "--on", "2012-09-28"}, {"officer", "head"}},
      {{"correction-receive", "{ID}", "--on", "2012-09-28"}, {"clerk", "officer", "head"}},
      {{"consult-start", "{ID}", "--on", "2012-09-28", "--party", "市规划局"}, {"officer", "head"}},
      {{"extend", "{ID}", "--on", "2012-09-28"}, {"head"}},
      {{"decide", "{ID}", "--on", "2012-09-28", "--outcome", "granted"}, {"officer", "head"}},
      {{"withdraw", "{ID}", "--on", "2012-09-28"}, {"officer", "head"}},
      {{"amend", "{ID}", "--subject", "城区道路维修经费明细", "--reason", "登记笔误"},
       {"clerk", "officer", "head"}},
      {{"show", "{ID}"}, {"clerk", "officer", "head", "supervisor", "auditor"}},
      {{"list", "--agency", "210300"}, {"clerk", "officer", "head", "supervisor", "auditor"}},
      {{"search", "道路维修", "--agency", "210300"},
       {"clerk", "officer", "head", "supervisor", "auditor"}},
      {{"alerts", "--agency", "210300"}, {"supervisor", "auditor"}},
      {{"reminders", "--agency", "210300"}, {"officer", "head", "auditor"}},
      {{"overdue", "--agency", "210300"}, {"supervisor", "auditor"}},
      {{"report", "annual", "--year", "2012", "--agency", "210300"}, {"reporter", "auditor"}},
      {{"audit"}, {"auditor"}},
      {{"admin", "verify"}, {"operator"}},
      {{"admin", "backup", "{DIR}"}, {"operator"}},
      {{"clock", "advance", "--to", "2012-09-28"}, {"operator"}},
      {{"user", "list"}, {"operator"}},
      {{"user", "grant", "county-clerk", "--role", "clerk"}, {"operator"}},
      {{"applicant", "erase", "{ID}", "--reason", "测试"}, {"operator"}},
      {{"alerts", "ack", "1"}, {"supervisor"}},
      {{"report", "lock", "--year", "2011"}, {"reporter"}},
      {{"calendar", "load", "--dry-run", "{CAL}"}, {"operator"}},
      {{"user", "add", "new-person", "--role", "clerk", "--agency", "210300", "--out", "{OUT}"},
       {"operator"}},
      {{"user", "rotate", "county-clerk", "--out", "{OUT}"}, {"operator"}},
      {{"user", "revoke", "county-clerk"}, {"operator"}},
      {{"clock", "show"},
       {"clerk", "officer", "head", "supervisor", "reporter", "auditor", "operator", "scheduler"}},
      {{"agencies"},
       {"clerk", "officer", "head", "supervisor", "reporter", "auditor", "operator", "scheduler"}},
  };
  return rows;
}

// `{ID}` made `id`, `{CAL}` a calendar file, `{OUT}` a new file's path,
// `{DIR}` a new directory's.
std::vector<std::string> WithId(std::vector<std::string> args, const std::string& id,
                                const std::string& root) {
  static int outs = 0;
  for (auto& word : args) {
    if (word == "{ID}") word = id;
    if (word == "{OUT}") word = root + "/out-" + std::to_string(++outs) + ".identity";
    if (word == "{DIR}") word = root + "/backup-" + std::to_string(++outs);
    if (word == "{CAL}") {
      word = root + "/2027.cal";
      std::ofstream(word) << "gongkai-calendar 1\nannounced 2027\n"
                             "2027-01-01..2027-01-03 off 元旦\n";
    }
  }
  return args;
}

TEST_CASE("Every command is refused to every role the matrix does not name, changing nothing",
          "[e2e][access]") {
  Office office;
  const std::vector<std::string> roles = {"clerk",    "officer", "head",     "supervisor",
                                          "reporter", "auditor", "operator", "scheduler"};
  for (const Row& row : Matrix()) {
    const std::string id = office.Intake();
    const std::vector<std::string> args = WithId(row.args, id, office.daemon.data_dir() + "/..");
    // Refusals first, on the fresh request: nothing may change.
    const json before = Ok(office.server, {"show", id});
    const json listed = Ok(office.server, {"list", "--agency", "210300", "--limit", "10000"});
    for (const std::string& role : roles) {
      if (row.allowed.count(role)) continue;
      const ProcessResult r = office.As(role, args);
      INFO(args[0] << " as " << role << ": " << Describe(r));
      CHECK(Refused(r));
      CHECK(r.out.empty());
      CHECK(r.err.find(kApplicant) == std::string::npos);
    }
    CHECK(Ok(office.server, {"show", id}) == before);
    CHECK(Ok(office.server, {"list", "--agency", "210300", "--limit", "10000"}) == listed);
    for (const std::string& role : row.allowed) {
      const ProcessResult r =
          office.As(role, WithId(row.args, id, office.daemon.data_dir() + "/.."));
      INFO(args[0] << " as " << role << ": " << Describe(r));
      CHECK_FALSE(Refused(r));
    }
  }
}

TEST_CASE("A county supervisor sees the county and nothing of another county", "[e2e][access]") {
  Office office;
  const std::string own = office.Intake("210302");
  const std::string other = office.Intake("210303");
  // Both come due: alerts for both counties.
  AdvanceTo(office.server, "2012-11-20");

  SECTION("a request of another county is refused without a word about it") {
    const ProcessResult r = office.As("county-supervisor", {"show", other});
    INFO(Describe(r));
    CHECK(Refused(r));
    CHECK(r.err.find("210302") != std::string::npos);    // The scope is named...
    CHECK(r.err.find(kApplicant) == std::string::npos);  // ...not the request.
    CHECK(r.err.find("城区道路维修经费") == std::string::npos);
    CHECK(office.As("county-supervisor", {"show", own}).exit_code == 0);
  }
  SECTION("lists, overdue, alerts and reports of another county or the city are refused") {
    for (const std::string agency : {"210303", "210300"}) {
      for (const std::vector<std::string>& args :
           {std::vector<std::string>{"list", "--agency", agency},
            {"overdue", "--agency", agency},
            {"alerts", "--agency", agency},
            {"report", "annual", "--year", "2012", "--agency", agency}}) {
        const ProcessResult r = office.As("county-supervisor", args);
        INFO(args[0] << " " << agency << ": " << Describe(r));
        CHECK(Refused(r));
      }
    }
  }
  SECTION("the county's own alerts are there, and only they") {
    const ProcessResult r =
        office.As("county-supervisor", {"--json", "alerts", "--agency", "210302"});
    INFO(Describe(r));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(own) != std::string::npos);
    CHECK(r.out.find(other) == std::string::npos);
    const ProcessResult overdue =
        office.As("county-supervisor", {"--json", "overdue", "--agency", "210302"});
    CHECK(overdue.out.find(own) != std::string::npos);
    CHECK(overdue.out.find(other) == std::string::npos);
  }
  SECTION("a clerk of another county cannot register for the city") {
    const ProcessResult r =
        office.As("county-clerk", {"intake", "--agency", "210302", "--channel", "online",
                                   "--received", "2012-09-28", "--applicant-type", "natural_person",
                                   "--applicant", "某人", "--subject", "某事"});
    CHECK(Refused(r));
  }
}

TEST_CASE("Unknown and revoked keys are refused and everyone else is still served",
          "[e2e][access]") {
  Office office;
  SECTION("a key nobody enrolled") {
    // The operator's file with another key pair: the server key is right.
    std::ifstream in(office.daemon.operator_identity());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string stranger = office.daemon.data_dir() + "/../stranger.identity";
    {
      const std::string other = office.daemon.Enroll("temp", "clerk", "210300");
      std::ifstream other_in(other);
      std::string other_text((std::istreambuf_iterator<char>(other_in)),
                             std::istreambuf_iterator<char>());
      std::ofstream(stranger) << other_text;
      std::filesystem::permissions(
          stranger, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      REQUIRE(RunClient(office.server, {"user", "revoke", "temp"}).exit_code == 0);
    }
    const ProcessResult r =
        RunClientAs(stranger, office.server, {"--attempts", "1", "clock", "show"});
    INFO(Describe(r));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("refused your key") != std::string::npos);
    CHECK(office.As("clerk", {"clock", "show"}).exit_code == 0);
  }
  SECTION("a revoked person, from their next message on") {
    CHECK(office.As("officer", {"clock", "show"}).exit_code == 0);
    REQUIRE(RunClient(office.server, {"user", "revoke", "city-officer"}).exit_code == 0);
    const ProcessResult r = office.As("officer", {"--attempts", "1", "clock", "show"});
    INFO(Describe(r));
    CHECK(r.exit_code == 3);
    CHECK(office.As("head", {"clock", "show"}).exit_code == 0);
    const json people = Ok(office.server, {"user", "list"});
    bool revoked = false;
    for (const auto& p : people) revoked |= p.at("name") == "city-officer" && p.at("revoked");
    CHECK(revoked);
  }
  SECTION("a rotated key: the old file is refused, the new one served") {
    const std::string fresh = office.daemon.data_dir() + "/../rotated.identity";
    REQUIRE(RunClient(office.server, {"user", "rotate", "city-head", "--out", fresh}).exit_code ==
            0);
    CHECK(office.As("head", {"--attempts", "1", "clock", "show"}).exit_code == 3);
    CHECK(RunClientAs(fresh, office.server, {"clock", "show"}).exit_code == 0);
  }
}

TEST_CASE("The engine records who sent a command, whatever actor the client names",
          "[e2e][access]") {
  Office office;
  const ProcessResult r =
      office.As("clerk", {"--json", "intake", "--agency", "210300", "--channel", "online",
                          "--received", "2012-09-28", "--applicant-type", "natural_person",
                          "--applicant", "某人", "--subject", "某事", "--actor", "局长"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const std::string id = json::parse(r.out).at("id");
  REQUIRE(office.As("head", {"extend", id, "--on", "2012-09-28", "--actor", "冒名者"}).exit_code ==
          0);
  const json shown = Ok(office.server, {"show", id});
  CHECK(shown.at("events")[0].at("actor") == "city-clerk");
  CHECK(shown.at("events")[1].at("actor") == "city-head");
  CHECK(shown.at("events")[1].at("details").at("approved_by") == "city-head");
  CHECK(r.out.find("局长") == std::string::npos);
}

TEST_CASE("Personal data are shown to clerks, officers, heads and auditors, and to no one else",
          "[e2e][access][personal]") {
  Office office;
  const std::string id = office.Intake();
  AdvanceTo(office.server, "2012-11-20");  // Overdue: alerts and reminders.
  for (const std::string role : {"clerk", "officer", "head", "auditor"}) {
    const ProcessResult text = office.As(role, {"show", id});
    const ProcessResult j = office.As(role, {"--json", "show", id});
    INFO(role << ": " << Describe(text));
    CHECK(text.out.find(kApplicant) != std::string::npos);
    CHECK(text.out.find(kPhone) != std::string::npos);
    CHECK(json::parse(j.out).at("applicant").at("name") == kApplicant);
  }
  std::vector<ProcessResult> outputs = {
      office.As("supervisor", {"show", id}),
      office.As("supervisor", {"--json", "show", id}),
      office.As("supervisor", {"--json", "list", "--agency", "210300"}),
      office.As("supervisor", {"alerts", "--agency", "210300"}),
      office.As("supervisor", {"overdue", "--agency", "210300"}),
      office.As("officer", {"reminders", "--agency", "210300"}),
      office.As("reporter", {"report", "annual", "--year", "2012", "--agency", "210300"}),
      office.As("reporter", {"--json", "report", "annual", "--year", "2012"}),
      office.As("auditor", {"audit"}),
      office.As("supervisor", {"show", "210303-2012-000001"}),
  };
  for (const ProcessResult& r : outputs) {
    INFO(Describe(r));
    CHECK(r.out.find(kApplicant) == std::string::npos);
    CHECK(r.err.find(kApplicant) == std::string::npos);
    CHECK(r.out.find(kPhone) == std::string::npos);
  }
  CHECK(json::parse(outputs[1].out).count("applicant") == 0);
  CHECK(office.daemon.Log().find(kApplicant) == std::string::npos);
  CHECK(office.daemon.Log().find(kPhone) == std::string::npos);
}

TEST_CASE("Erasing an applicant leaves the request, its history and the statistics",
          "[e2e][access][personal]") {
  Office office;
  const std::string id = office.Intake();
  Ok(office.server, {"decide", id, "--on", "2012-09-28", "--outcome", "granted"});
  const json report = Ok(office.server, {"report", "annual", "--year", "2012"});
  const json before = Ok(office.server, {"show", id});
  REQUIRE(before.at("applicant").at("name") == kApplicant);
  REQUIRE(office.As("operator", {"applicant", "erase", id, "--reason", "申请人要求"}).exit_code ==
          0);
  const json after = Ok(office.server, {"show", id});
  CHECK(after.at("applicant").at("name") == "已删除");
  CHECK(after.at("applicant").at("phone") == "已删除");
  CHECK(after.at("status") == before.at("status"));
  CHECK(after.at("events").size() == before.at("events").size() + 1);
  CHECK(after.at("events").back().at("kind") == "applicant_erased");
  CHECK(Ok(office.server, {"report", "annual", "--year", "2012"}) == report);
  const ProcessResult verify = RunClient(office.server, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
  // Nothing of the name is left in any output, nor a second erasure.
  CHECK(Ok(office.server, {"show", id}).dump().find(kApplicant) == std::string::npos);
  CHECK(Refused(office.As("clerk", {"applicant", "erase", id, "--reason", "x"})));
  CHECK(office.As("operator", {"applicant", "erase", id, "--reason", "x"}).exit_code == 3);
}

TEST_CASE("The audit log lists accepted and refused commands with who, what and the result",
          "[e2e][access][audit]") {
  Office office;
  const std::string id = office.Intake();
  REQUIRE(Refused(
      office.As("supervisor", {"decide", id, "--on", "2012-09-28", "--outcome", "granted"})));
  REQUIRE(office.As("officer", {"decide", id, "--on", "2012-09-28", "--outcome", "granted"})
              .exit_code == 0);
  const ProcessResult r = office.As("auditor", {"--json", "audit", "--agency", "210300"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const json records = json::parse(r.out);
  bool refused = false, accepted = false;
  for (const auto& record : records) {
    if (record.at("command") != "decided") continue;
    refused |= record.at("who") == "city-supervisor" && record.at("code") == "permission_denied";
    accepted |= record.at("who") == "city-officer" && record.at("code") == "ok" &&
                record.at("request_id") == id;
  }
  CHECK(refused);
  CHECK(accepted);
  CHECK(r.out.find(kApplicant) == std::string::npos);
  const json mine = Ok(office.server, {"audit", "--who", "city-officer"});
  for (const auto& record : mine) CHECK(record.at("who") == "city-officer");
  CHECK_FALSE(mine.empty());
}

TEST_CASE("A service with the delegate right acts for a person with that person's rights only",
          "[e2e][access]") {
  Office office;
  const std::string web = office.daemon.Enroll("web", "clerk", "210300", {"--delegate"});
  const std::string plain = office.daemon.Enroll("plain-service", "clerk", "210300");
  const std::string id = office.Intake();
  auto decide = [&](const std::string& identity, const std::string& for_whom) {
    return RunClientAs(
        identity, office.server,
        {"--on-behalf-of", for_whom, "decide", id, "--on", "2012-09-28", "--outcome", "granted"});
  };
  CHECK(Refused(decide(web, "city-supervisor")));  // The person may not decide.
  CHECK(Refused(decide(plain, "city-officer")));   // No delegate right.
  const ProcessResult r = decide(web, "city-officer");
  INFO(Describe(r));
  CHECK(r.exit_code == 0);
  const json shown = Ok(office.server, {"show", id});
  CHECK(shown.at("events").back().at("actor") == "city-officer");
  bool via = false;
  for (const auto& record : Ok(office.server, {"audit", "--who", "city-officer"})) {
    via |= record.at("on_behalf_of") == "web";
  }
  CHECK(via);
}

// Every file and directory under `dir` is its owner's alone; returns the
// number of files.
int CheckPrivate(const std::string& dir) {
  struct stat st;
  REQUIRE(stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    REQUIRE(stat(entry.path().c_str(), &st) == 0);
    INFO(entry.path());
    CHECK((st.st_mode & 0077) == 0);
    if (!S_ISDIR(st.st_mode)) ++files;
  }
  return files;
}

TEST_CASE("The data directory is the service account's alone, after init and after a run",
          "[e2e][access]") {
  Office office;
  struct stat st;
  {
    // A database just made, before any start.
    const std::string root = office.daemon.data_dir() + "/../fresh";
    const ProcessResult init =
        RunProcess({DaemonPath(), "init", "--data", root + "/data", "--out",
                    root + "-operator.identity", "--agencies", AgenciesPath()});
    INFO(Describe(init));
    REQUIRE(init.exit_code == 0);
    CHECK(CheckPrivate(root + "/data") > 0);
    REQUIRE(stat((root + "-operator.identity").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  office.Intake();
  CHECK(CheckPrivate(office.daemon.data_dir()) > 0);
  // The operator's clock advance answers with the settings, as clock show.
  const json advanced = Ok(office.server, {"clock", "advance", "--to", "2012-10-08"});
  CHECK(advanced.at("settings").at("due_soon_days") == 3);
  REQUIRE(stat(office.daemon.operator_identity().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("gongkai agencies lists the scope's agencies, and --agency takes a name",
          "[e2e][access][agencies]") {
  Office office;
  // The county supervisor sees 铁东区 and nothing of the city or the other counties.
  const json county = json::parse(office.As("county-supervisor", {"--json", "agencies"}).out);
  REQUIRE(county.size() == 1);
  CHECK(county[0].at("code") == "210302");
  CHECK(county[0].at("name") == "铁东区人民政府");
  // The city clerk sees the whole registry, indented under the city with --tree.
  const ProcessResult tree = office.As("clerk", {"agencies", "--tree"});
  INFO(Describe(tree));
  REQUIRE(tree.exit_code == 0);
  CHECK(tree.out.rfind("210300    鞍山市人民政府\n", 0) == 0);
  CHECK(tree.out.find("\n  210321    台安县人民政府\n") != std::string::npos);
  CHECK(tree.out.find("\n  21030003  鞍山市教育局\n") != std::string::npos);

  // An intake for 台安县 by name; a list of the county by a part of its name.
  const ProcessResult intake =
      office.As("clerk", {"--json", "intake", "--agency", "台安县", "--channel", "in_person",
                          "--received", "2012-09-28", "--applicant-type", "natural_person",
                          "--applicant", kApplicant, "--subject", "城区道路维修经费"});
  INFO(Describe(intake));
  REQUIRE(intake.exit_code == 0);
  CHECK(json::parse(intake.out).at("id").get<std::string>().rfind("210321-2012-", 0) == 0);
  CHECK(office.As("clerk", {"list", "--agency", "台安"}).exit_code == 0);

  // Ambiguous: refused before anything is sent, with the candidates.
  const json before = Ok(office.server, {"list", "--limit", "10000"});
  const ProcessResult ambiguous =
      office.As("clerk", {"intake", "--agency", "区人民政府", "--channel", "in_person",
                          "--received", "2012-09-28", "--applicant-type", "natural_person",
                          "--applicant", kApplicant, "--subject", "某事"});
  INFO(Describe(ambiguous));
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("铁东区人民政府 (210302)") != std::string::npos);
  CHECK(ambiguous.err.find("give more of the name or the code") != std::string::npos);
  CHECK(Ok(office.server, {"list", "--limit", "10000"}) == before);
  // A name outside the person's scope is not found for them.
  const ProcessResult outside = office.As("county-supervisor", {"overdue", "--agency", "铁西区"});
  CHECK(outside.exit_code == 2);
  CHECK(outside.err.find("no agency in your scope is named '铁西区'") != std::string::npos);
}

TEST_CASE("A key nobody enrolled cannot list the agencies", "[e2e][access][agencies]") {
  Office office;
  const std::string other = office.daemon.Enroll("temp", "clerk", "210300");
  REQUIRE(RunClient(office.server, {"user", "revoke", "temp"}).exit_code == 0);
  const ProcessResult r = RunClientAs(other, office.server, {"--attempts", "1", "agencies"});
  INFO(Describe(r));
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
}

}  // namespace
}  // namespace gongkai::e2e
