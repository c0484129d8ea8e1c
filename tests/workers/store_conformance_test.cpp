// One conformance suite for the Store interface (engine/store.h), run on
// both implementations: the tests' MemoryStore and the product's RocksStore
// (a fresh database made by RocksStore::Create and opened in a mkdtemp
// directory, removed afterwards). Every test case runs its one body of
// checks once per store (GENERATE over "memory" and "rocksdb"), so that the
// fake the worker tests rely on behaves as the real store does.
//
// Checked: Get of absent and present keys in every table; Scan from
// max(prefix, start) in key order (bytes compared unsigned, '\0' and 0xff
// included), stopping at the end of the prefix and when the visitor returns
// false; a WriteSet applied whole (puts, deletes, counter additions summed,
// an absent counter read as 0 before its first addition, a Delete then a
// Put of one key in one set); the tables independent of each other; a
// Snapshot that keeps seeing the store as it was when it was taken through
// many later writes and after the store is gone, read from another thread
// while writes go on, and fresh snapshots that never see half of a write
// set. For RocksStore alone: a synced write is there after a reopen.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/keys.h"
#include "engine/store.h"
#include "engine/store/rocks_store.h"
#include "engine/strings.h"
#include "tests/workers/memory_store.h"
#include "tests/workers/temp_root.h"

namespace gongkai::test {
namespace {

constexpr Table kAllTables[] = {
    Table::kEvents,    Table::kRequests,    Table::kApplicants, Table::kDeadlines,  Table::kAlerts,
    Table::kCounters,  Table::kIdempotency, Table::kMeta,       Table::kPrincipals, Table::kAudit,
    Table::kRetention, Table::kSearch,      Table::kDueDates};
static_assert(std::size(kAllTables) == kTableCount, "every table is in the conformance suite");

// The store under test, by name: "memory" or "rocksdb".
class StoreUnderTest {
 public:
  explicit StoreUnderTest(std::string kind) : kind_(std::move(kind)) {
    if (kind_ == "memory") {
      store_ = std::make_unique<MemoryStore>();
      return;
    }
    REQUIRE(kind_ == "rocksdb");
    dir_ = std::make_unique<TempRoot>("gongkai-store");
    const Status created = RocksStore::Create(*dir_ / "data");
    INFO(created.message());
    REQUIRE(created.ok());
    Open();
  }
  ~StoreUnderTest() { store_.reset(); }  // Before the directory goes.
  StoreUnderTest(const StoreUnderTest&) = delete;
  StoreUnderTest& operator=(const StoreUnderTest&) = delete;

  Store& operator*() { return *store_; }
  Store* operator->() { return store_.get(); }
  bool rocksdb() const { return kind_ == "rocksdb"; }
  // Closes the store (RocksStore: the database) and opens it again.
  void Reopen() {
    REQUIRE(rocksdb());
    store_.reset();
    Open();
  }
  // Gives the store away (its snapshots must not need it).
  void Drop() { store_.reset(); }

 private:
  void Open() {
    RocksStoreOptions options;
    options.disk_reserve_bytes = 1 << 20;  // Whatever the free space of TMPDIR.
    auto opened = RocksStore::Open(*dir_ / "data", options);
    INFO(opened.status().message());
    REQUIRE(opened.ok());
    store_ = std::move(opened).value();
  }

