#include "intake_work.h"

#include <cstdio>

#include "bench_identity.h"
#include "engine/civil_date.h"
#include "engine/strings.h"
#include "load_client.h"
#include "populate.h"

namespace gongkai::bench {

Date IntakeBenchToday() { return MakeDate(2024, 6, 3); }

const char* const kIntakeAgencies[5] = {"210300", "210321", "210381", "21030003", "21030008"};

v1::Command IntakeCommand(const std::string& prefix, int64_t i) {
  v1::Command command;
  command.set_idempotency_key(prefix + std::to_string(i));
  command.set_actor("bench");
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(IntakeBenchToday());
  auto* r = intake->mutable_received();
  r->set_agency_code(kIntakeAgencies[i % 5]);
  r->set_channel(v1::CHANNEL_ONLINE);
  r->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  r->set_subject("2024年城市低保对象名单及审批程序");
  r->mutable_applicant()->set_name("张某某");
  r->mutable_applicant()->set_phone("13800000000");
  return command;
}

v1::Command LifecycleEventCommand(int64_t lives, int64_t i) {
  const int64_t life = i % lives, step = i / lives;
  char id[48];
  std::snprintf(id, sizeof id, "%s-2024-%06lld", kIntakeAgencies[life % 5],
                static_cast<long long>(life / 5 + 1));
  v1::Command command;
  command.set_idempotency_key("event-" + std::to_string(i));
  v1::Event* e = command.mutable_record_event()->mutable_event();
  e->set_request_id(id);
  *e->mutable_on() = ToCivil(IntakeBenchToday());
  if (step == 0) e->mutable_consultation_started()->set_party("第三方");
  if (step == 1) e->mutable_consultation_ended();
  if (step == 2) e->mutable_extension_approved()->set_approved_by("主任");
  if (step == 3) e->mutable_decided()->set_outcome(v1::OUTCOME_GRANTED);
  return command;
}

FreshDaemon::FreshDaemon() : directory(MakeTempDirectory("gongkai-bench-")) {}

bool FreshDaemon::Start() {
  if (Status created = InitBenchDirectory(directory); !created.ok()) {
    error = created.message();
    return false;
  }
  return daemon.Start(DaemonPath(), BenchDaemonArgs(directory, FormatDate(IntakeBenchToday())),
                      std::chrono::seconds(60), error);
}

double FreshDaemon::StopAndMeanGroup() {
  const std::string tail = daemon.Stop();
  long long messages = 0, groups = 0;
  const size_t at = tail.find("served ");
  if (at != std::string::npos) {
    std::sscanf(tail.c_str() + at, "served %lld messages in %lld groups", &messages, &groups);
  }
  return groups > 0 ? double(messages) / double(groups) : 0;
}

FreshDaemon::~FreshDaemon() {
  daemon.Stop();
  RemoveTree(directory);
}

RunFigures RunIntakes(const std::string& endpoint, const std::string& prefix, int64_t total,
                      int connections, int window, double rate) {
  RunFigures f;
  LoadOptions options{endpoint, connections, window, rate, total};
  LoadResult r = RunLoad(options, [&](int64_t i) { return IntakeCommand(prefix, i); });
  if (r.failed > 0 || r.ok != total) {
    f.error = StrCat({"intake failed (", std::to_string(r.ok), " of ", std::to_string(total),
                      " acknowledged): ", r.first_failure});
    return f;
  }
  f.acknowledged = r.ok;
  f.per_second = double(r.ok) / r.seconds;
  f.retries = r.retries;
  f.p50 = Percentile(r.latencies_ms, 50);
  f.p99 = Percentile(r.latencies_ms, 99);
  f.p999 = Percentile(r.latencies_ms, 99.9);
  return f;
}

IntakeFigures MeasureIntake(int64_t total, int64_t fixed_total, double rate, int connections,
                            int window) {
  IntakeFigures f;
  FreshDaemon fresh;
  if (!fresh.Start()) {
    f.error = fresh.error;
    return f;
  }
  f.full = RunIntakes(fresh.daemon.endpoint(), "full-", total, connections, window);
  if (!f.full.error.empty()) {
    f.error = f.full.error;
    return f;
  }
  f.fixed = RunIntakes(fresh.daemon.endpoint(), "fixed-", fixed_total, connections, 4096, rate);
  if (!f.fixed.error.empty()) {
    f.error = StrCat({"paced ", f.fixed.error});
    return f;
  }
  f.rss = fresh.daemon.PeakRssBytes();
  f.mean_group = fresh.StopAndMeanGroup();
  return f;
}

LifecycleFigures MeasureLifecycle(int64_t lives, int connections, int window) {
  LifecycleFigures f;
  FreshDaemon fresh;
  if (!fresh.Start()) {
    f.error = fresh.error;
    return f;
  }
  // Intakes first (the engine assigns the ids), then the four events of
  // every life: ids are <agency>-2024-<n> in order per agency.
  LoadOptions intake{fresh.daemon.endpoint(), connections, window, 0, lives};
  LoadResult first = RunLoad(intake, [](int64_t i) { return IntakeCommand("life-", i); });
  int64_t failed = first.failed;
  std::string failure = first.first_failure;
  f.commands = first.ok;
  // Steps in order: every life's step k is acknowledged before step k+1.
  for (int step = 0; step < 4; ++step) {
    LoadOptions events{fresh.daemon.endpoint(), connections, window, 0, lives};
    LoadResult r =
        RunLoad(events, [&](int64_t i) { return LifecycleEventCommand(lives, step * lives + i); });
    f.event_seconds += r.seconds;
    f.commands += r.ok;
    failed += r.failed;
    if (failure.empty()) failure = r.first_failure;
  }
  f.seconds = first.seconds + f.event_seconds;
  if (failed > 0 || f.commands != 5 * lives) {
    f.error = StrCat({std::to_string(failed), " refused: ", failure});
  }
  return f;
}

}  // namespace gongkai::bench
