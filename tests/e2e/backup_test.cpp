// The online backup and its restore through the real processes: `gongkai
// admin backup DIR` taken while a client thread keeps registering requests,
// `gongkaid restore --from DIR --data NEW`, a second gongkaid on NEW where
// `admin verify` agrees and every request acknowledged before the backup
// began is listed; the backup is private (0700, files 0600) and restore
// leaves it as it was. Refusals: every role but operator (nothing made),
// an existing directory, a relative path and a missing parent (the data
// directory never named), a restore into a non-empty directory and from a
// directory that holds no gongkai database.
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "client/engine_client.h"
#include "engine/civil_date.h"
#include "engine/date.h"
#include "gongkai/v1/command.pb.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using SteadyClock = std::chrono::steady_clock;

constexpr int kBefore = 40;                     // Requests registered before the load starts.
constexpr int kLoadBeforeBackup = 20;           // Load acknowledgements awaited before the backup.
constexpr int kMaxLoad = 20000;                 // The load's bound, in intakes...
constexpr std::chrono::seconds kLoadLimit{60};  // ...and in time.

v1::Command Intake(const std::string& key, int serial) {
  v1::Command command;
  command.set_idempotency_key(key);
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(MakeDate(2012, 9, 28));
  auto* received = intake->mutable_received();
  received->set_agency_code(serial % 2 == 0 ? "210300" : "210321");
  received->set_channel(v1::CHANNEL_ONLINE);
  received->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  received->set_subject("backup test request " + std::to_string(serial));
  received->mutable_applicant()->set_name("申请人" + std::to_string(serial));
  return command;
}

client::EngineClient ClientOf(const DaemonProcess& daemon) {
  client::ClientOptions options;
  options.endpoint = daemon.endpoint();
  options.identity_path = daemon.identity();
  return client::EngineClient(options);
}

// The request id of an intake acknowledged; fails the test otherwise.
std::string Register(client::EngineClient& client, const std::string& key, int serial) {
  auto reply = client.Call(Intake(key, serial));
  INFO((reply.ok() ? reply->message() : reply.status().message()));
  REQUIRE(reply.ok());
  REQUIRE(reply->code() == v1::STATUS_CODE_OK);
  return reply->request_id();
}

// A client thread registering requests until stopped (or its bounds), each
// acknowledged id noted.
class Load {
 public:
  explicit Load(const DaemonProcess& daemon)
      : client_(ClientOf(daemon)), thread_([this] { Run(); }) {}
  ~Load() { Stop(); }

  // Waits (bounded) until `count` intakes were acknowledged in all.
  bool WaitForAcks(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return progress_.wait_for(lock, kLoadLimit, [&] { return acked_.size() >= count || done_; }) &&
           acked_.size() >= count;
  }
  std::vector<std::string> acked() {
    std::lock_guard<std::mutex> lock(mutex_);
    return acked_;
  }
  void Stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> failures() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_;
  }

 private:
  void Run() {
    const auto deadline = SteadyClock::now() + kLoadLimit;
    for (int n = 0; n < kMaxLoad && !stop_.load() && SteadyClock::now() < deadline; ++n) {
      auto reply = client_.Call(Intake("load-" + std::to_string(n), 1000 + n));
      std::lock_guard<std::mutex> lock(mutex_);
      if (reply.ok() && reply->code() == v1::STATUS_CODE_OK) {
        acked_.push_back(reply->request_id());
      } else {
        failures_.push_back(reply.ok() ? reply->message() : reply.status().message());
      }
      progress_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
    progress_.notify_all();
  }

  client::EngineClient client_;
  std::mutex mutex_;
  std::condition_variable progress_;
  std::vector<std::string> acked_;
  std::vector<std::string> failures_;
  bool done_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // Last: starts once the rest is made.
};