  std::string kind_;
  std::unique_ptr<TempRoot> dir_;  // Outlives store_ (declared first).
  std::unique_ptr<Store> store_;
};

// The value, or "<absent>"; fails the test on an error.
std::string Read(const StoreReader& reader, Table table, std::string_view key) {
  auto value = reader.Get(table, key);
  INFO(TableName(table) << " " << key << ": " << value.status().message());
  REQUIRE(value.ok());
  return value->has_value() ? **value : std::string("<absent>");
}

int64_t Counter(const StoreReader& reader, std::string_view key) {
  auto value = reader.Get(Table::kCounters, key);
  REQUIRE(value.ok());
  REQUIRE(value->has_value());
  REQUIRE((*value)->size() == 8);
  return DecodeCounter(**value);
}

void Apply(Store& store, const WriteSet& writes, bool sync = true) {
  const Status written = store.Write(writes, sync);
  INFO(written.message());
  REQUIRE(written.ok());
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// What Scan visits, all of it (or up to `limit` keys).
Pairs ScanAll(const StoreReader& reader, Table table, std::string_view prefix,
              std::string_view start, size_t limit = SIZE_MAX) {
  Pairs seen;
  const Status scanned =
      reader.Scan(table, prefix, start, [&](std::string_view key, std::string_view value) {
        seen.emplace_back(std::string(key), std::string(value));
        return seen.size() < limit;
      });
  INFO(scanned.message());
  REQUIRE(scanned.ok());
  return seen;
}

std::vector<std::string> Keys(const Pairs& pairs) {
  std::vector<std::string> keys;
  for (const auto& pair : pairs) keys.push_back(pair.first);
  return keys;
}

TEST_CASE("Get answers absent for a key never written and the value for one written, per table",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  for (Table table : kAllTables) {
    if (table == Table::kCounters) continue;
    CHECK(Read(*store, table, "k1") == "<absent>");
  }
  WriteSet writes;
  for (Table table : kAllTables) {
    if (table == Table::kCounters) continue;
    writes.Put(table, "k1", std::string("value of ") + TableName(table));
  }
  writes.Put(Table::kEvents, std::string("bin\0ary", 7), std::string("v\0\xff", 3));
  Apply(*store, writes);
  for (Table table : kAllTables) {
    if (table == Table::kCounters) continue;
    INFO(TableName(table));
    CHECK(Read(*store, table, "k1") == std::string("value of ") + TableName(table));
    CHECK(Read(*store, table, "k2") == "<absent>");
    CHECK(Read(*store, table, "k") == "<absent>");    // A prefix of a key is not the key.
    CHECK(Read(*store, table, "k10") == "<absent>");  // Nor is a longer key.
  }
  // Keys and values are bytes: '\0' and 0xff kept.
  CHECK(Read(*store, Table::kEvents, std::string("bin\0ary", 7)) == std::string("v\0\xff", 3));
  CHECK(Read(*store, Table::kEvents, "bin") == "<absent>");
  // An empty value is present, not absent.
  WriteSet empty_value;
  empty_value.Put(Table::kDeadlines, "2012-10-25|210300-2012-000001", "");
  Apply(*store, empty_value);
  auto got = store->Get(Table::kDeadlines, "2012-10-25|210300-2012-000001");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->empty());
  // An overwrite replaces the value.
  WriteSet overwrite;
  overwrite.Put(Table::kMeta, "k1", "second");
  Apply(*store, overwrite);
  CHECK(Read(*store, Table::kMeta, "k1") == "second");
  // An empty write set writes nothing and succeeds.
  Apply(*store, WriteSet());
  CHECK(Read(*store, Table::kMeta, "k1") == "second");
}

TEST_CASE("Scan visits the keys with the prefix from the start key in key order until told to stop",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  // Written out of order; bytes order unsigned ('\0' first, 0xff last).
  const std::vector<std::string> keys = {"ab|3",   "ab|1",     "aa|9", "ab",
                                         "ac|0",   "ab|2",     "b",    std::string("ab\0", 3),
                                         "ab\xff", "ab|10",    "a",    std::string("ab|\0", 4),
                                         "ab\x7f", "ab|1\xff", "abc",  "aa\xff\xff"};
  WriteSet writes;
  for (const auto& key : keys) writes.Put(Table::kAlerts, key, "v:" + key);
  // The same keys in another table must not show up.
  writes.Put(Table::kMeta, "ab|0", "meta");
  Apply(*store, writes);

  SECTION("every key of the table in order with an empty prefix") {
    const Pairs all = ScanAll(*store, Table::kAlerts, "", "");
    std::vector<std::string> sorted = keys;
    std::sort(sorted.begin(), sorted.end());  // std::string compares bytes unsigned.
    CHECK(Keys(all) == sorted);
    for (const auto& [key, value] : all) CHECK(value == "v:" + key);
    CHECK(Keys(all).front() == "a");
    CHECK(Keys(all).back() == "b");
  }
  SECTION("the keys with the prefix, not one past its end") {
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "")) ==
          std::vector<std::string>{std::string("ab|\0", 4), "ab|1", "ab|10", "ab|1\xff", "ab|2",
                                   "ab|3"});
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab", "")) ==
          std::vector<std::string>{"ab", std::string("ab\0", 3), "abc", std::string("ab|\0", 4),
                                   "ab|1", "ab|10", "ab|1\xff", "ab|2", "ab|3", "ab\x7f",
                                   "ab\xff"});
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "aa", "")) ==
          std::vector<std::string>{"aa|9", "aa\xff\xff"});
    CHECK(ScanAll(*store, Table::kAlerts, "ad", "").empty());
    CHECK(ScanAll(*store, Table::kAlerts, "zz", "").empty());
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab\xff", "")) ==
          std::vector<std::string>{"ab\xff"});
    CHECK(Keys(ScanAll(*store, Table::kMeta, "ab", "")) == std::vector<std::string>{"ab|0"});
  }
  SECTION("from the start key, itself included, when it lies inside the prefix") {
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "ab|10")) ==
          std::vector<std::string>{"ab|10", "ab|1\xff", "ab|2", "ab|3"});
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "ab|11")) ==
          std::vector<std::string>{"ab|1\xff", "ab|2", "ab|3"});
    // A start before the prefix starts at the prefix.
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "a")) ==
          Keys(ScanAll(*store, Table::kAlerts, "ab|", "")));
    // A start past every key of the prefix visits nothing (not the next
    // prefix's keys).
    CHECK(ScanAll(*store, Table::kAlerts, "ab|", "ab|4").empty());
    CHECK(ScanAll(*store, Table::kAlerts, "ab|", "ac").empty());
    // A start alone, with an empty prefix: everything from there on.
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "", "ab\xff")) ==
          std::vector<std::string>{"ab\xff", "ac|0", "b"});
  }
  SECTION("no further key once the visitor returns false") {
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "", 1)) ==
          std::vector<std::string>{std::string("ab|\0", 4)});
    CHECK(Keys(ScanAll(*store, Table::kAlerts, "ab|", "ab|10", 2)) ==
          std::vector<std::string>{"ab|10", "ab|1\xff"});
    int calls = 0;
    REQUIRE(store
                ->Scan(Table::kAlerts, "", "",
                       [&](std::string_view, std::string_view) {
                         ++calls;
                         return false;
                       })
                .ok());
    CHECK(calls == 1);
  }
  SECTION("an empty table visits nothing") {
    CHECK(ScanAll(*store, Table::kApplicants, "", "").empty());
    CHECK(ScanAll(*store, Table::kApplicants, "ab", "ab|1").empty());
  }
}

