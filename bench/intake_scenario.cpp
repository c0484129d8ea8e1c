// intake, lifecycle and ceiling: durable acknowledgements through the real
// daemon over tcp, and the same writes straight into RocksDB.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/store/rocks_store.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"
#include "workers/ledger.h"

namespace gongkai::bench {
namespace {

const Date kToday = MakeDate(2024, 6, 3);
const char* const kAgencies[] = {"210300", "210321", "210381", "21030003", "21030008"};

v1::Command IntakeCommand(const std::string& prefix, int64_t i) {
  v1::Command command;
  command.set_idempotency_key(prefix + std::to_string(i));
  command.set_actor("bench");
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(kToday);
  auto* r = intake->mutable_received();
  r->set_agency_code(kAgencies[i % 5]);
  r->set_channel(v1::CHANNEL_ONLINE);
  r->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  r->set_subject("2024年城市低保对象名单及审批程序");
  r->mutable_applicant()->set_name("张某某");
  r->mutable_applicant()->set_phone("13800000000");
  return command;
}

// A daemon on a fresh data directory, removed at the end.
struct FreshDaemon {
  std::string directory = MakeTempDirectory("gongkai-bench-");
  DaemonProcess daemon;
  std::string error;
  bool Start() {
    if (Status created = InitBenchDirectory(directory); !created.ok()) {
      error = created.message();
      return false;
    }
    return daemon.Start(DaemonPath(),
                        {"--data", directory, "--listen", "tcp://127.0.0.1:*", "--alerts",
                         "tcp://127.0.0.1:*", "--agencies", AgenciesPath(), "--intake-quota", "0",
                         "--clock", "manual:" + FormatDate(kToday)},
                        std::chrono::seconds(60), error);
  }
  // Mean commands per group commit, from the daemon's last line.
  double StopAndMeanGroup() {
    const std::string tail = daemon.Stop();
    long long messages = 0, groups = 0;
    const size_t at = tail.find("served ");
    if (at != std::string::npos) {
      std::sscanf(tail.c_str() + at, "served %lld messages in %lld groups", &messages, &groups);
    }
    return groups > 0 ? double(messages) / double(groups) : 0;
  }
  ~FreshDaemon() {
    daemon.Stop();
    RemoveTree(directory);
  }
};

struct IntakeFigures {
  double acks_per_second = 0, p50 = 0, p99 = 0, p999 = 0;
  double fixed_p50 = 0, fixed_p99 = 0, fixed_p999 = 0, fixed_achieved = 0;
  double mean_group = 0;
  int64_t retries = 0, fixed_retries = 0;  // Sent again (silence, resource_exhausted).
  long rss = 0;
  std::string error;
};

IntakeFigures MeasureIntake(int64_t total, int64_t fixed_total, double rate, int connections,
                            int window) {
  IntakeFigures f;
  FreshDaemon fresh;
  if (!fresh.Start()) {
    f.error = fresh.error;
    return f;
  }
  LoadOptions full{fresh.daemon.endpoint(), connections, window, 0, total};
  LoadResult loaded = RunLoad(full, [](int64_t i) { return IntakeCommand("full-", i); });
  if (loaded.failed > 0 || loaded.ok != total) {
    f.error = "intake failed: " + loaded.first_failure;
    return f;
  }
  f.acks_per_second = double(loaded.ok) / loaded.seconds;
  f.retries = loaded.retries;
  f.p50 = Percentile(loaded.latencies_ms, 50);
  f.p99 = Percentile(loaded.latencies_ms, 99);
  f.p999 = Percentile(loaded.latencies_ms, 99.9);
  LoadOptions fixed{fresh.daemon.endpoint(), connections, 4096, rate, fixed_total};
  LoadResult paced = RunLoad(fixed, [](int64_t i) { return IntakeCommand("fixed-", i); });
  if (paced.failed > 0 || paced.ok != fixed_total) {
    f.error = "paced intake failed: " + paced.first_failure;
    return f;
  }
  f.fixed_retries = paced.retries;
  f.fixed_achieved = double(paced.ok) / paced.seconds;
  f.fixed_p50 = Percentile(paced.latencies_ms, 50);
  f.fixed_p99 = Percentile(paced.latencies_ms, 99);
  f.fixed_p999 = Percentile(paced.latencies_ms, 99.9);
  f.rss = fresh.daemon.PeakRssBytes();
  f.mean_group = fresh.StopAndMeanGroup();
  return f;
}

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
  auto ledger = Ledger::Open(recording, std::make_unique<ManualClock>(kToday), Calendar::Builtin(),
                             std::move(agencies).value(), BulkLedgerOptions());
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
  const double ratio = f.acks_per_second / *grouped;
  out << nlohmann::json{{"scenario", "ceiling"},
                        {"commands", o["--total"]},
                        {"group_size", group},
                        {"intake_acks_per_second", f.acks_per_second},
                        {"ceiling_grouped_per_second", *grouped},
                        {"ceiling_one_sync_per_command_per_second", *single},
                        {"intake_over_ceiling", ratio}}
             .dump()
      << std::endl;
  err << "ceiling: the intake's own write batches straight into RocksDB, WAL synced, " << group
      << " per write: " << int64_t(*grouped) << " commands/s; one synced write per "
      << "command: " << int64_t(*single) << "/s; intake through the daemon "
      << int64_t(f.acks_per_second) << "/s = " << ratio << " of the ceiling\n";
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
                        {"acks_per_second", f.acks_per_second},
                        {"latency_ms_p50", f.p50},
                        {"latency_ms_p99", f.p99},
                        {"latency_ms_p999", f.p999},
                        {"retries", f.retries},
                        {"offered_per_second", o["--rate"]},
                        {"fixed_achieved_per_second", f.fixed_achieved},
                        {"fixed_latency_ms_p50", f.fixed_p50},
                        {"fixed_latency_ms_p99", f.fixed_p99},
                        {"fixed_latency_ms_p999", f.fixed_p999},
                        {"fixed_retries", f.fixed_retries},
                        {"mean_group_size", f.mean_group},
                        {"daemon_peak_rss_bytes", f.rss}}
             .dump()
      << std::endl;
  err << "intake: " << int64_t(f.acks_per_second) << " durable acks/s (p50 " << f.p50 << " ms, p99 "
      << f.p99 << " ms, p99.9 " << f.p999 << " ms, " << f.retries << " sent again); at "
      << o["--rate"] << "/s offered: p50 " << f.fixed_p50 << " ms, p99 " << f.fixed_p99
      << " ms, p99.9 " << f.fixed_p999 << " ms (" << f.fixed_retries << " sent again); mean group "
      << f.mean_group << "; daemon peak RSS " << f.rss / (1 << 20) << " MiB\n";
  return 0;
}

