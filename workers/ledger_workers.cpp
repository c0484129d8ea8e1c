#include "workers/ledger_workers.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/keys.h"
#include "engine/strings.h"
#include "engine/wire_status.h"
#include "workers/backup.h"
#include "workers/ledger_reader.h"

namespace gongkai {
namespace {

constexpr std::chrono::milliseconds kWorkerWait(100);
// How long a failed sweep of a retention backlog waits before the next try.
constexpr std::chrono::minutes kBacklogRetry(1);

// --- The ledger thread ---------------------------------------------------

void Publish(Ledger& ledger, zmq::socket_t* publisher, const std::vector<v1::Alert>& alerts) {
  if (alerts.empty()) return;
  if (publisher != nullptr) {
    for (const auto& alert : alerts) {
      const std::string topic = IsReminderLevel(alert.level())
                                    ? kReminderTopicPrefix + alert.agency_path()
                                    : alert.agency_path();
      // A wake-up: the alert itself comes from a fetch, within one's scope.
      publisher->send(zmq::buffer(topic), zmq::send_flags::sndmore);
      publisher->send(zmq::buffer(std::to_string(alert.sequence())), zmq::send_flags::dontwait);
    }
  }
  // Losing this mark in a crash only republishes (see the header).
  if (Status marked = ledger.MarkPublished(alerts); !marked.ok()) {
    spdlog::warn("alerts: cannot note {} alerts as published: {}", alerts.size(), marked.message());
  }
}

void PublishRecorded(Ledger& ledger, zmq::socket_t* publisher, bool crash_after_recording) {
  const std::vector<v1::Alert> alerts = ledger.TakeRecordedAlerts();
  if (!alerts.empty() && crash_after_recording) std::_Exit(70);
  Publish(ledger, publisher, alerts);
}

// Logs a retention backlog that the last sweep began.
void NoteBacklogStart(bool had_backlog, const Ledger& ledger) {
  if (!had_backlog && ledger.retention_backlog()) {
    spdlog::info("retention: more erasures due than one sweep makes; going on while idle");
  }
}

// Publishes what a crash left unpublished, then sweeps once.
void StartLedger(Ledger& ledger, zmq::socket_t* publisher, bool crash_after_recording) {
  auto unpublished = ledger.UnpublishedAlerts();
  if (unpublished.ok()) {
    Publish(ledger, publisher, *unpublished);
  } else {
    spdlog::error("alerts: cannot read the unpublished alerts: {}", unpublished.status().message());
  }
  if (Status swept = ledger.Sweep(); !swept.ok()) {
    spdlog::error("sweep at start failed: {}", swept.message());
  }
  NoteBacklogStart(false, ledger);
  PublishRecorded(ledger, publisher, crash_after_recording);
}

// One more bounded sweep of a retention backlog. A failure is logged once
// until a sweep succeeds again (`failing` remembers).
void SweepBacklog(Ledger& ledger, zmq::socket_t* publisher, bool crash_after_recording,
                  bool& failing) {
  const Status swept = ledger.Sweep();
  if (!swept.ok() && !failing) spdlog::error("retention sweep failed: {}", swept.message());
  failing = !swept.ok();
  if (swept.ok() && !ledger.retention_backlog()) {
    spdlog::info("retention: every erasure due is done");
  }
  PublishRecorded(ledger, publisher, crash_after_recording);
}

void LogRefusals(const std::vector<Job>& jobs, const std::vector<v1::Reply>& replies) {
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (replies[i].code() == v1::STATUS_CODE_OK) continue;
    // Refusal messages never hold personal data (engine/status.h).
    spdlog::info("refused {} from {}: {}: {}", KindOf(jobs[i].command), Who(jobs[i]),
                 CodeOf(replies[i].code()), replies[i].message());
  }
}

}  // namespace

std::string KindOf(const v1::Command& command) {
  const auto* field = command.GetDescriptor()->FindFieldByNumber(int(command.body_case()));
  return field != nullptr ? field->name() : "empty command";
}

Outgoing ReplyTo(Job& job, const v1::Reply& reply, bool query) {
  return Outgoing{
      std::move(job.peer), job.order,   std::move(job.envelope), reply.SerializeAsString(), query,
      job.internal,        std::nullopt};
}

std::string Who(const Job& job) {
  if (job.internal) return "gongkaid";
  return job.caller.via.empty() ? job.caller.principal.name()
                                : job.caller.principal.name() + " via " + job.caller.via;
}