unsigned Mode(const std::string& path) {
  struct stat status {};
  REQUIRE(lstat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

// Each file of `directory` with its size and modification time.
std::map<std::string, std::string> Listing(const std::string& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    struct stat status {};
    REQUIRE(lstat(entry.path().c_str(), &status) == 0);
    files[entry.path().filename().string()] =
        std::to_string(status.st_size) + "@" + std::to_string(status.st_mtim.tv_nsec);
  }
  return files;
}

ProcessResult Restore(const std::string& from, const std::string& data) {
  return RunProcess({DaemonPath(), "restore", "--from", from, "--data", data});
}

bool Refused(const ProcessResult& r, const std::string& code) {
  return r.exit_code == 3 && r.err.find(code) != std::string::npos;
}

TEST_CASE(
    "A backup taken under load restores into a daemon holding every request acknowledged "
    "before it began",
    "[e2e][backup]") {
  DaemonProcess first;
  first.Start();
  client::EngineClient client = ClientOf(first);
  std::set<std::string> before;
  for (int i = 0; i < kBefore; ++i)
    before.insert(Register(client, "before-" + std::to_string(i), i));

  Load load(first);
  REQUIRE(load.WaitForAcks(kLoadBeforeBackup));
  for (const std::string& id : load.acked()) before.insert(id);
  const size_t acks_at_start = load.acked().size();
  const std::string backup = fs::path(first.data_dir()).parent_path() / "backup-2012-09-28";
  const auto started = SteadyClock::now();
  const ProcessResult made = RunClient(first.endpoint(), {"--json", "admin", "backup", backup});
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  const size_t acks_meanwhile = load.acked().size() - acks_at_start;
  load.Stop();
  INFO(Describe(made));
  REQUIRE(made.exit_code == 0);
  CHECK(load.failures().empty());
  const nlohmann::json reply = nlohmann::json::parse(made.out);
  CHECK(reply.at("directory") == backup);
  CHECK(reply.at("requests").get<size_t>() >= before.size());
  CHECK(reply.at("requests").get<size_t>() <= before.size() + acks_meanwhile + 1);
  std::cout << "backup under load: " << reply.at("requests") << " requests, " << reply.at("files")
            << " files, " << reply.at("bytes") << " bytes, made in " << reply.at("milliseconds")
            << " ms (" << took.count() << " ms for the client); " << acks_meanwhile
            << " intakes acknowledged meanwhile" << std::endl;
  CHECK(made.out.find(first.data_dir()) == std::string::npos);
  CHECK(first.WaitForLog("backup: done into " + backup, std::chrono::seconds(5)));
  CHECK(Mode(backup) == 0700);
  for (const auto& entry : fs::directory_iterator(backup)) CHECK(Mode(entry.path()) == 0600);

  DaemonOptions restored_options;
  restored_options.tester_identity = first.identity();
  DaemonProcess second(restored_options);
  const auto files = Listing(backup);
  const ProcessResult restored = Restore(backup, second.data_dir());
  INFO(Describe(restored));
  REQUIRE(restored.exit_code == 0);
  CHECK_THAT(restored.out, Contains("gongkai admin verify"));
  CHECK(Listing(backup) == files);
  CHECK(Mode(second.data_dir()) == 0700);

  const std::string server = second.Start();
  const ProcessResult verified = RunClient(server, {"admin", "verify"});
  INFO(Describe(verified));
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Contains("all agree"));
  std::set<std::string> listed;
  for (const auto& view : Ok(server, {"list", "--limit", "10000"})) {
    listed.insert(view.at("id").get<std::string>());
  }
  CHECK(listed.size() == reply.at("requests").get<size_t>());
  for (const std::string& id : before) {
    INFO(id << " was acknowledged before the backup began");
    CHECK(listed.count(id) == 1);
  }
  // The first daemon went on: it holds what came after, too.
  const auto now = Ok(first.endpoint(), {"list", "--limit", "10000"});
  CHECK(now.size() >= listed.size());
}