int RunLifecycleScenario(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--lives", 40000}, {"--connections", 2}, {"--window", 512}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  FreshDaemon fresh;
  if (!fresh.Start()) {
    err << "gongkai_bench: lifecycle: " << fresh.error << "\n";
    return 1;
  }
  const int64_t lives = o["--lives"];
  // Intakes first (the engine assigns the ids), then the four events of
  // every life: ids are <agency>-2024-<n> in order per agency.
  LoadOptions intake{fresh.daemon.endpoint(), int(o["--connections"]), int(o["--window"]), 0,
                     lives};
  LoadResult first = RunLoad(intake, [](int64_t i) { return IntakeCommand("life-", i); });
  auto event = [&](int64_t i) {
    const int64_t life = i % lives, step = i / lives;
    char id[48];
    std::snprintf(id, sizeof id, "%s-2024-%06lld", kAgencies[life % 5],
                  static_cast<long long>(life / 5 + 1));
    v1::Command command;
    command.set_idempotency_key("event-" + std::to_string(i));
    v1::Event* e = command.mutable_record_event()->mutable_event();
    e->set_request_id(id);
    *e->mutable_on() = ToCivil(kToday);
    if (step == 0) e->mutable_consultation_started()->set_party("第三方");
    if (step == 1) e->mutable_consultation_ended();
    if (step == 2) e->mutable_extension_approved()->set_approved_by("主任");
    if (step == 3) e->mutable_decided()->set_outcome(v1::OUTCOME_GRANTED);
    return command;
  };
  // Steps in order: every life's step k is acknowledged before step k+1.
  double seconds = first.seconds;
  int64_t ok = first.ok, failed = first.failed;
  std::string failure = first.first_failure;
  for (int step = 0; step < 4; ++step) {
    LoadOptions events{fresh.daemon.endpoint(), int(o["--connections"]), int(o["--window"]), 0,
                       lives};
    LoadResult r = RunLoad(events, [&](int64_t i) { return event(step * lives + i); });
    seconds += r.seconds;
    ok += r.ok;
    failed += r.failed;
    if (failure.empty()) failure = r.first_failure;
  }
  if (failed > 0) {
    err << "gongkai_bench: lifecycle: " << failed << " refused: " << failure << "\n";
    return 1;
  }
  out << nlohmann::json{{"scenario", "lifecycle"},
                        {"lives", lives},
                        {"events", ok},
                        {"events_per_second", double(ok) / seconds},
                        {"lives_per_second", double(lives) / seconds}}
             .dump()
      << std::endl;
  err << "lifecycle: " << lives << " whole lives (intake, consultation start and end, extension, "
      << "decision): " << int64_t(double(ok) / seconds) << " events/s\n";
  return 0;
}

}  // namespace gongkai::bench
