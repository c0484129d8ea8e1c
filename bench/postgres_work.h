// The intake and lifecycle work of bench/intake_work.h as a records tracker
// on PostgreSQL does it (bench/peers/postgres/schema.sql), with prepared
// statements, for pg_load.h's load generator; and the checks of what a run
// left in the tables.
//
// An intake is one transaction: its idempotency key, the request, its
// first event. A lifecycle event is one transaction: its idempotency key,
// the event, the request's new status and due date. The request ids and
// keys of a run carry its `run` tag, so runs never collide.
// Thread safety: the Send functions may run on several threads, one
// connection each.
#ifndef GONGKAI_BENCH_POSTGRES_WORK_H_
#define GONGKAI_BENCH_POSTGRES_WORK_H_

#include <libpq-fe.h>

#include <cstdint>
#include <string>

#include "engine/status.h"

namespace gongkai::bench {

// Runs the schema file at `schema_path` on the server.
[[nodiscard]] Status LoadPgSchema(const std::string& conninfo, const std::string& schema_path);

// The server's durability settings ("fsync=on full_page_writes=on ...");
// FailedPrecondition when fsync, synchronous_commit or full_page_writes is
// not on (a run would not measure durable commits).
StatusOr<std::string> CheckPgDurability(const std::string& conninfo);

// Empties the three tables and checkpoints: every run starts alike.
[[nodiscard]] Status ResetPgTables(const std::string& conninfo);

// Prepares the intake's and the lifecycle's statements on `connection`.
[[nodiscard]] Status PreparePgStatements(PGconn* connection);

// Queues intake `i` of run `run` (agency kIntakeAgencies[i % 5], the
// applicant and subject of IntakeCommand, due 20 working days after
// 2024-06-03).
bool SendPgIntake(PGconn* connection, const std::string& run, int64_t i);

// Queues lifecycle event `i` on the first `lives` intakes of run `run`:
// life i % lives, step i / lives (< 4) as LifecycleEventCommand's steps,
// event number step + 2 of its request.
bool SendPgLifecycleEvent(PGconn* connection, const std::string& run, int64_t lives, int64_t i);

// Ok when the tables hold exactly `intakes` whole intakes (a request, its
// first event, its key, each) and `events` lifecycle events more, and every
// request's status is the kind of its last event; else Internal saying
// what differs.
[[nodiscard]] Status CheckPgTables(const std::string& conninfo, int64_t intakes, int64_t events);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_POSTGRES_WORK_H_
