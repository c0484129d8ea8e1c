// A database written before the search table existed (no `search` column
// family, no index mark) opens with this version: the table is made at the
// open and every stored request is indexed once, at the ledger's start.
#include <rocksdb/db.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/keys.h"
#include "engine/store/rocks_store.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/temp_root.h"
#include "workers/ledger_reader.h"

namespace gongkai::test {
namespace {

std::unique_ptr<Ledger> OpenOn(RocksStore& store) {
  auto ledger = Ledger::Open(store, std::make_unique<ManualClock>(Day(2013, 3, 1)),
                             Calendar::Builtin(), Agencies(), LedgerOptions());
  INFO(ledger.status().message());
  REQUIRE(ledger.ok());
  return std::move(ledger).value();
}

// Makes the database in `directory` look as an earlier version left it:
// without the search and due-date column families and their index marks.
void Downgrade(const std::string& directory) {
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), directory, families, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "search" || names[i] == "due_dates") {
      REQUIRE(db->DropColumnFamily(handles[i]).ok());
    }
    if (names[i] == "meta") {
      REQUIRE(db->Delete({}, handles[i], kMetaSearchIndex).ok());
      REQUIRE(db->Delete({}, handles[i], kMetaDueIndex).ok());
    }
  }
  for (auto* handle : handles) REQUIRE(db->DestroyColumnFamilyHandle(handle).ok());
  REQUIRE(db->Close().ok());
}

TEST_CASE("A database from before search gains the search table and its index at the next start",
          "[workers][search][store]") {
  const TempRoot root("gongkai-search");
  const std::string directory = root / "data";
  REQUIRE(RocksStore::Create(directory).ok());
  std::string id;
  {
    auto store = RocksStore::Open(directory);
    REQUIRE(store.ok());
    auto ledger = OpenOn(**store);
    v1::Command intake = IntakeCommand("k1", "210300", Day(2012, 11, 1));
    intake.mutable_intake()->mutable_received()->set_subject("棚户区改造补偿方案");
    const auto replies = ledger->HandleGroup({intake});
    REQUIRE_CODE(replies.at(0), "ok");
    id = replies.at(0).request_id();
  }
  Downgrade(directory);
  {
    auto store = RocksStore::Open(directory);
    INFO(store.status().message());
    REQUIRE(store.ok());
    auto ledger = OpenOn(**store);
    v1::Command search;
    search.mutable_search()->set_text("改造补偿");
    const LedgerReader reader(ledger->reader_config(), ledger->read_state());
    const v1::Reply reply = reader.Handle(search);
    REQUIRE_CODE(reply, "ok");
    REQUIRE(reply.requests_size() == 1);
    CHECK(reply.requests(0).state().id() == id);
    // The due-date index too: the list of what is due reads it.
    v1::Command due;
    *due.mutable_list()->mutable_due_before() = ToCivil(Day(2013, 12, 31));
    const v1::Reply listed = reader.Handle(due);
    REQUIRE_CODE(listed, "ok");
    REQUIRE(listed.requests_size() == 1);
    CHECK(listed.requests(0).state().id() == id);
  }
  SECTION("read-only (a full disk), it is refused with what to do") {
    Downgrade(directory);
    RocksStoreOptions options;
    options.read_only = true;
    auto store = RocksStore::Open(directory, options);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().message().find("earlier version") != std::string::npos);
  }
}

}  // namespace
}  // namespace gongkai::test
