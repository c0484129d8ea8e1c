// RocksStore refuses a MANIFEST shorter than it was synced: RocksDB would
// read it as an older state and delete the newer tables (lost changes).
// Every cut of a real MANIFEST is tried, after a clean stop, on a copy
// taken while the store is open (what a kill leaves) and on a backup. It
// also refuses a store whose newest write-ahead log is gone, which RocksDB
// would open without the changes since the last flush.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/rocks_manifest_seal.h"
#include "engine/store/rocks_store.h"
#include "engine/strings.h"
#include "tests/workers/log_records.h"
#include "tests/workers/temp_root.h"

namespace gongkai::test {
namespace {

namespace fs = std::filesystem;
using rocks_internal::kManifestSealFile;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The MANIFEST that CURRENT names.
std::string ManifestOf(const std::string& directory) {
  std::string current = ReadAll(directory + "/CURRENT");
  REQUIRE(!current.empty());
  current.pop_back();  // "\n"
  return StrCat({directory, "/", current});
}

// The seal's MANIFEST name and length.
std::pair<std::string, uint64_t> SealOf(const std::string& directory) {
  std::ifstream seal(fs::path(directory) / kManifestSealFile);
  std::pair<std::string, uint64_t> read;
  REQUIRE(seal >> read.first >> read.second);
  return read;
}

// The write-ahead log the seal names (its third field; 0 for none).
uint64_t SealedLogOf(const std::string& directory) {
  std::ifstream seal(fs::path(directory) / kManifestSealFile);
  std::string manifest;
  uint64_t bytes = 0, log = 0;
  REQUIRE(seal >> manifest >> bytes >> log);
  return log;
}

// The write-ahead logs in `directory`, oldest first (fixed-width numbers).
std::vector<fs::path> Logs(const std::string& directory) {
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  }
  std::sort(logs.begin(), logs.end());
  return logs;
}

std::map<std::string, uintmax_t> Files(const std::string& directory) {
  std::map<std::string, uintmax_t> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("LOG", 0) != 0) files[name] = entry.file_size();
  }
  return files;
}

// The end of every record of the log-format file `data`, and the middle of
// every record but the last: the cuts a damaged MANIFEST can show.
std::vector<size_t> Cuts(const std::string& data) {
  std::vector<size_t> cuts;
  for (const size_t at : LogRecords(data)) {
    const size_t length = LogRecordLength(data, at);
    cuts.push_back(at + kLogHeaderBytes / 2 + length / 2);
    if (const size_t end = at + kLogHeaderBytes + length; end < data.size()) cuts.push_back(end);
  }
  cuts.pop_back();  // The middle of the last record: a crash's torn write.
  return cuts;
}

void Put(RocksStore& store, Table table, const std::string& key) {
  WriteSet writes;
  writes.Put(table, key, StrCat({"value of ", key}));
  REQUIRE(store.Write(writes, /*sync=*/true).ok());
}

// Rounds of writes, each flushed and compacted into tables (the edits whose
// loss loses data), then a last round left in the write-ahead log.
void WriteRounds(RocksStore& store, std::vector<std::pair<Table, std::string>>* written) {
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) {
      const std::string key = StrCat({"r", std::to_string(round), "-", std::to_string(i)});
      const Table table = i % 2 == 0 ? Table::kRequests : Table::kEvents;
      Put(store, table, key);
      written->emplace_back(table, key);
    }
    if (round < 2) REQUIRE(store.CompactAll().ok());
  }
}

// A store made in `data` and written in rounds, left open.
std::unique_ptr<RocksStore> WrittenStore(const std::string& data,
                                         std::vector<std::pair<Table, std::string>>* written) {
  REQUIRE(RocksStore::Create(data).ok());
  auto store = RocksStore::Open(data);
  REQUIRE(store.ok());
  WriteRounds(**store, written);
  return std::move(store).value();
}

// A store made in `root`/data, written in rounds, then stopped cleanly.
std::string CleanlyStoppedStore(const TempRoot& root,
                                std::vector<std::pair<Table, std::string>>* written) {
  const std::string data = root / "data";
  WrittenStore(data, written);
  return data;
}

std::string Copy(const std::string& from, const std::string& to) {
  fs::copy(from, to);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::replace);
  return to;
}

