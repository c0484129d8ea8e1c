// The language gongkai speaks (engine/messages.h, cli/language.h), through
// the real gongkaid and gongkai processes: Simplified Chinese by default,
// English with --lang en or an English locale; codes in JSON stay the
// English words.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

// `gongkai --server ENDPOINT --identity FILE ARGS...` with the locale
// variables unset, then `locale` (e.g. "LANG=en_US.UTF-8") set when given.
ProcessResult RunInLocale(const DaemonProcess& daemon, const std::string& endpoint,
                          const std::string& locale, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/env", "-u", "LC_ALL", "-u",
                                   "LC_MESSAGES",  "-u", "LANG"};
  if (!locale.empty()) argv.push_back(locale);
  argv.insert(argv.end(), {CliPath(), "--server", endpoint, "--identity", daemon.identity()});
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

// A 2012 request of 台安县 (2008 rule, due 2012-10-25) extended once.
std::string ExtendedRequest(const std::string& endpoint) {
  const json ack = Ok(endpoint, {"intake", "--agency", "210321", "--channel", "in_person",
                                 "--received", "2012-09-28", "--applicant-type", "natural_person",
                                 "--applicant", "王小明", "--subject", "2012年城区道路维修经费"});
  const std::string id = ack.at("id").get<std::string>();
  Ok(endpoint, {"extend", id, "--on", "2012-09-28", "--days", "5"});
  return id;
}

TEST_CASE("A refusal is said in Chinese by default and in English with --lang en or LANG=en",
          "[e2e][messages]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string id = ExtendedRequest(server);
  const std::vector<std::string> again = {"extend", id, "--on", "2012-09-28", "--days", "5"};

  const ProcessResult chinese = RunInLocale(daemon, server, "", again);
  INFO(Describe(chinese));
  CHECK(chinese.exit_code == 3);  // Exit codes do not depend on the language.
  CHECK(chinese.err.rfind("gongkai: 不符合办理条件 (failed_precondition): 已于2012-09-28延期：",
                          0) == 0);
  CHECK(chinese.err.find("第二十四条") != std::string::npos);
  CHECK(chinese.err.find("extension") == std::string::npos);

  std::vector<std::string> english_args = {"--lang", "en"};
  english_args.insert(english_args.end(), again.begin(), again.end());
  const ProcessResult english = RunInLocale(daemon, server, "", english_args);
  INFO(Describe(english));
  CHECK(english.exit_code == 3);
  CHECK(english.err.rfind(
            "gongkai: failed_precondition: the extension was already used on 2012-09-28: Art. 24",
            0) == 0);

  const ProcessResult locale = RunInLocale(daemon, server, "LANG=en_US.UTF-8", again);
  INFO(Describe(locale));
  CHECK(locale.exit_code == 3);
  CHECK(locale.err == english.err);

  // --lang wins over the locale; a usage error is said in the language too.
  std::vector<std::string> zh_args = {"--lang", "zh"};
  zh_args.insert(zh_args.end(), again.begin(), again.end());
  CHECK(RunInLocale(daemon, server, "LANG=en_US.UTF-8", zh_args).err == chinese.err);
  const ProcessResult usage = RunInLocale(daemon, server, "", {"list", "--agnecy", "210321"});
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("没有选项") != std::string::npos);
  CHECK(RunInLocale(daemon, server, "", {"--lang", "fr", "list"}).exit_code == 2);
}

TEST_CASE("show explains the due date in Chinese; --json keeps the codes English",
          "[e2e][messages]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string id = ExtendedRequest(server);

  const ProcessResult shown = RunInLocale(daemon, server, "", {"show", id});
  INFO(Describe(shown));
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("状态") != std::string::npos);
  CHECK(shown.out.find("办理中 (open)") != std::string::npos);
  CHECK(shown.out.find("答复期限的计算：") != std::string::npos);
  CHECK(shown.out.find("2012-09-28收到申请；适用2008年《条例》（第二十四条）：15个工作日") !=
        std::string::npos);
  CHECK(shown.out.find("2012-09-28批准延期5个工作日（第二十四条）。") != std::string::npos);
  CHECK(shown.out.find("How the due date") == std::string::npos);

  const ProcessResult english = RunInLocale(daemon, server, "", {"--lang", "en", "show", id});
  CHECK(english.out.find("How the due date is reached:") != std::string::npos);
  CHECK(english.out.find("Received 2012-09-28; the 2008 rule applies (Art. 24)") !=
        std::string::npos);

  const ProcessResult listed = RunInLocale(daemon, server, "", {"--json", "show", id});
  REQUIRE(listed.exit_code == 0);
  const json j = json::parse(listed.out);
  CHECK(j.at("status") == "open");
  CHECK(j.at("channel") == "in_person");
  CHECK(j.at("applicant_type") == "natural_person");
  // The human sentences follow the language.
  CHECK(j.at("explanation").at(0).get<std::string>().find("收到申请") != std::string::npos);
}

TEST_CASE("gongkaid refuses in the language of its locale, and its log stays English",
          "[e2e][messages]") {
  DaemonProcess daemon;  // Never started: its data directory does not exist.
  const auto start = [&daemon](const std::string& locale) {
    std::vector<std::string> argv = {"/usr/bin/env", "-u", "LC_ALL", "-u",
                                     "LC_MESSAGES",  "-u", "LANG"};
    if (!locale.empty()) argv.push_back(locale);
    argv.insert(argv.end(),
                {DaemonPath(), "--data", daemon.data_dir(), "--agencies", AgenciesPath(),
                 "--listen", "tcp://127.0.0.1:*", "--alerts", "tcp://127.0.0.1:*"});
    return RunProcess(argv);
  };
  const ProcessResult chinese = start("");
  INFO(Describe(chinese));
  CHECK(chinese.exit_code == 1);
  CHECK(chinese.err.find("gongkaid: 数据目录") != std::string::npos);
  CHECK(chinese.err.find("gongkaid init --data " + daemon.data_dir()) != std::string::npos);
  CHECK(chinese.err.find("does not exist") != std::string::npos);  // The log line, in English.
  const ProcessResult english = start("LANG=en_US.UTF-8");
  CHECK(english.err.find("gongkaid: the data directory") != std::string::npos);
  CHECK(english.err.find("数据目录") == std::string::npos);
}

}  // namespace
}  // namespace gongkai::e2e
