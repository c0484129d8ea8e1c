// Fills a data directory with requests for the benchmarks, through the real
// Ledger over a real RocksStore (in process: loading millions of requests
// over a socket would measure the loading, not the scenario). The timed part
// of each scenario then runs against the real daemon on that directory.
#ifndef GONGKAI_BENCH_POPULATE_H_
#define GONGKAI_BENCH_POPULATE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/date.h"
#include "engine/status.h"
#include "engine/store/rocks_store.h"
#include "workers/ledger.h"

namespace gongkai::bench {

struct IntakeBatch {
  int64_t count = 0;
  Date received;  // Receipt date of every request of the batch.
  // Every n-th request is answered on the spot (0: none), so that reports
  // have outcomes to count.
  int on_the_spot_every = 0;
};

// Registers `batches` in order with the manual clock at `today`, in groups
// of `group_size` commands per synced write, then makes every erasure due
// today (the retention period of requests closed long before), compacts,
// and counts every alert recorded as published. Returns the number
// registered.
StatusOr<int64_t> Populate(const std::string& directory, Date today,
                           const std::vector<IntakeBatch>& batches, int group_size = 20000);

// As Populate, into the empty `directory`; but when $GONGKAI_BENCH_POPULATED
// names a directory, the database is copied from there if an earlier run
// populated the same `today` and `batches` (and populated there, then
// copied, if not). Repeated measurements then skip minutes of loading;
// the copy is byte for byte what Populate made (a copy kept before Populate
// made the erasures due is brought to that once, and kept again).
StatusOr<int64_t> PopulateOrCopy(const std::string& directory, Date today,
                                 const std::vector<IntakeBatch>& batches);

// A new directory (MakeTempDirectory(`prefix`)) holding `count` requests
// received over the working days of `year`, spread evenly, every
// `on_the_spot_every`-th answered on the spot (0: none), the clock at 31
// December. On an error the directory is removed. Kept and copied as
// PopulateOrCopy does when $GONGKAI_BENCH_POPULATED is set.
StatusOr<std::string> PopulateYear(int year, int64_t count, int on_the_spot_every,
                                   const std::string& prefix);

// An intake as Populate registers them: number `number` of the benchmark
// (its idempotency key is `key_prefix` then the number), at `agency`,
// received on `received`.
v1::Command BenchIntake(int64_t number, const std::string& agency, Date received,
                        const std::string& key_prefix = "bench-");

// The subject and the applicant's name of benchmark request `number`:
// Chinese, drawn (deterministically) as [year] place topic kind, and
// surname given-name, from these words.
std::string BenchSubject(int64_t number);
std::string BenchName(int64_t number);
extern const char* const kBenchPlaces[30];
extern const char* const kBenchTopics[60];
extern const char* const kBenchKinds[20];
extern const char* const kBenchSurnames[40];
extern const char* const kBenchGiven[50];

// A ledger's options for loading in bulk: no daily intake quota (one
// sender registers everything).
LedgerOptions BulkLedgerOptions();

// A new database in `directory` (empty or absent), made as gongkaid init
// makes one (bench/bench_identity.h), opened.
StatusOr<std::unique_ptr<RocksStore>> CreateStore(const std::string& directory);

// A fresh empty directory under $TMPDIR (or /tmp); removed, with its
// identity file, by RemoveTree.
std::string MakeTempDirectory(const std::string& prefix);
void RemoveTree(const std::string& directory);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_POPULATE_H_