TEST_CASE("A cursor seeks the first key with the prefix from the start key, again and again",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  WriteSet writes;
  for (const std::string key : {"s\001\002a", "s\001\002c", "s\001\003a", "t\001\002b"}) {
    writes.Put(Table::kSearch, key, "v");
  }
  writes.Put(Table::kMeta, "s\001\002b", "");  // Another table's key never shows.
  Apply(*store, writes);
  const auto seek = [](StoreReader::Cursor& cursor, std::string_view prefix,
                       std::string_view start) -> std::string {
    auto found = cursor.Seek(prefix, start);
    REQUIRE(found.ok());
    return *found ? std::string(cursor.key()) : "none";
  };
  const auto next = [](StoreReader::Cursor& cursor) -> std::string {
    auto found = cursor.Next();
    REQUIRE(found.ok());
    return *found ? std::string(cursor.key()) : "none";
  };
  for (const bool snapshot : {false, true}) {
    INFO("snapshot: " << snapshot);
    const auto reader = store->Snapshot();
    auto cursor = snapshot ? reader->NewCursor(Table::kSearch) : store->NewCursor(Table::kSearch);
    CHECK(seek(*cursor, "s\001\002", "") == "s\001\002a");
    CHECK(seek(*cursor, "s\001\002", "s\001\002b") == "s\001\002c");
    CHECK(seek(*cursor, "s\001\002", "s\001\002d") == "none");  // Past the prefix.
    CHECK(seek(*cursor, "s\001\003", "") == "s\001\003a");      // Back and forth.
    CHECK(seek(*cursor, "s\001\002", "s\001\002a") == "s\001\002a");
    CHECK(seek(*cursor, "u", "") == "none");
    CHECK(seek(*cursor, "s\001", "") == "s\001\002a");
    CHECK(next(*cursor) == "s\001\002c");
    CHECK(cursor->value() == "v");
    CHECK(next(*cursor) == "s\001\003a");
    CHECK(next(*cursor) == "none");  // "t..." is past the prefix.
  }
}

