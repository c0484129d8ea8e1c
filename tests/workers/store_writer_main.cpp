// store_writer: the child process of rocks_kill_test.cpp. It opens the
// RocksStore in DIR with memtables of MEMTABLE_BYTES and writes until it is
// killed: request k<N> (VALUE_BYTES of one letter) for N = FIRST, FIRST+1,
// ..., and every third one an event too, each write synced, then prints N
// on its own line: a printed N is acknowledged.
//
// usage: store_writer DIR MEMTABLE_BYTES VALUE_BYTES FIRST
// Exit codes: 2 bad arguments, 3 the store refused to open, 4 a write failed.
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/store/rocks_store.h"
#include "tests/workers/store_writer_keys.h"

namespace {

bool ParseNumber(std::string_view text, uint64_t* number) {
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, *number);
  return error == std::errc() && at == end;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gongkai;
  uint64_t memtable_bytes = 0, value_bytes = 0, first = 0;
  if (argc != 5 || !ParseNumber(argv[2], &memtable_bytes) || !ParseNumber(argv[3], &value_bytes) ||
      !ParseNumber(argv[4], &first)) {
    std::fprintf(stderr, "usage: store_writer DIR MEMTABLE_BYTES VALUE_BYTES FIRST\n");
    return 2;
  }
  RocksStoreOptions options;
  options.memtable_bytes = memtable_bytes;
  auto store = RocksStore::Open(argv[1], options);
  if (!store.ok()) {
    std::fprintf(stderr, "refused: %s\n", std::string(store.status().message()).c_str());
    return 3;
  }
  for (uint64_t n = first;; ++n) {
    WriteSet writes;
    writes.Put(Table::kRequests, test::WriterKey(n), test::WriterValue(n, value_bytes));
    if (n % 3 == 0) writes.Put(Table::kEvents, test::WriterKey(n), test::WriterValue(n, 64));
    if (!(*store)->Write(writes, /*sync=*/true).ok()) return 4;
    std::printf("%llu\n", static_cast<unsigned long long>(n));
    std::fflush(stdout);
  }
}