void LedgerLoop(Ledger& ledger, zmq::socket_t* publisher, LedgerServer::Shared& shared,
                const LedgerServerOptions& options, const std::atomic<bool>& stop,
                std::atomic<uint64_t>& groups) {
  NameThisThread("gk-ledger");
  StartLedger(ledger, publisher, options.crash_after_recording_alerts);
  bool sweep_failing = false;
  std::chrono::steady_clock::time_point next_backlog_sweep;
  while (!stop.load()) {
    std::vector<Job> jobs =
        shared.changes.Pop(options.max_group, options.max_group_bytes, kWorkerWait);
    if (jobs.empty() && ledger.retention_backlog() &&
        std::chrono::steady_clock::now() >= next_backlog_sweep) {
      // Idle with erasures still due: another bounded sweep (the log says
      // when a backlog starts and ends); after a failure, a minute later.
      shared.gate.BeginGroup();
      SweepBacklog(ledger, publisher, options.crash_after_recording_alerts, sweep_failing);
      shared.gate.EndGroup();
      if (sweep_failing) next_backlog_sweep = std::chrono::steady_clock::now() + kBacklogRetry;
    }
    if (jobs.empty()) {
      // Idle: the audit records of queries and refusals are written now.
      if (Status flushed = ledger.FlushAudit(); !flushed.ok()) {
        spdlog::error("audit: cannot write the audit log: {}", flushed.message());
      }
      continue;
    }
    std::vector<v1::Command> commands;
    std::vector<Caller> callers;
    for (const Job& job : jobs) {
      commands.push_back(job.command);
      callers.push_back(job.internal ? Caller{} : job.caller);
    }
    const bool had_backlog = ledger.retention_backlog();
    shared.gate.BeginGroup();
    const std::vector<v1::Reply> replies = ledger.HandleGroup(commands, callers);
    shared.gate.EndGroup();
    NoteBacklogStart(had_backlog, ledger);  // A new day's sweep, say.
    ++groups;
    LogRefusals(jobs, replies);
    std::vector<Outgoing> out;
    for (size_t i = 0; i < jobs.size(); ++i) out.push_back(ReplyTo(jobs[i], replies[i], false));
    shared.replies.Push(std::move(out));
    PublishRecorded(ledger, publisher, options.crash_after_recording_alerts);
  }
}

namespace {

// --- The readers ---------------------------------------------------------

// An admin backup, on a reader thread, one at a time.
v1::Reply Backup(const v1::Command& command, LedgerServer::Shared& shared,
                 const LedgerServerOptions& options) {
  if (!options.backup) {
    return ReplyFor(FailedPreconditionError("this engine has no store to back up"));
  }
  if (shared.backing_up.exchange(true)) {
    return ReplyFor(FailedPreconditionError(
        "another backup is being made: wait until it is done (the engine's log says when), then "
        "retry"));
  }
  StatusOr<v1::BackupInfo> made = options.backup(command.admin_backup().directory());
  shared.backing_up.store(false);
  if (!made.ok()) return ReplyFor(made.status());
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_message(DescribeBackup(*made));
  *reply.mutable_backup() = std::move(made).value();
  return reply;
}

}  // namespace

void ReaderLoop(Ledger& ledger, LedgerServer::Shared& shared, const LedgerServerOptions& options,
                const std::atomic<bool>& stop) {
  NameThisThread("gk-reader");
  YieldToServing();
  while (!stop.load()) {
    std::vector<Job> jobs = shared.queries.Pop(1, SIZE_MAX, kWorkerWait);
    for (Job& job : jobs) {
      const auto started = std::chrono::steady_clock::now();
      const auto state = job.state != nullptr ? job.state : ledger.read_state();
      const bool backup = job.command.has_admin_backup();
      v1::Reply reply;
      LedgerReader reader(ledger.reader_config(), state);
      if (backup) {
        reply = Backup(job.command, shared, options);
        *reply.mutable_today() = ToCivil(state->today);
      } else {
        reader.set_pause([&shared] { shared.gate.PauseWhileWriting(); });
        reply = reader.Handle(job.command, job.internal ? nullptr : &job.caller.principal);
      }
      std::optional<v1::AuditRecord> audit;
      if (!job.internal) audit = AuditOf(job.command, &job.caller, reply, state->today);
      if (audit && job.command.has_login()) reader.NameLoginAttempt(job.command, reply, *audit);
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      if (took > options.slow_query && !backup) {
        spdlog::warn("slow query: {} took {} ms", KindOf(job.command), took.count());
      }
      std::vector<Outgoing> out;
      out.push_back(ReplyTo(job, reply, true));
      out.back().audit = std::move(audit);
      shared.query_replies.Push(std::move(out));
    }
  }
}

}  // namespace gongkai