TEST_CASE("A write set is applied whole: puts, deletes and counter additions summed",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  WriteSet first;
  first.Put(Table::kRequests, "r1", "state 1");
  first.Put(Table::kRequests, "r2", "state 2");
  first.Put(Table::kRequests, "r3", "state 3");
  first.Put(Table::kEvents, "r1/1", "event 1");
  first.AddCounter("210300|2012|received", 1);
  Apply(*store, first);
  CHECK(Counter(*store, "210300|2012|received") == 1);

  SECTION("every op of the set, in order, in one write") {
    WriteSet writes;
    writes.Put(Table::kRequests, "r1", "state 1b");       // Overwrite.
    writes.Delete(Table::kRequests, "r2");                // Delete.
    writes.Delete(Table::kRequests, "never-written");     // Delete of an absent key: no error.
    writes.Delete(Table::kRequests, "r3");                // Delete, then
    writes.Put(Table::kRequests, "r3", "state 3 again");  // put again: present.
    writes.Put(Table::kRequests, "r4", "short-lived");    // Put, then
    writes.Delete(Table::kRequests, "r4");                // delete: absent.
    writes.Put(Table::kMeta, "m", "one");                 // Two puts: the last wins.
    writes.Put(Table::kMeta, "m", "two");
    // Counter additions: summed with what is stored and with each other; an
    // absent counter counts from 0.
    writes.AddCounter("210300|2012|received", 5);
    writes.AddCounter("210300|2012|received", -2);
    writes.AddCounter("210300|2012|late", 7);
    writes.AddCounter("210300|2012|late", 3);
    writes.AddCounter("210300|2012|negative", -4);
    writes.AddCounter("210300|2012|zero", 0);
    Apply(*store, writes);
    CHECK(Read(*store, Table::kRequests, "r1") == "state 1b");
    CHECK(Read(*store, Table::kRequests, "r2") == "<absent>");
    CHECK(Read(*store, Table::kRequests, "never-written") == "<absent>");
    CHECK(Read(*store, Table::kRequests, "r3") == "state 3 again");
    CHECK(Read(*store, Table::kRequests, "r4") == "<absent>");
    CHECK(Read(*store, Table::kMeta, "m") == "two");
    CHECK(Read(*store, Table::kEvents, "r1/1") == "event 1");  // Untouched.
    CHECK(Counter(*store, "210300|2012|received") == 4);
    CHECK(Counter(*store, "210300|2012|late") == 10);
    CHECK(Counter(*store, "210300|2012|negative") == -4);
    CHECK(Counter(*store, "210300|2012|zero") == 0);  // Added 0: stored, reads 0.
    CHECK(Read(*store, Table::kCounters, "210300|2012|never") == "<absent>");
    CHECK(Keys(ScanAll(*store, Table::kRequests, "", "")) == std::vector<std::string>{"r1", "r3"});
    // Scan reads counters summed too.
    const Pairs counters = ScanAll(*store, Table::kCounters, "210300|2012|", "");
    REQUIRE(counters.size() == 4);
    CHECK(counters[0].first == "210300|2012|late");
    CHECK(DecodeCounter(counters[0].second) == 10);
    CHECK(DecodeCounter(counters[2].second) == 4);  // received
  }
  SECTION("counters keep summing over many writes, unsynced ones too") {
    for (int i = 1; i <= 100; ++i) {
      WriteSet add;
      add.AddCounter("c", i);
      add.AddCounter("d", -1);
      Apply(*store, add, /*sync=*/i % 10 == 0);
    }
    CHECK(Counter(*store, "c") == 5050);
    CHECK(Counter(*store, "d") == -100);
    // A put sets a counter; the additions after it count from there.
    WriteSet reset;
    reset.Put(Table::kCounters, "c", EncodeCounter(1000));
    reset.AddCounter("c", 1);
    Apply(*store, reset);
    CHECK(Counter(*store, "c") == 1001);
    // A deleted counter counts from 0 again.
    WriteSet gone;
    gone.Delete(Table::kCounters, "d");
    gone.AddCounter("d", 2);
    Apply(*store, gone);
    CHECK(Counter(*store, "d") == 2);
  }
  SECTION("int64 extremes survive the encoding") {
    WriteSet writes;
    writes.AddCounter("max", INT64_MAX);
    writes.AddCounter("min", INT64_MIN);
    Apply(*store, writes);
    CHECK(Counter(*store, "max") == INT64_MAX);
    CHECK(Counter(*store, "min") == INT64_MIN);
  }
}