void CheckHoldsAll(RocksStore& store, const std::vector<std::pair<Table, std::string>>& written) {
  for (const auto& [table, key] : written) {
    auto value = store.Get(table, key);
    REQUIRE(value.ok());
    CHECK(value->value_or("") == StrCat({"value of ", key}));
  }
}

// Opens a copy of `image` with its MANIFEST cut at `cut`: it must be
// refused, naming the damage, with no file deleted or added.
void CheckCutRefused(const std::string& image, const std::string& trial, size_t cut) {
  fs::remove_all(trial);
  Copy(image, trial);
  fs::resize_file(ManifestOf(trial), cut);
  const auto before = Files(trial);
  auto store = RocksStore::Open(trial);
  INFO("MANIFEST cut at byte " << cut);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(store.status().message(),
             Catch::Contains("is damaged") &&
                 Catch::Contains("cannot be opened without losing acknowledged changes"));
  CHECK(Files(trial) == before);
}

}  // namespace

TEST_CASE("A MANIFEST cut anywhere after a clean stop is refused and no file is deleted",
          "[store][manifest]") {
  const TempRoot root("gongkai-manifest");
  std::vector<std::pair<Table, std::string>> written;
  const std::string data = CleanlyStoppedStore(root, &written);
  const std::string intact = ReadAll(ManifestOf(data));
  CHECK(SealOf(data) ==
        std::make_pair(fs::path(ManifestOf(data)).filename().string(), uint64_t(intact.size())));
  const std::vector<size_t> cuts = Cuts(intact);
  REQUIRE(cuts.size() >= 40);
  for (const size_t cut : cuts) CheckCutRefused(data, root / "trial", cut);

  auto store = RocksStore::Open(data);  // The intact one opens with everything.
  REQUIRE(store.ok());
  CheckHoldsAll(**store, written);
}

TEST_CASE("The MANIFEST's length is recorded after each flush, so a killed store is checked too",
          "[store][manifest]") {
  const TempRoot root("gongkai-manifest");
  const std::string data = root / "data";
  std::vector<std::pair<Table, std::string>> written;
  const std::unique_ptr<RocksStore> store = WrittenStore(data, &written);
  // The files of an open store as they are: what a process kill leaves.
  const std::string image = Copy(data, root / "image");
  const std::string synced = ReadAll(ManifestOf(image));
  const auto [manifest, bytes] = SealOf(image);
  CHECK(manifest == fs::path(ManifestOf(image)).filename().string());
  CHECK(bytes <= synced.size());
  std::vector<size_t> cuts = Cuts(synced);
  cuts.erase(std::remove_if(cuts.begin(), cuts.end(), [&](size_t cut) { return cut >= bytes; }),
             cuts.end());
  REQUIRE(cuts.size() >= 40);  // The edits of both rounds, flushes included.
  for (const size_t cut : cuts) CheckCutRefused(image, root / "trial", cut);
}

TEST_CASE("A backup holds the record of its MANIFEST's length, so a damaged backup is refused",
          "[store][manifest]") {
  const TempRoot root("gongkai-manifest");
  const std::string data = root / "data", backup = root / "backup";
  std::vector<std::pair<Table, std::string>> written;
  const std::unique_ptr<RocksStore> store = WrittenStore(data, &written);
  REQUIRE(store->Checkpoint(backup).ok());
  const std::string copied = ReadAll(ManifestOf(backup));
  CHECK(SealOf(backup).second == copied.size());
  CheckCutRefused(backup, root / "trial", copied.size() / 2);
  fs::permissions(backup, fs::perms::owner_all, fs::perm_options::replace);
  auto restored = RocksStore::Open(backup);
  REQUIRE(restored.ok());
  CheckHoldsAll(**restored, written);
}

