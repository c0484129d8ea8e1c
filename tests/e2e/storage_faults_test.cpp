// Storage faults under the real gongkaid (engine/store/rocks_store.h,
// workers/gongkaid.cpp): a write-ahead log damaged in the middle or lost, a
// missing CURRENT, a table file with a flipped byte, a truncated MANIFEST, a data
// directory others can read, a missing or empty data directory, and a full
// disk (on a small tmpfs, when this process may mount one).
//
// The damage is done to the files of a stopped daemon; a start that must be
// refused has to end with exit code 1 (no signal), a message naming the
// problem in its stderr, and every file left as it was: the damage undone,
// the same directory starts and holds every acknowledged request.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/strings.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"
#include "tests/workers/log_records.h"

namespace gongkai::e2e {
namespace {

namespace fs = std::filesystem;
using test::LogRecords;

// Registers a request received 2012-09-28 at 台安县 (210321).
ProcessResult TryIntake(const std::string& endpoint, const std::string& applicant) {
  return RunClient(endpoint, {"--json", "intake", "--agency", "210321", "--channel", "in_person",
                              "--received", "2012-09-28", "--applicant-type", "natural_person",
                              "--applicant", applicant, "--subject", "2012年城区道路维修经费"});
}

std::string Intake(const std::string& endpoint, const std::string& applicant) {
  return Ok(endpoint, {"intake", "--agency", "210321", "--channel", "in_person", "--received",
                       "2012-09-28", "--applicant-type", "natural_person", "--applicant", applicant,
                       "--subject", "2012年城区道路维修经费"})
      .at("id")
      .get<std::string>();
}

std::vector<std::string> Intakes(const std::string& endpoint, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back(Intake(endpoint, "申请人" + std::to_string(i)));
  return ids;
}

// Every acknowledged request is there, no other, and admin verify agrees.
void CheckHoldsExactly(const std::string& endpoint, const std::vector<std::string>& ids) {
  std::set<std::string> listed;
  for (const auto& request : Ok(endpoint, {"list", "--limit", "10000"})) {
    listed.insert(request.at("id").get<std::string>());
  }
  CHECK(listed == std::set<std::string>(ids.begin(), ids.end()));
  for (const auto& id : ids) CHECK(Ok(endpoint, {"show", id}).at("id") == id);
  const ProcessResult verify = RunClient(endpoint, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
}

// A new intake is numbered after every acknowledged one.
void CheckNumbersNothingTwice(const std::string& endpoint, const std::vector<std::string>& ids) {
  const std::string next = Intake(endpoint, "新申请人");
  CHECK(std::find(ids.begin(), ids.end(), next) == ids.end());
  CHECK(next > *std::max_element(ids.begin(), ids.end()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Rewrites the file's bytes in place (same inode, same size or shorter).
void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  REQUIRE(out);
}

// Inverts `count` bytes at `offset`; returns the damaged content.
std::string FlipBytes(const std::string& path, size_t offset, size_t count) {
  std::string bytes = ReadFile(path);
  REQUIRE(offset + count <= bytes.size());
  for (size_t i = offset; i < offset + count; ++i) bytes[i] = char(~bytes[i]);
  WriteFile(path, bytes);
  return bytes;
}

// The database's files (not RocksDB's own info LOG files, nor LOCK), with
// their sizes.
std::map<std::string, uintmax_t> DataFiles(const std::string& directory) {
  std::map<std::string, uintmax_t> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name == "LOCK" || name.rfind("LOG", 0) == 0) continue;
    files[name] = entry.file_size();
  }
  return files;
}

// The files of `directory` named PREFIX*SUFFIX, in name order (RocksDB's
// numbers have a fixed width: the last is the newest).
std::vector<std::string> FilesNamed(const std::string& directory, const std::string& prefix,
                                    const std::string& suffix) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= prefix.size() + suffix.size() && name.rfind(prefix, 0) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Starts the daemon on its damaged directory, which it must refuse: exit
// code 1 (not a signal), stderr naming the problem (every text of `says`).
void CheckRefused(DaemonProcess& daemon, const std::vector<std::string>& says) {
  const size_t from = daemon.Log().size();
  CHECK_THROWS_AS(daemon.Restart(), std::runtime_error);
  const std::string log = daemon.Log().substr(from);
  INFO("gongkaid's stderr:\n" << log);
  CHECK(daemon.last_exit_code() == 1);
  for (const auto& text : says) CHECK(log.find(text) != std::string::npos);
}

TEST_CASE(
    "A write-ahead log damaged in the middle is refused at restart, and nothing acknowledged is "
    "dropped or numbered again",
    "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::vector<std::string> ids = Intakes(server, 6);
  daemon.Kill();  // Every intake is in the log alone, none in a table yet.
  const std::vector<std::string> logs = FilesNamed(daemon.data_dir(), "", ".log");
  REQUIRE_FALSE(logs.empty());
  const std::string log = logs.back();
  const std::string intact = ReadFile(log);
  INFO(log << ", " << intact.size() << " bytes");
  REQUIRE(intact.size() > 1000);

  std::string damaged;
  SECTION("four bytes in the middle of the file inverted") {
    damaged = FlipBytes(log, intact.size() / 2 - 2, 4);
  }
  SECTION("the length of the middle record inverted, as if its write had been cut off") {
    // In the log's last block, where RocksDB takes a record longer than the
    // file for a write a crash cut off, and stops reading without a word.
    REQUIRE(intact.size() < 32768);
    const std::vector<size_t> records = LogRecords(intact);
    REQUIRE(records.size() >= 6);
    damaged = FlipBytes(log, records[records.size() / 2] + 4, 2);
  }
  SECTION("the middle record zeroed from its header on, as if never written") {
    // RocksDB skips the rest of a block from a zeroed header without a word
    // (it takes it for preallocated space).
    const std::vector<size_t> records = LogRecords(intact);
    REQUIRE(records.size() >= 6);
    damaged = intact;
    std::fill_n(damaged.begin() + std::ptrdiff_t(records[records.size() / 2]), 64, '\0');
    WriteFile(log, damaged);
  }
  CheckRefused(daemon, {"is damaged", "cannot be opened without losing acknowledged changes"});
  // The refusal dropped nothing from the log.
  CHECK(ReadFile(log) == damaged);

  // Repaired, it starts, with every acknowledged request.
  WriteFile(log, intact);
  const std::string again = daemon.Restart();
  CheckHoldsExactly(again, ids);
  CheckNumbersNothingTwice(again, ids);
}

TEST_CASE(
    "A killed daemon whose newest write-ahead log is lost is refused at restart, and starts with "
    "every request once the log is back",
    "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::vector<std::string> ids = Intakes(server, 4);
  daemon.Kill();  // Every intake is in the newest log alone.
  const std::vector<std::string> logs = FilesNamed(daemon.data_dir(), "", ".log");
  REQUIRE_FALSE(logs.empty());
  const std::string log = logs.back();
  const std::string aside = daemon.data_dir() + "-aside.log";
  fs::rename(log, aside);
  const std::map<std::string, uintmax_t> before = DataFiles(daemon.data_dir());
  CheckRefused(daemon, {"is damaged (missing files", "cannot be opened without losing",
                        fs::path(log).filename().string() + " is missing"});
  CHECK(DataFiles(daemon.data_dir()) == before);

  fs::rename(aside, log);
  const std::string again = daemon.Restart();
  CheckHoldsExactly(again, ids);
  CheckNumbersNothingTwice(again, ids);
}

TEST_CASE("A database without its CURRENT file is refused and none of its files are deleted",
          "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  std::vector<std::string> ids = Intakes(server, 2);
  REQUIRE(daemon.Terminate() == 0);  // These are in the tables now.
  ids.push_back(Intake(daemon.Restart(), "王五"));
  daemon.Kill();  // This one is in the log.

  const std::string current = daemon.data_dir() + "/CURRENT";
  const std::string saved = ReadFile(current);
  std::map<std::string, uintmax_t> before = DataFiles(daemon.data_dir());
  REQUIRE(fs::remove(current));
  CheckRefused(daemon, {"its CURRENT file is missing", "It is never re-created by itself"});
  before.erase("CURRENT");
  CHECK(DataFiles(daemon.data_dir()) == before);
  CHECK_FALSE(fs::exists(current));

  WriteFile(current, saved);
  const std::string again = daemon.Restart();
  CheckHoldsExactly(again, ids);
}

// The largest table file of the column family `table` (its name is in the
// file's properties block, a key "...name" with that value).
std::optional<std::string> TableFileOf(const std::string& directory, const std::string& table) {
  std::string marker = {char(4), char(table.size())};
  marker += "name" + table;
  std::optional<std::string> largest;
  for (const auto& path : FilesNamed(directory, "", ".sst")) {
    if (ReadFile(path).find(marker) == std::string::npos) continue;
    if (!largest || fs::file_size(path) > fs::file_size(*largest)) largest = path;
  }
  return largest;
}

TEST_CASE(
    "A table file with a flipped byte is found at start: changes are refused with exit code 3 "
    "while reads go on",
    "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::vector<std::string> ids = Intakes(server, 3);
  REQUIRE(daemon.Terminate() == 0);  // The events are in a table file now.

  // A byte of the first data block of the events' table (not read to
  // start: the requests' table is).
  const std::optional<std::string> events = TableFileOf(daemon.data_dir(), "events");
  REQUIRE(events);
  FlipBytes(*events, 10, 1);

  const size_t from = daemon.Log().size();
  const std::string again = daemon.Restart();
  REQUIRE(daemon.WaitForLog("store: corruption while verify the checksums of events",
                            std::chrono::seconds(20), from));
  const std::string log = daemon.Log().substr(from);
  INFO("gongkaid's stderr:\n" << log);
  CHECK(log.find(fs::path(*events).filename().string()) != std::string::npos);
  CHECK(log.find("writes are refused until gongkaid restarts") != std::string::npos);

  const ProcessResult refused = TryIntake(again, "赵六");
  INFO(Describe(refused));
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("internal") != std::string::npos);
  CHECK(refused.err.find("damaged data") != std::string::npos);
  CHECK(refused.err.find("retry with the same idempotency key") == std::string::npos);

  // Reads that do not touch the damaged block go on.
  CHECK(Ok(again, {"list", "--limit", "10000"}).size() == ids.size());
  CHECK(Ok(again, {"clock", "show"}).at("today") == "2012-09-28");
  // admin verify reads every event: it cannot say that all agree.
  const ProcessResult verify = RunClient(again, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 3);
  CHECK(verify.out.find("agree") == std::string::npos);
  CHECK(verify.err.find("damaged") != std::string::npos);
  CHECK(Ok(again, {"list", "--limit", "10000"}).size() == ids.size());  // Still nothing added.
}

TEST_CASE("A truncated or damaged MANIFEST is refused and none of the files are deleted",
          "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::vector<std::string> ids = Intakes(server, 3);
  REQUIRE(daemon.Terminate() == 0);

  const std::vector<std::string> manifests = FilesNamed(daemon.data_dir(), "MANIFEST-", "");
  REQUIRE(manifests.size() == 1);
  const std::string manifest = manifests.front();
  const std::string intact = ReadFile(manifest);
  SECTION("truncated to half its size") {
    WriteFile(manifest, intact.substr(0, intact.size() / 2));
  }
  SECTION("the length of its middle record inverted") {
    // The MANIFEST is a log as the WAL is, read with the same leniency.
    REQUIRE(intact.size() < 32768);
    const std::vector<size_t> records = LogRecords(intact);
    REQUIRE(records.size() >= 6);
    FlipBytes(manifest, records[records.size() / 2] + 4, 2);
  }
  const std::map<std::string, uintmax_t> before = DataFiles(daemon.data_dir());
  // The layout, for a failure that depends on it (seen once in a loaded run:
  // opened, with the newer tables deleted).
  std::string layout = std::to_string(intact.size()) + "-byte MANIFEST; files:";
  for (const auto& [name, size] : before) layout += " " + name + " (" + std::to_string(size) + ")";
  INFO(layout);
  CheckRefused(daemon, {"is damaged", "cannot be opened without losing acknowledged changes"});
  CHECK(DataFiles(daemon.data_dir()) == before);

  WriteFile(manifest, intact);
  const std::string again = daemon.Restart();
  CheckHoldsExactly(again, ids);
}

TEST_CASE("The data directory is made 0700 with files 0600, and refused once others can read it",
          "[e2e][storage]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::vector<std::string> ids = Intakes(server, 1);
  daemon.Kill();  // A write-ahead log with data, tables, MANIFEST, OPTIONS...

  const std::string& data = daemon.data_dir();
  struct stat st {};
  REQUIRE(stat(data.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    REQUIRE(stat(entry.path().c_str(), &st) == 0);
    INFO(entry.path());
    CHECK(S_ISREG(st.st_mode));
    CHECK((st.st_mode & 07777) == 0600);
    ++files;
  }
  CHECK(files >= 5);

  const std::map<std::string, uintmax_t> before = DataFiles(data);
  fs::permissions(data, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  CheckRefused(daemon, {"can be read by other users", StrCat({"chmod 700 ", data})});
  CHECK(DataFiles(data) == before);

  fs::permissions(data, fs::perms::owner_all);
  CheckHoldsExactly(daemon.Restart(), ids);
}

TEST_CASE("A missing or an empty data directory is refused with the advice to run gongkaid init",
          "[e2e][storage]") {
  DaemonProcess daemon;  // Not started: its data directory does not exist.
  const std::string& data = daemon.data_dir();
  std::string says;
  SECTION("missing") { says = "does not exist"; }
  SECTION("empty") {
    fs::create_directory(data);
    fs::permissions(data, fs::perms::owner_all);
    says = "holds no database";
  }
  const bool existed = fs::exists(data);
  const ProcessResult started = RunProcess(
      {DaemonPath(), "--data", data, "--listen", "tcp://127.0.0.1:*", "--alerts",
       "tcp://127.0.0.1:*", "--clock", "manual:2012-09-28", "--agencies", AgenciesPath()},
      std::chrono::seconds(20));
  INFO(Describe(started));
  CHECK(started.exit_code == 1);
  CHECK(started.out.find("ready") == std::string::npos);
  CHECK(started.err.find(says) != std::string::npos);
  CHECK(started.err.find(StrCat({"gongkaid init --data ", data})) != std::string::npos);
  // It made nothing: no directory, no database.
  CHECK(fs::exists(data) == existed);
  if (existed) CHECK(fs::is_empty(data));
}

// A tmpfs of `megabytes` mounted on a fresh directory, unmounted and removed
// at the end; ok() is false (and why() says why) when it cannot be mounted.
class Tmpfs {
 public:
  explicit Tmpfs(int megabytes) {
    std::string pattern = (fs::temp_directory_path() / "gongkai-tmpfs-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      why_ = StrCat({"mkdtemp: ", std::strerror(errno)});
      return;
    }
    path_ = pattern;
    const std::string options = StrCat({"size=", std::to_string(megabytes), "m,mode=0700"});
    if (mount("tmpfs", path_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      why_ = StrCat({"mount -t tmpfs -o ", options, " ", path_, ": ", std::strerror(errno)});
      return;
    }
    mounted_ = true;
  }
  ~Tmpfs() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
    if (!path_.empty()) rmdir(path_.c_str());
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  bool ok() const { return mounted_; }
  const std::string& why() const { return why_; }
  const std::string& path() const { return path_; }

  uint64_t FreeBytes() const {
    struct statvfs vfs {};
    REQUIRE(statvfs(path_.c_str(), &vfs) == 0);
    return uint64_t(vfs.f_bavail) * vfs.f_frsize;
  }
  // Takes all the free space but `left` with a file; Free() gives it back.
  void Fill(uint64_t left) {
    const uint64_t free = FreeBytes();
    REQUIRE(free > left);
    const int fd = open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    const int allocated = posix_fallocate(fd, 0, off_t(free - left));
    close(fd);
    REQUIRE(allocated == 0);
    REQUIRE(FreeBytes() <= left + (1 << 20));
  }
  void Free() { REQUIRE(fs::remove(filler())); }

 private:
  std::string filler() const { return path_ + "/filler"; }
  std::string path_;
  std::string why_;
  bool mounted_ = false;
};

// The daemon of DaemonProcess in a temporary directory under `tmpdir` (its
// constructor reads $TMPDIR).
std::unique_ptr<DaemonProcess> DaemonUnder(const std::string& tmpdir, DaemonOptions options) {
  const char* was = std::getenv("TMPDIR");
  const std::optional<std::string> saved = was ? std::optional<std::string>(was) : std::nullopt;
  setenv("TMPDIR", tmpdir.c_str(), 1);
  auto daemon = std::make_unique<DaemonProcess>(std::move(options));
  if (saved) {
    setenv("TMPDIR", saved->c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  return daemon;
}

// A refusal for want of space: unavailable (exit code 4, or 3), saying
// `because`, and nothing of the server's paths (all under `server_root`).
void CheckRefusedForSpace(const ProcessResult& refused, const std::string& because,
                          const std::string& server_root) {
  INFO(Describe(refused));
  CHECK((refused.exit_code == 4 || refused.exit_code == 3));
  CHECK(refused.err.find("unavailable") != std::string::npos);
  CHECK(refused.err.find(because) != std::string::npos);
  CHECK(refused.err.find(server_root) == std::string::npos);
}

TEST_CASE(
    "On a full disk changes are refused as unavailable and resume once space is freed, and a "
    "restart comes up read-only",
    "[e2e][storage]") {
  // gongkaid init keeps the default reserve of 64 MiB: it needs more free
  // space than that; the daemon is given a reserve of 8 MiB.
  Tmpfs disk(80);
  if (!disk.ok()) {
    WARN("the disk-full test is skipped: it needs a small tmpfs (" << disk.why() << ")");
    return;
  }
  constexpr uint64_t kMiB = 1 << 20;
  DaemonOptions options;
  options.extra_args = {"--disk-reserve-mb", "8"};
  std::unique_ptr<DaemonProcess> daemon = DaemonUnder(disk.path(), options);
  const std::string server = daemon->Start();
  REQUIRE(daemon->data_dir().rfind(disk.path(), 0) == 0);
  std::vector<std::string> ids = {Intake(server, "张三")};

  // Less free space than the reserve: refused, reads go on.
  disk.Fill(4 * kMiB);
  CheckRefusedForSpace(TryIntake(server, "李四"), "the disk holding the engine's data is full",
                       disk.path());
  CHECK(Ok(server, {"show", ids[0]}).at("id") == ids[0]);
  // Space back: changes resume by themselves.
  disk.Free();
  ids.push_back(Intake(server, "李四"));
  CHECK(ids[1] != ids[0]);

  // A start on a full disk serves read-only.
  disk.Fill(4 * kMiB);
  const size_t from = daemon->Log().size();
  const std::string read_only = daemon->Restart();
  CHECK(daemon->WaitForLog("opening read-only", std::chrono::seconds(5), from));
  CheckRefusedForSpace(TryIntake(read_only, "王五"), "started read-only", disk.path());
  CheckHoldsExactly(read_only, ids);

  // Space back and restarted: changes again.
  disk.Free();
  const std::string again = daemon->Restart();
  ids.push_back(Intake(again, "王五"));
  CheckHoldsExactly(again, ids);
  daemon.reset();  // Before the tmpfs goes.
}

}  // namespace
}  // namespace gongkai::e2e
