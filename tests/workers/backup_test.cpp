// The online backup and its restore (workers/backup.h) on a real RocksStore
// in a mkdtemp directory: a backup made while another thread writes holds
// what was written before it began, is private (0700, files 0600) and
// describes itself; restore makes a data directory of it that opens, and
// leaves the backup as it was. Refusals: a relative, existing or parentless
// target, its RocksDB staging twin DIR.tmp, a target inside the data
// directory (not named in the message); a restore into a non-empty
// directory, from a missing directory, from files that are no database,
// from a database without the engine's key (each leaving the target as it
// was).
#include "workers/backup.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "engine/codes.h"
#include "engine/keys.h"
#include "engine/store/rocks_store.h"
#include "tests/workers/temp_root.h"

namespace gongkai::test {
namespace {

namespace fs = std::filesystem;

using Catch::Matchers::Contains;

// A gongkai database in `directory` with the engine's key and `requests`
// requests numbered for 210300 in 2012 (only the numbers: what a backup
// counts).
std::unique_ptr<RocksStore> MakeStore(const std::string& directory, int requests,
                                      bool with_key = true) {
  REQUIRE(RocksStore::Create(directory).ok());
  auto store = RocksStore::Open(directory);
  REQUIRE(store.ok());
  WriteSet writes;
  if (with_key) writes.Put(Table::kMeta, kMetaServerSecretKey, std::string(40, 'k'));
  writes.Put(Table::kMeta, SequenceKey("210300", 2012), std::to_string(requests));
  REQUIRE((*store)->Write(writes, /*sync=*/true).ok());
  return std::move(store).value();
}

unsigned Mode(const std::string& path) {
  struct stat status {};
  REQUIRE(lstat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

// Each file of `directory`: its size and modification time.
std::map<std::string, std::string> Listing(const std::string& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    struct stat status {};
    REQUIRE(lstat(entry.path().c_str(), &status) == 0);
    files[entry.path().filename().string()] = std::to_string(status.st_size) + "@" +
                                              std::to_string(status.st_mtim.tv_sec) + "." +
                                              std::to_string(status.st_mtim.tv_nsec);
  }
  return files;
}

std::string Code(const Status& status) { return std::string(StatusCodeName(status.code())); }

TEST_CASE("A backup made while writes go on holds what came before it, privately, and restores",
          "[workers][backup]") {
  TempRoot root("gongkai-backup");
  auto store = MakeStore(root / "data", 7);
  // Another agency's requests are numbered while the backup is made.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 1; i <= 100000 && !stop.load(); ++i) {
      WriteSet writes;
      writes.Put(Table::kMeta, SequenceKey("210302", 2012), std::to_string(i));
      if (!store->Write(writes, /*sync=*/false).ok()) return;
      written.store(i);
    }
  });
  auto backup = MakeBackup(*store, root / "backup/");  // A trailing slash is fine.
  stop.store(true);
  writer.join();
  INFO(backup.status().message());
  REQUIRE(backup.ok());
  CHECK(backup->directory() == root / "backup");
  CHECK(backup->requests() >= 7);
  CHECK(backup->requests() <= 7 + written.load());
  CHECK(backup->files() > 0);
  CHECK(backup->bytes() > 0);
  CHECK(Mode(root / "backup") == 0700);
  for (const auto& entry : fs::directory_iterator(root / "backup")) {
    INFO(entry.path());
    CHECK(Mode(entry.path().string()) == 0600);
  }
  CHECK_THAT(DescribeBackup(*backup), Contains("backed up into " + (root / "backup")));
  CHECK_THAT(DescribeBackup(*backup),
             Contains(std::to_string(backup->requests()) + " requests, as of the moment"));
  CHECK_THAT(DescribeBackup(*backup),
             Contains("gongkaid restore --from " + (root / "backup") + " --data"));
  CHECK_FALSE(fs::exists(root / "backup.tmp"));

  const auto before = Listing(root / "backup");
  auto restored = RestoreBackup(root / "backup", root / "restored/data");
  INFO(restored.status().message());
  REQUIRE(restored.ok());
  CHECK(restored->requests == backup->requests());
  CHECK(restored->files == backup->files());
  CHECK(Listing(root / "backup") == before);  // Only read.
  CHECK(Mode(root / "restored/data") == 0700);
  for (const auto& entry : fs::directory_iterator(root / "restored/data")) {
    INFO(entry.path());
    CHECK(Mode(entry.path().string()) == 0600);
  }
  auto reopened = RocksStore::Open(root / "restored/data");
  REQUIRE(reopened.ok());
  CHECK(*CountRequests(**reopened) == backup->requests());
}

