// intake, lifecycle and ceiling: durable acknowledgements through the real
// daemon over tcp, and the same writes straight into RocksDB.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench_identity.h"
#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/store/rocks_store.h"
#include "intake_work.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"
#include "workers/ledger.h"

namespace gongkai::bench {
namespace {

// Passes reads to a RocksStore and records every WriteSet (written unsynced:
// recording is not what is measured).
class RecordingStore final : public Store {
 public:
  explicit RecordingStore(Store& inner) : inner_(inner) {}
  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override {
    return inner_.Get(table, key);
  }
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override {
    return inner_.Scan(table, prefix, start, visit);
  }
  std::shared_ptr<const StoreReader> Snapshot() override { return inner_.Snapshot(); }
  Status Write(const WriteSet& writes, bool) override {
    recorded_.push_back(writes);
    return inner_.Write(writes, false);
  }
  std::vector<WriteSet>& recorded() { return recorded_; }

 private:
  Store& inner_;
  std::vector<WriteSet> recorded_;
};

// The write batches the ledger makes for `count` intakes handled `group`
// at a time (its net writes per group, as the daemon writes them).
StatusOr<std::vector<WriteSet>> RecordIntakeWrites(int64_t count, int64_t group) {
  const std::string directory = MakeTempDirectory("gongkai-record-");
  auto store = CreateStore(directory);
  if (!store.ok()) return store.status();
  RecordingStore recording(**store);
  std::ifstream in(AgenciesPath());
  std::ostringstream text;
  text << in.rdbuf();
  auto agencies = AgencyRegistry::Parse(text.str(), AgenciesPath());
  if (!agencies.ok()) return agencies.status();
  auto ledger = Ledger::Open(recording, std::make_unique<ManualClock>(IntakeBenchToday()),
                             Calendar::Builtin(), std::move(agencies).value(), BulkLedgerOptions());
  if (!ledger.ok()) return ledger.status();
  for (int64_t i = 0; i < count; i += group) {
    std::vector<v1::Command> commands;
    for (int64_t j = i; j < std::min(count, i + group); ++j) {
      commands.push_back(IntakeCommand("record-", j));
    }
    for (const auto& reply : (*ledger)->HandleGroup(commands)) {
      if (reply.code() != v1::STATUS_CODE_OK) return InternalError("recording an intake failed");
    }
  }
  std::vector<WriteSet> writes = std::move(recording.recorded());
  ledger->reset();
  store->reset();
  RemoveTree(directory);
  return writes;
}

// Writes `writes` into a fresh RocksDB, one synced write each; returns
// commands per second (`per_write` commands in each).
StatusOr<double> WriteSynced(const std::vector<WriteSet>& writes, size_t per_write, size_t limit) {
  const std::string directory = MakeTempDirectory("gongkai-ceiling-");
  auto store = CreateStore(directory);
  if (!store.ok()) return store.status();
  const size_t count = std::min(limit, writes.size());
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < count; ++i) {
    GONGKAI_RETURN_IF_ERROR((*store)->Write(writes[i], /*sync=*/true));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  store->reset();
  RemoveTree(directory);
  return double(count * per_write) / seconds;
}

}  // namespace

int RunCeilingScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--total", 100000}, {"--single", 3000}, {"--connections", 2}, {"--window", 512}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  IntakeFigures f =
      MeasureIntake(o["--total"], 1, 5000, int(o["--connections"]), int(o["--window"]));
  if (!f.error.empty()) {
    err << "gongkai_bench: ceiling: " << f.error << "\n";
    return 1;
  }
  const size_t group = std::max<size_t>(1, size_t(f.mean_group + 0.5));
  auto grouped_writes = RecordIntakeWrites(o["--total"], int64_t(group));
  auto single_writes = RecordIntakeWrites(o["--single"], 1);
  if (!grouped_writes.ok() || !single_writes.ok()) {
    err << "gongkai_bench: ceiling: recording the intake's writes failed\n";
    return 1;
  }
  auto grouped = WriteSynced(*grouped_writes, group, grouped_writes->size());
  auto single = WriteSynced(*single_writes, 1, single_writes->size());
  if (!grouped.ok() || !single.ok()) {
    err << "gongkai_bench: ceiling: a RocksDB write failed\n";
    return 1;
  }
  const double ratio = f.full.per_second / *grouped;
  out << nlohmann::json{{"scenario", "ceiling"},
                        {"commands", o["--total"]},
                        {"group_size", group},
                        {"intake_acks_per_second", f.full.per_second},
                        {"ceiling_grouped_per_second", *grouped},
                        {"ceiling_one_sync_per_command_per_second", *single},
                        {"intake_over_ceiling", ratio}}
             .dump()
      << std::endl;
  err << "ceiling: the intake's own write batches straight into RocksDB, WAL synced, " << group
      << " per write: " << int64_t(*grouped) << " commands/s; one synced write per "
      << "command: " << int64_t(*single) << "/s; intake through the daemon "
      << int64_t(f.full.per_second) << "/s = " << ratio << " of the ceiling\n";
  return 0;
}

int RunIntakeScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--total", 200000},
                                        {"--fixed-total", 50000},
                                        {"--rate", 5000},
                                        {"--connections", 2},
                                        {"--window", 512}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  IntakeFigures f = MeasureIntake(o["--total"], o["--fixed-total"], double(o["--rate"]),
                                  int(o["--connections"]), int(o["--window"]));
  if (!f.error.empty()) {
    err << "gongkai_bench: intake: " << f.error << "\n";
    return 1;
  }
  out << nlohmann::json{{"scenario", "intake"},
                        {"total", o["--total"]},
                        {"connections", o["--connections"]},
                        {"window", o["--window"]},
                        {"acks_per_second", f.full.per_second},
                        {"latency_ms_p50", f.full.p50},
                        {"latency_ms_p99", f.full.p99},
                        {"latency_ms_p999", f.full.p999},
                        {"retries", f.full.retries},
                        {"offered_per_second", o["--rate"]},
                        {"fixed_achieved_per_second", f.fixed.per_second},
                        {"fixed_latency_ms_p50", f.fixed.p50},
                        {"fixed_latency_ms_p99", f.fixed.p99},
                        {"fixed_latency_ms_p999", f.fixed.p999},
                        {"fixed_retries", f.fixed.retries},
                        {"mean_group_size", f.mean_group},
                        {"daemon_peak_rss_bytes", f.rss}}
             .dump()
      << std::endl;
  err << "intake: " << int64_t(f.full.per_second) << " durable acks/s (p50 " << f.full.p50
      << " ms, p99 " << f.full.p99 << " ms, p99.9 " << f.full.p999 << " ms, " << f.full.retries
      << " sent again); at " << o["--rate"] << "/s offered: p50 " << f.fixed.p50 << " ms, p99 "
      << f.fixed.p99 << " ms, p99.9 " << f.fixed.p999 << " ms (" << f.fixed.retries
      << " sent again); mean group " << f.mean_group << "; daemon peak RSS " << f.rss / (1 << 20)
      << " MiB\n";
  return 0;
}

int RunLifecycleScenario(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--lives", 40000}, {"--connections", 2}, {"--window", 512}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  const int64_t lives = o["--lives"];
  LifecycleFigures f = MeasureLifecycle(lives, int(o["--connections"]), int(o["--window"]));
  if (!f.error.empty()) {
    err << "gongkai_bench: lifecycle: " << f.error << "\n";
    return 1;
  }
  out << nlohmann::json{{"scenario", "lifecycle"},
                        {"lives", lives},
                        {"events", f.commands},
                        {"events_per_second", double(f.commands) / f.seconds},
                        {"lives_per_second", double(lives) / f.seconds}}
             .dump()
      << std::endl;
  err << "lifecycle: " << lives << " whole lives (intake, consultation start and end, extension, "
      << "decision): " << int64_t(double(f.commands) / f.seconds) << " events/s\n";
  return 0;
}

}  // namespace gongkai::bench
