// The intake and lifecycle work of the benchmarks, shared by the intake,
// lifecycle and ceiling scenarios and by peer-postgres (which runs the same
// work against PostgreSQL and against gongkai in one process run): the
// commands, a daemon on a fresh directory, and the measured runs.
//
// Every run checks its answers: a figure is returned only when every
// command was acknowledged ok (otherwise `error` says what failed).
// Thread safety: none needed; each call owns what it starts.
#ifndef GONGKAI_BENCH_INTAKE_WORK_H_
#define GONGKAI_BENCH_INTAKE_WORK_H_

#include <cstdint>
#include <string>

#include "daemon_process.h"
#include "engine/date.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::bench {

// The manual clock's day of every intake benchmark (2024-06-03).
Date IntakeBenchToday();
// The five agencies intakes are spread over, in turn (agency of i: i % 5).
extern const char* const kIntakeAgencies[5];

// Intake number `i`: idempotency key `prefix` + i, agency kIntakeAgencies[i
// % 5], received online today from a natural person (name and phone).
v1::Command IntakeCommand(const std::string& prefix, int64_t i);

// Event number `i` of `lives` whole lives registered by IntakeCommand (ids
// <agency>-2024-<n>, n in order per agency): life i % lives, step i / lives
// (0 consultation started, 1 ended, 2 extension approved, 3 decided).
v1::Command LifecycleEventCommand(int64_t lives, int64_t i);

// A gongkaid on a fresh data directory (bench/bench_identity.h: CURVE, the
// operator "bench"), stopped and removed on destruction.
struct FreshDaemon {
  std::string directory;
  DaemonProcess daemon;
  std::string error;  // Why Start failed.
  FreshDaemon();
  [[nodiscard]] bool Start();
  // Stops the daemon; the mean commands per group commit from its last line.
  double StopAndMeanGroup();
  ~FreshDaemon();
};

// One measured run of the load client.
struct RunFigures {
  double per_second = 0;              // Acknowledged commands per second.
  double p50 = 0, p99 = 0, p999 = 0;  // Latency, ms (from when each was due).
  int64_t acknowledged = 0, retries = 0;
  std::string error;  // Not empty: a command was not acknowledged ok.
};

// Sends IntakeCommand(prefix, 0..total-1) to `endpoint` over `connections`
// DEALER sockets with `window` in flight each, as fast as replies come
// (`rate` 0) or at `rate` per second offered.
RunFigures RunIntakes(const std::string& endpoint, const std::string& prefix, int64_t total,
                      int connections, int window, double rate = 0);

// The intake scenario's figures: a run as fast as possible, then an
// open-loop run at a fixed rate, on one fresh daemon.
struct IntakeFigures {
  RunFigures full, fixed;
  double mean_group = 0;
  long rss = 0;  // The daemon's peak RSS, bytes.
  std::string error;
};
IntakeFigures MeasureIntake(int64_t total, int64_t fixed_total, double rate, int connections,
                            int window);

// `lives` intakes, then the four events of every life, each step of every
// life acknowledged before the next step is sent, on one fresh daemon.
struct LifecycleFigures {
  int64_t commands = 0;      // Intakes and events acknowledged.
  double seconds = 0;        // All of it.
  double event_seconds = 0;  // The four event steps only.
  std::string error;
};
LifecycleFigures MeasureLifecycle(int64_t lives, int connections, int window);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_INTAKE_WORK_H_