TEST_CASE("The tables are independent: one key in each table holds its own value",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  WriteSet writes;
  for (Table table : kAllTables) {
    if (table == Table::kCounters) {
      writes.AddCounter("same", 42);
    } else {
      writes.Put(table, "same", TableName(table));
    }
  }
  Apply(*store, writes);
  for (Table table : kAllTables) {
    INFO(TableName(table));
    if (table == Table::kCounters) {
      CHECK(Counter(*store, "same") == 42);
    } else {
      CHECK(Read(*store, table, "same") == TableName(table));
    }
    std::vector<std::string> keys = Keys(ScanAll(*store, table, "", ""));
    // RocksStore::Create marks its database with a format key in meta, and
    // its (empty) search and due-date indexes as complete.
    if (table == Table::kMeta) {
      std::erase(keys, std::string("format"));
      std::erase(keys, std::string(kMetaSearchIndex));
      std::erase(keys, std::string(kMetaDueIndex));
      std::erase(keys, std::string(kMetaMonthCounters));
    }
    CHECK(keys == std::vector<std::string>{"same"});
  }
  // Deleting the key in one table leaves it in the others.
  WriteSet erase;
  erase.Delete(Table::kRequests, "same");
  Apply(*store, erase);
  CHECK(Read(*store, Table::kRequests, "same") == "<absent>");
  for (Table table : kAllTables) {
    if (table == Table::kRequests || table == Table::kCounters) continue;
    INFO(TableName(table));
    CHECK(Read(*store, table, "same") == TableName(table));
  }
  CHECK(Counter(*store, "same") == 42);
}

TEST_CASE("A snapshot sees the store as it was when taken, through later writes",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  WriteSet before;
  before.Put(Table::kRequests, "r1", "old");
  before.Put(Table::kRequests, "r2", "doomed");
  before.AddCounter("n", 1);
  Apply(*store, before);

  const std::shared_ptr<const StoreReader> snapshot = store->Snapshot();
  REQUIRE(snapshot != nullptr);
  WriteSet after;
  after.Put(Table::kRequests, "r1", "new");
  after.Delete(Table::kRequests, "r2");
  after.Put(Table::kRequests, "r3", "born later");
  after.AddCounter("n", 10);
  Apply(*store, after);

  // The store has moved on; the snapshot has not.
  CHECK(Read(*store, Table::kRequests, "r1") == "new");
  CHECK(Read(*store, Table::kRequests, "r2") == "<absent>");
  CHECK(Counter(*store, "n") == 11);
  CHECK(Read(*snapshot, Table::kRequests, "r1") == "old");
  CHECK(Read(*snapshot, Table::kRequests, "r2") == "doomed");
  CHECK(Read(*snapshot, Table::kRequests, "r3") == "<absent>");
  CHECK(Counter(*snapshot, "n") == 1);
  CHECK(Keys(ScanAll(*snapshot, Table::kRequests, "r", "")) ==
        std::vector<std::string>{"r1", "r2"});
  CHECK(Keys(ScanAll(*store, Table::kRequests, "r", "")) == std::vector<std::string>{"r1", "r3"});

  // A second snapshot sees the second state, the first one still the first.
  const auto second = store->Snapshot();
  CHECK(Read(*second, Table::kRequests, "r1") == "new");

  // Many more writes (overwrites of the same keys, unsynced and synced, a
  // few thousand) do not move either.
  for (int i = 0; i < 3000; ++i) {
    WriteSet more;
    more.Put(Table::kRequests, "r1", "overwritten " + std::to_string(i));
    more.Put(Table::kEvents, StrCat({"e", std::to_string(i)}), std::string(200, 'x'));
    more.Delete(Table::kRequests, "r3");
    more.AddCounter("n", 1);
    Apply(*store, more, /*sync=*/i % 500 == 0);
  }
  CHECK(Read(*store, Table::kRequests, "r1") == "overwritten 2999");
  CHECK(Counter(*store, "n") == 3011);
  CHECK(Read(*snapshot, Table::kRequests, "r1") == "old");
  CHECK(Read(*snapshot, Table::kRequests, "r2") == "doomed");
  CHECK(Counter(*snapshot, "n") == 1);
  CHECK(ScanAll(*snapshot, Table::kEvents, "", "").empty());
  CHECK(Read(*second, Table::kRequests, "r1") == "new");
  CHECK(Read(*second, Table::kRequests, "r3") == "born later");
  CHECK(Counter(*second, "n") == 11);

  // The snapshots outlive the store itself.
  store.Drop();
  CHECK(Read(*snapshot, Table::kRequests, "r1") == "old");
  CHECK(Keys(ScanAll(*snapshot, Table::kRequests, "", "")) == std::vector<std::string>{"r1", "r2"});
  CHECK(Counter(*second, "n") == 11);
}