TEST_CASE("A backup's target must be a new absolute path in an existing directory",
          "[workers][backup]") {
  TempRoot root("gongkai-backup");
  auto store = MakeStore(root / "data", 1);
  fs::create_directory(root / "taken");
  fs::create_directory(root / "staged.tmp");
  const std::map<std::string, std::string> refused = {
      {"", "give the backup's directory"},
      {"backups/today", "must be an absolute path on the engine's machine, not 'backups/today'"},
      {root / "taken", root / "taken exists: a backup goes into a new directory"},
      {root / "staged", root / "staged.tmp exists: RocksDB prepares the copy there"},
      {root / "missing/backup", "the directory " + (root / "missing") + " that would hold the "},
  };
  for (const auto& [target, message] : refused) {
    INFO("target '" << target << "'");
    const auto made = MakeBackup(*store, target);
    CHECK(Code(made.status()) == "invalid_argument");
    CHECK_THAT(made.status().message(), Contains(message));
  }
  CHECK(fs::is_empty(root / "taken"));
  CHECK(fs::is_empty(root / "staged.tmp"));
  CHECK_FALSE(fs::exists(root / "missing"));

  // Inside the data directory: refused without naming it.
  const auto inside = MakeBackup(*store, root / "data/backup");
  CHECK(Code(inside.status()) == "invalid_argument");
  CHECK_THAT(inside.status().message(), Contains("inside the engine's data directory"));
  CHECK(inside.status().message().find(root / "data") == std::string::npos);
  CHECK_FALSE(fs::exists(root / "data/backup"));
}

TEST_CASE("A restore goes only into a new or empty directory, from a gongkai database",
          "[workers][backup]") {
  TempRoot root("gongkai-backup");
  {
    auto store = MakeStore(root / "data", 3);
    REQUIRE(MakeBackup(*store, root / "backup").ok());
    MakeStore(root / "keyless", 3, /*with_key=*/false);
  }
  fs::create_directory(root / "junk");
  std::ofstream(root / "junk/CURRENT") << "not a manifest\n";
  fs::create_directory(root / "full");
  std::ofstream(root / "full/keep") << "the operator's file\n";
  fs::create_directory(root / "empty");

  SECTION("a directory that is not empty is refused and left alone") {
    const auto restored = RestoreBackup(root / "backup", root / "full");
    CHECK(Code(restored.status()) == "failed_precondition");
    CHECK_THAT(restored.status().message(), Contains(root / "full is not empty"));
    CHECK(Listing(root / "full").size() == 1);
  }
  SECTION("an empty directory is filled, and made private") {
    REQUIRE(RestoreBackup(root / "backup", root / "empty").ok());
    CHECK(Mode(root / "empty") == 0700);
  }
  SECTION(
      "a missing backup, files that are no database and a database without the key are "
      "refused, and the target stays missing or empty") {
    const std::map<std::string, std::pair<std::string, std::string>> refused = {
        {root / "nowhere", {"invalid_argument", "does not exist"}},
        {root / "full", {"failed_precondition", "holds no database"}},
        {root / "junk", {"failed_precondition", "does not open as a gongkai database"}},
        {root / "keyless", {"failed_precondition", "without the engine's key"}},
    };
    for (const auto& [from, expected] : refused) {
      INFO("--from " << from);
      for (const std::string& target : {root / "new", root / "empty"}) {
        const auto restored = RestoreBackup(from, target);
        CHECK(Code(restored.status()) == expected.first);
        CHECK_THAT(restored.status().message(), Contains(expected.second));
      }
      CHECK_FALSE(fs::exists(root / "new"));
      CHECK(fs::is_empty(root / "empty"));
    }
  }
  SECTION("a target inside the backup is refused") {
    const auto restored = RestoreBackup(root / "backup", root / "backup/data");
    CHECK(Code(restored.status()) == "failed_precondition");
    CHECK_FALSE(fs::exists(root / "backup/data"));
  }
}

}  // namespace
}  // namespace gongkai::test