TEST_CASE("The MANIFEST's record is private, and a damaged record or an older CURRENT is refused",
          "[store][manifest]") {
  const TempRoot root("gongkai-manifest");
  const std::string data = root / "data";
  REQUIRE(RocksStore::Create(data).ok());
  { REQUIRE(RocksStore::Open(data).ok()); }
  const fs::path seal = fs::path(data) / kManifestSealFile;
  struct stat st {};
  REQUIRE(stat(seal.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  const std::string manifest = fs::path(ManifestOf(data)).filename().string();

  SECTION("a record naming an older MANIFEST: RocksDB moved on since, which is not damage") {
    std::ofstream(seal) << "MANIFEST-000001 999999\n";
    CHECK(RocksStore::Open(data).ok());
    CHECK(SealOf(data).first == fs::path(ManifestOf(data)).filename().string());
  }
  SECTION("no record (a database from before records): it opens and the record is written") {
    fs::remove(seal);
    CHECK(RocksStore::Open(data).ok());
    CHECK(SealOf(data).first == fs::path(ManifestOf(data)).filename().string());
  }
  SECTION("a read-only open leaves the record as it is") {
    std::ofstream(seal) << manifest << " 1\n";
    RocksStoreOptions read_only;
    read_only.read_only = true;
    CHECK(RocksStore::Open(data, read_only).ok());
    CHECK(SealOf(data) == std::make_pair(manifest, uint64_t{1}));
  }
  SECTION("a record naming a newer MANIFEST than CURRENT's is refused") {
    std::ofstream(seal) << "MANIFEST-999999 10\n";
    auto store = RocksStore::Open(data);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("is damaged"));
  }
  SECTION("a record that does not parse is refused") {
    for (const char* text :
         {"", "MANIFEST-000001\n", "MANIFEST-x 10\n", "MANIFEST-000001 -1\n", "MANIFEST-000001 10",
          "MANIFEST-000001 10 \n", "MANIFEST-000001 10 x\n", "MANIFEST-000001 10 5 6\n",
          "MANIFEST-000001 10 5\n\n"}) {
      INFO("record: '" << text << "'");
      std::ofstream(seal) << text;
      auto store = RocksStore::Open(data);
      REQUIRE_FALSE(store.ok());
      CHECK_THAT(store.status().message(), Catch::Contains("is damaged"));
    }
  }
  SECTION("a MANIFEST longer than recorded (RocksDB appended after the record) opens") {
    std::ofstream(seal) << manifest << " 1\n";
    CHECK(RocksStore::Open(data).ok());
  }
}

TEST_CASE("A killed store whose newest write-ahead log is lost is refused, and whole with it back",
          "[store][manifest][log]") {
  const TempRoot root("gongkai-manifest");
  const std::string data = root / "data";
  std::vector<std::pair<Table, std::string>> written;
  const std::unique_ptr<RocksStore> store =
      WrittenStore(data, &written);                      // The last round is in the log only.
  const std::string image = Copy(data, root / "image");  // What a kill leaves.
  const std::vector<fs::path> logs = Logs(image);
  REQUIRE(!logs.empty());
  uint64_t newest = 0;
  std::istringstream(logs.back().stem().string()) >> newest;
  CHECK(SealedLogOf(image) == newest);

  const fs::path aside = root / "aside.log";
  fs::rename(logs.back(), aside);
  const auto before = Files(image);
  auto refused = RocksStore::Open(image);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(refused.status().message(),
             Catch::Contains("is damaged (missing files") &&
                 Catch::Contains("cannot be opened without losing acknowledged changes"));
  CHECK(Files(image) == before);
  RocksStoreOptions read_only;
  read_only.read_only = true;
  CHECK_FALSE(RocksStore::Open(image, read_only).ok());

  fs::rename(aside, logs.back());
  auto whole = RocksStore::Open(image);
  REQUIRE(whole.ok());
  CheckHoldsAll(**whole, written);
}

TEST_CASE("After a clean stop the log holds nothing, and a store without it opens whole",
          "[store][manifest][log]") {
  const TempRoot root("gongkai-manifest");
  std::vector<std::pair<Table, std::string>> written;
  const std::string data = CleanlyStoppedStore(root, &written);
  CHECK(SealedLogOf(data) == 0);
  REQUIRE(!Logs(data).empty());
  for (const fs::path& log : Logs(data)) fs::remove(log);
  {
    auto store = RocksStore::Open(data);
    REQUIRE(store.ok());
    CheckHoldsAll(**store, written);
    CHECK(SealedLogOf(data) > 0);  // Open again, the new log may hold changes.
  }
  SECTION("a record of the first version (no log) checks the MANIFEST only") {
    auto store = RocksStore::Open(data);
    REQUIRE(store.ok());
    const auto [manifest, bytes] = SealOf(data);
    std::ofstream(fs::path(data) / kManifestSealFile) << manifest << " " << bytes << "\n";
    const std::string image = Copy(data, root / "image");
    CheckCutRefused(image, root / "trial", bytes / 2);
    for (const fs::path& log : Logs(image)) fs::remove(log);
    CHECK(RocksStore::Open(image).ok());
  }
}

}  // namespace gongkai::test