TEST_CASE("Only an operator may take a backup; anyone else is refused and nothing is made",
          "[e2e][backup]") {
  DaemonProcess daemon;
  daemon.Start();
  const std::string root = fs::path(daemon.data_dir()).parent_path();
  for (const std::string role :
       {"clerk", "officer", "head", "supervisor", "reporter", "auditor", "scheduler"}) {
    const std::string identity = daemon.Enroll("city-" + role, role, "210300");
    const std::string target = root + "/backup-by-" + role;
    const ProcessResult r = RunClientAs(identity, daemon.endpoint(), {"admin", "backup", target});
    INFO(role << ": " << Describe(r));
    CHECK(Refused(r, "permission_denied"));
    CHECK_THAT(r.err, Contains("admin backup needs the role operator"));
    CHECK_FALSE(fs::exists(target));
  }
  const ProcessResult allowed = RunClientAs(daemon.operator_identity(), daemon.endpoint(),
                                            {"admin", "backup", root + "/backup-by-operator"});
  INFO(Describe(allowed));
  CHECK(allowed.exit_code == 0);
  CHECK(fs::is_directory(root + "/backup-by-operator"));
}

TEST_CASE("A backup into an existing directory, a relative path or a missing parent is refused",
          "[e2e][backup]") {
  DaemonProcess daemon;
  daemon.Start();
  const std::string root = fs::path(daemon.data_dir()).parent_path();
  fs::create_directory(root + "/taken");
  const std::map<std::string, std::string> refused = {
      {root + "/taken", root + "/taken exists"},
      {"backups/today", "must be an absolute path on the engine's machine, not 'backups/today'"},
      {root + "/missing/backup", root + "/missing that would hold the backup does not exist"},
      {daemon.data_dir() + "/backup", "cannot go inside the engine's data directory"},
  };
  for (const auto& [target, message] : refused) {
    const ProcessResult r = RunClient(daemon.endpoint(), {"admin", "backup", target});
    INFO(target << ": " << Describe(r));
    CHECK(Refused(r, "invalid_argument"));
    CHECK_THAT(r.err, Contains(message));
    CHECK(r.err.find(daemon.data_dir()) == std::string::npos);
  }
  CHECK(fs::is_empty(root + "/taken"));
  CHECK_FALSE(fs::exists(root + "/missing"));
  CHECK_FALSE(fs::exists(daemon.data_dir() + "/backup"));
}

TEST_CASE(
    "gongkaid restore refuses a non-empty directory and a directory that is no gongkai "
    "backup",
    "[e2e][backup]") {
  DaemonProcess daemon;
  daemon.Start();
  const std::string root = fs::path(daemon.data_dir()).parent_path();
  REQUIRE(RunClient(daemon.endpoint(), {"admin", "backup", root + "/backup"}).exit_code == 0);
  fs::create_directory(root + "/full");
  std::ofstream(root + "/full/keep") << "the operator's file\n";
  fs::create_directory(root + "/notes");
  std::ofstream(root + "/notes/CURRENT") << "not a database\n";

  const ProcessResult full = Restore(root + "/backup", root + "/full");
  INFO(Describe(full));
  CHECK(full.exit_code == 1);
  CHECK_THAT(full.err, Contains(root + "/full is not empty"));
  CHECK(Listing(root + "/full").size() == 1);

  for (const std::string& from : {root + "/notes", root + "/full", root + "/nowhere"}) {
    const ProcessResult r = Restore(from, root + "/new");
    INFO(from << ": " << Describe(r));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains(from));
    CHECK_FALSE(fs::exists(root + "/new"));
  }
  // The running daemon's own directory is no backup.
  const ProcessResult live = Restore(daemon.data_dir(), root + "/new");
  CHECK(live.exit_code == 1);
  CHECK_THAT(live.err, Contains("in use by a running gongkaid"));
  CHECK_FALSE(fs::exists(root + "/new"));

  const ProcessResult usage = RunProcess({DaemonPath(), "restore", "--data", root + "/new"});
  CHECK(usage.exit_code == 2);
}

}  // namespace
}  // namespace gongkai::e2e