TEST_CASE("Snapshots are read from other threads while writes go on and never see half a write set",
          "[workers][store]") {
  const std::string kind = GENERATE(as<std::string>(), "memory", "rocksdb");
  INFO("store: " << kind);
  StoreUnderTest store(kind);
  constexpr int kWrites = 2000;
  // Each write set moves two keys in two tables and a counter together.
  auto write_step = [&](int i) {
    WriteSet writes;
    writes.Put(Table::kRequests, "a", std::to_string(i));
    writes.Put(Table::kEvents, "b", std::to_string(i));
    writes.AddCounter("steps", 1);
    return store->Write(writes, /*sync=*/i % 200 == 0);
  };
  REQUIRE(write_step(0).ok());
  const auto fixed = store->Snapshot();  // Taken at step 0.

  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, moved{0}, errors{0}, reads{0};
  auto reader = [&] {
    while (!done.load()) {
      // The fixed snapshot stays at step 0 while the writer goes on.
      auto a = fixed->Get(Table::kRequests, "a");
      auto steps = fixed->Get(Table::kCounters, "steps");
      if (!a.ok() || !steps.ok() || !a->has_value() || !steps->has_value()) {
        ++errors;
        continue;
      }
      if (**a != "0" || DecodeCounter(**steps) != 1) ++moved;
      // A fresh snapshot sees whole write sets only.
      const auto now = store->Snapshot();
      auto a_now = now->Get(Table::kRequests, "a");
      auto b_now = now->Get(Table::kEvents, "b");
      auto steps_now = now->Get(Table::kCounters, "steps");
      if (!a_now.ok() || !b_now.ok() || !steps_now.ok() || !a_now->has_value() ||
          !b_now->has_value() || !steps_now->has_value()) {
        ++errors;
        continue;
      }
      if (**a_now != **b_now || std::to_string(DecodeCounter(**steps_now) - 1) != **a_now) {
        ++torn;
      }
      ++reads;
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) readers.emplace_back(reader);
  int failed_writes = 0;
  int last = 0;
  // Writes go on until the readers have read alongside them (a fast store
  // could finish its writes before a reader thread is first scheduled).
  for (int i = 1; i <= kWrites || (reads.load() < 100 && i < 1000 * kWrites); ++i) {
    if (!write_step(i).ok()) ++failed_writes;
    last = i;
  }
  done.store(true);
  for (auto& thread : readers) thread.join();
  CHECK(failed_writes == 0);
  CHECK(errors.load() == 0);
  CHECK(moved.load() == 0);
  CHECK(torn.load() == 0);
  CHECK(reads.load() > 0);
  CHECK(Read(*store, Table::kRequests, "a") == std::to_string(last));
  CHECK(Counter(*store, "steps") == last + 1);
  CHECK(Read(*fixed, Table::kRequests, "a") == "0");
}

TEST_CASE("A RocksStore keeps a synced write set, counters summed, when it is opened again",
          "[workers][store]") {
  StoreUnderTest store("rocksdb");
  WriteSet writes;
  writes.Put(Table::kRequests, "r1", "state");
  writes.Put(Table::kApplicants, "r1", "personal");
  writes.Delete(Table::kApplicants, "r1");
  writes.AddCounter("n", 3);
  writes.AddCounter("n", 4);
  Apply(*store, writes, /*sync=*/true);
  WriteSet unsynced;
  unsynced.AddCounter("n", 1);
  Apply(*store, unsynced, /*sync=*/false);  // A clean close keeps it too.
  store.Reopen();
  CHECK(Read(*store, Table::kRequests, "r1") == "state");
  CHECK(Read(*store, Table::kApplicants, "r1") == "<absent>");
  CHECK(Counter(*store, "n") == 8);
  WriteSet more;
  more.AddCounter("n", 2);
  Apply(*store, more);
  CHECK(Counter(*store, "n") == 10);
}

}  // namespace
}  // namespace gongkai::test
