// peer-postgres: the same durable intake (and lifecycle) work on PostgreSQL
// 15 and on gongkai, in one process run, interleaved (PostgreSQL's runs,
// then gongkai's, then PostgreSQL's ...) so that the machine's noise falls
// on both. bench/peers/postgres/README.md says what is tried for
// PostgreSQL and why.
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/strings.h"
#include "intake_work.h"
#include "load_client.h"
#include "pg_load.h"
#include "postgres_server.h"
#include "postgres_work.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

std::string PeerFile(const std::string& name) {
  return StrCat({GONGKAI_PEER_POSTGRES_DIR, "/", name});
}

// One way of driving PostgreSQL: `connections` x `depth` in flight, with or
// without commit_delay.
struct PgConfig {
  int connections = 32, depth = 1;
  bool commit_delay = false;
  int in_flight() const { return connections * depth; }
  std::string Name() const {
    return StrCat({std::to_string(connections), "x", std::to_string(depth),
                   commit_delay ? "+commit_delay" : ""});
  }
};

struct Settings {
  double seconds = 3;
  int commit_delay_us = 0, commit_siblings = 5, pg_threads = 2, depth = 4;
  int connections = 2, window = 512;  // gongkai's client, at full load.
};

struct PgRun {
  double per_second = 0, p50 = 0, p99 = 0;
  int64_t acknowledged = 0;
  std::string error;
};

PgLoadOptions OptionsFor(const std::string& conninfo, const PgConfig& c, const Settings& s) {
  PgLoadOptions o;
  o.conninfo = conninfo;
  o.connections = c.connections;
  o.depth = c.depth;
  o.threads = s.pg_threads;
  o.duration = std::chrono::duration<double>(s.seconds);
  o.prepare = PreparePgStatements;
  if (c.commit_delay) {
    o.session_settings = {StrCat({"SET commit_delay = ", std::to_string(s.commit_delay_us)}),
                          StrCat({"SET commit_siblings = ", std::to_string(s.commit_siblings)})};
  }
  return o;
}

PgRun Summarise(StatusOr<PgLoadResult>& loaded) {
  PgRun run;
  if (!loaded.ok()) {
    run.error = loaded.status().message();
  } else if (loaded->failed > 0 || loaded->ok == 0) {
    run.error =
        StrCat({std::to_string(loaded->failed), " transactions failed: ", loaded->first_failure});
  } else {
    run.acknowledged = loaded->ok;
    run.per_second = double(loaded->ok) / loaded->seconds;
    run.p50 = Percentile(loaded->latencies_ms, 50);
    run.p99 = Percentile(loaded->latencies_ms, 99);
  }
  return run;
}

// Intakes on emptied tables (closed loop, or `rate` per second offered for
// `s.seconds`), then the tables checked against the acknowledgements.
PgRun PgIntakes(const std::string& conninfo, const PgConfig& c, const Settings& s,
                const std::string& run, double rate = 0) {
  if (Status reset = ResetPgTables(conninfo); !reset.ok()) {
    PgRun failed;
    failed.error = reset.message();
    return failed;
  }
  PgLoadOptions o = OptionsFor(conninfo, c, s);
  if (rate > 0) {
    o.offered_per_second = rate;
    o.limit = int64_t(rate * s.seconds);
  }
  auto loaded = RunPgLoad(o, [&](PGconn* pg, int64_t i) { return SendPgIntake(pg, run, i); });
  PgRun result = Summarise(loaded);
  if (Status checked = CheckPgTables(conninfo, result.acknowledged, 0);
      result.error.empty() && !checked.ok()) {
    result.error = checked.message();
  }
  return result;
}

// Lifecycle events (an event and the request's new status and due date per
// transaction) over the requests of a closed-loop intake run before them.
PgRun PgLifecycle(const std::string& conninfo, const PgConfig& c, const Settings& s) {
  PgRun intakes = PgIntakes(conninfo, c, s, "life");
  if (!intakes.error.empty()) return intakes;
  PgLoadOptions o = OptionsFor(conninfo, c, s);
  const int64_t lives = intakes.acknowledged;
  o.limit = 4 * lives;
  auto loaded = RunPgLoad(
      o, [&](PGconn* pg, int64_t i) { return SendPgLifecycleEvent(pg, "life", lives, i); });
  PgRun result = Summarise(loaded);
  if (Status checked = CheckPgTables(conninfo, lives, result.acknowledged);
      result.error.empty() && !checked.ok()) {
    result.error = checked.message();
  }
  return result;
}

// gongkai's intake on a fresh daemon: `total` with `window` in flight on
// each of `connections` connections, or at `rate` per second offered.
RunFigures GongkaiIntakes(int64_t total, int connections, int window, double rate = 0) {
  FreshDaemon fresh;
  if (!fresh.Start()) {
    RunFigures failed;
    failed.error = fresh.error;
    return failed;
  }
  return RunIntakes(fresh.daemon.endpoint(), "peer-", total, connections, window, rate);
}

// The configurations tried at a concurrency (in flight): one transaction
// per connection, the same with commit_delay, and, when `pipelined`, a
// quarter of the connections with `depth` transactions pipelined each.
std::vector<PgConfig> ConfigsAt(int in_flight, int depth, bool pipelined) {
  std::vector<PgConfig> configs = {{in_flight, 1, false}, {in_flight, 1, true}};
  if (pipelined && depth > 1 && in_flight % depth == 0) {
    configs.push_back({in_flight / depth, depth, false});
  }
  return configs;
}

struct PgBest {
  double per_second = 0;
  PgConfig config;
  void Offer(double rate, const PgConfig& c) {
    if (rate > per_second) *this = {rate, c};
  }
};

// The intake runs, interleaved: at each level, PostgreSQL's configurations,
// then one gongkai run (at 32 in flight and at full load in turn, each at
// least once a round).
class IntakeRounds {
 public:
  IntakeRounds(const std::string& conninfo, const Settings& s, std::vector<int> levels)
      : conninfo_(conninfo), s_(s), levels_(std::move(levels)) {}

  // "" or what failed.
  std::string Run(int64_t rounds) {
    for (int64_t round = 0; round < rounds; ++round) {
      bool ran[2] = {false, false};  // At 32, at full load.
      for (size_t level = 0; level < levels_.size(); ++level) {
        // Pipelining at 32 (the comparison's point) and at the highest level.
        const bool pipelined = levels_[level] == 32 || level + 1 == levels_.size();
        for (const PgConfig& c : ConfigsAt(levels_[level], s_.depth, pipelined)) {
          if (std::string e = RunPostgres(c, round); !e.empty()) return e;
        }
        if (std::string e = RunGongkai(level % 2 == 0); !e.empty()) return e;
        ran[level % 2] = true;
      }
      for (int k = 0; k < 2; ++k) {
        if (std::string e = ran[k] ? "" : RunGongkai(k == 0); !e.empty()) return e;
      }
    }
    return "";
  }

  nlohmann::json pg_rates = nlohmann::json::object();  // {"32": {"32x1": best}}
  PgBest pg_best, pg_best_32;
  std::vector<double> gongkai_runs[2];  // At 32, at full load.
  double gongkai_best[2] = {0, 0};
  int at32_connections() const { return std::min(s_.connections, 32); }
  int at32_window() const { return 32 / at32_connections(); }

 private:
  std::string RunPostgres(const PgConfig& c, int64_t round) {
    const PgRun r = PgIntakes(conninfo_, c, s_, StrCat({"r", std::to_string(round)}));
    if (!r.error.empty()) return StrCat({"PostgreSQL ", c.Name(), ": ", r.error});
    auto& slot = pg_rates[std::to_string(c.in_flight())][c.Name()];
    slot = std::max(slot.is_number() ? slot.get<double>() : 0.0, r.per_second);
    pg_best.Offer(r.per_second, c);
    if (c.in_flight() == 32) pg_best_32.Offer(r.per_second, c);
    return "";
  }

  // Runs of about s_.seconds, sized by the last run's rate.
  std::string RunGongkai(bool at32) {
    const int k = at32 ? 0 : 1;
    const int64_t total = std::max<int64_t>(10000, int64_t(estimate_[k] * s_.seconds));
    RunFigures f = at32 ? GongkaiIntakes(total, at32_connections(), at32_window())
                        : GongkaiIntakes(total, s_.connections, s_.window);
    if (!f.error.empty()) return StrCat({"gongkai: ", f.error});
    estimate_[k] = f.per_second;
    gongkai_runs[k].push_back(f.per_second);
    gongkai_best[k] = std::max(gongkai_best[k], f.per_second);
    return "";
  }

  const std::string conninfo_;
  const Settings s_;
  const std::vector<int> levels_;
  double estimate_[2] = {15000, 30000};  // Acks/s.
};

// Half the mean WAL flush measured in a warm-up (the rule PostgreSQL's
// documentation gives for commit_delay), within [10 us, 100 ms].
StatusOr<int> WarmUpAndChooseCommitDelay(const std::string& pg, const Settings& s,
                                         double& flush_ms) {
  GONGKAI_RETURN_IF_ERROR(PgQuery(pg, "SELECT pg_stat_reset_shared('wal')").status());
  Settings warm_up = s;
  warm_up.seconds = 1;
  if (PgRun warm = PgIntakes(pg, {32, 1, false}, warm_up, "warm"); !warm.error.empty()) {
    return InternalError(StrCat({"PostgreSQL warm-up: ", warm.error}));
  }
  auto mean = PgQuery(pg, "SELECT wal_sync_time / greatest(wal_sync, 1) FROM pg_stat_wal");
  if (!mean.ok()) return mean.status();
  auto [end, ec] = std::from_chars(mean->data(), mean->data() + mean->size(), flush_ms);
  if (ec != std::errc() || flush_ms <= 0) {
    return InternalError(StrCat({"no WAL flush time measured (", *mean, ")"}));
  }
  return std::clamp(int(flush_ms * 500), 10, 100000);
}

std::vector<int> Levels(int64_t concurrency) {
  if (concurrency == 0) return {8, 32, 64, 128};
  if (concurrency == 32) return {32};
  return {32, int(concurrency)};
}

}  // namespace

int RunPeerPostgresScenario(const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--seconds", 3},         {"--rounds", 2},          {"--concurrency", 0}, {"--rate", 5000},
      {"--commit-delay-us", 0}, {"--commit-siblings", 5}, {"--depth", 4},       {"--pg-threads", 2},
      {"--connections", 2},     {"--window", 512},        {"--lives", 10000}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  if (o["--seconds"] < 1 || o["--rounds"] < 1 || o["--concurrency"] > 190 || o["--rate"] < 1 ||
      o["--commit-delay-us"] > 100000 || o["--commit-siblings"] > 1000 || o["--depth"] < 1 ||
      o["--pg-threads"] < 1 || o["--connections"] < 1 || o["--connections"] > 32 ||
      o["--window"] < 1 || o["--lives"] < 5) {
    err << "gongkai_bench: peer-postgres: --seconds, --rounds, --rate, --depth, --pg-threads, "
           "--connections (<= 32), --window >= 1, --lives >= 5, --concurrency <= 190, "
           "--commit-delay-us <= 100000\n";
    return 2;
  }
  Settings s{double(o["--seconds"]), int(o["--commit-delay-us"]), int(o["--commit-siblings"]),
             int(o["--pg-threads"]), int(o["--depth"]),           int(o["--connections"]),
             int(o["--window"])};
  const auto fail = [&](const std::string& what) {
    err << "gongkai_bench: peer-postgres: " << what << "\n";
    return 1;
  };
  const auto began = std::chrono::steady_clock::now();
  PostgresServer server;
  if (Status started = server.Start(PeerFile("postgresql.conf"), std::chrono::seconds(60));
      !started.ok()) {
    return fail(started.message());
  }
  const std::string& pg = server.conninfo();
  if (Status loaded = LoadPgSchema(pg, PeerFile("schema.sql")); !loaded.ok()) {
    return fail(loaded.message());
  }
  auto durability = CheckPgDurability(pg);
  if (!durability.ok()) return fail(durability.status().message());
  double flush_ms = 0;
  auto delay = WarmUpAndChooseCommitDelay(pg, s, flush_ms);
  if (!delay.ok()) return fail(delay.status().message());
  if (s.commit_delay_us == 0) s.commit_delay_us = *delay;

  IntakeRounds rounds(pg, s, Levels(o["--concurrency"]));
  if (std::string e = rounds.Run(o["--rounds"]); !e.empty()) return fail(e);
  const PgBest& best = rounds.pg_best;
  const PgBest& best_32 = rounds.pg_best_32;
  const double gk_32 = rounds.gongkai_best[0], gk_full = rounds.gongkai_best[1];

  // Lifecycle events: PostgreSQL at its best intake configuration.
  const PgRun pg_life = PgLifecycle(pg, best.config, s);
  if (!pg_life.error.empty()) return fail(StrCat({"PostgreSQL lifecycle: ", pg_life.error}));
  const LifecycleFigures gk_life = MeasureLifecycle(o["--lives"], s.connections, s.window);
  if (!gk_life.error.empty()) return fail(StrCat({"gongkai lifecycle: ", gk_life.error}));
  const double gk_events = double(4 * o["--lives"]) / gk_life.event_seconds;

  // Latency at a fixed offered rate: 32 PostgreSQL connections; gongkai's
  // client as in the intake scenario.
  const double rate = double(o["--rate"]);
  const PgRun pg_paced = PgIntakes(pg, {32, 1, false}, s, "paced", rate);
  if (!pg_paced.error.empty()) {
    return fail(StrCat({"PostgreSQL at a fixed rate: ", pg_paced.error}));
  }
  const RunFigures gk_paced = GongkaiIntakes(int64_t(rate * s.seconds), s.connections, 4096, rate);
  if (!gk_paced.error.empty()) return fail(StrCat({"gongkai at a fixed rate: ", gk_paced.error}));

  const double ratio_best = gk_full / best.per_second, ratio_32 = gk_32 / best_32.per_second;
  out << nlohmann::json{{"scenario", "peer-postgres"},
                        {"postgres_version", server.version()},
                        {"pg_settings", *durability},
                        {"pg_wal_flush_ms", flush_ms},
                        {"pg_commit_delay_us", s.commit_delay_us},
                        {"pg_commit_siblings", s.commit_siblings},
                        {"seconds_per_run", s.seconds},
                        {"rounds", o["--rounds"]},
                        {"pg_intake_per_second", rounds.pg_rates},
                        {"pg_best_per_second", best.per_second},
                        {"pg_best_configuration", best.config.Name()},
                        {"pg_best_at_32_per_second", best_32.per_second},
                        {"pg_best_at_32_configuration", best_32.config.Name()},
                        {"gongkai_at_32_per_second", gk_32},
                        {"gongkai_at_32_runs", rounds.gongkai_runs[0]},
                        {"gongkai_at_32_configuration",
                         StrCat({std::to_string(rounds.at32_connections()), "x",
                                 std::to_string(rounds.at32_window())})},
                        {"gongkai_full_per_second", gk_full},
                        {"gongkai_full_runs", rounds.gongkai_runs[1]},
                        {"gongkai_full_configuration",
                         StrCat({std::to_string(s.connections), "x", std::to_string(s.window)})},
                        {"ratio_vs_best", ratio_best},
                        {"ratio_at_32", ratio_32},
                        {"pg_lifecycle_events_per_second", pg_life.per_second},
                        {"pg_lifecycle_configuration", best.config.Name()},
                        {"gongkai_lifecycle_events_per_second", gk_events},
                        {"lifecycle_ratio", gk_events / pg_life.per_second},
                        {"offered_per_second", o["--rate"]},
                        {"pg_latency_ms_p50", pg_paced.p50},
                        {"pg_latency_ms_p99", pg_paced.p99},
                        {"pg_achieved_per_second", pg_paced.per_second},
                        {"gongkai_latency_ms_p50", gk_paced.p50},
                        {"gongkai_latency_ms_p99", gk_paced.p99},
                        {"gongkai_achieved_per_second", gk_paced.per_second},
                        {"scenario_seconds",
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - began)
                             .count()}}
             .dump()
      << std::endl;
  err << "peer-postgres: durable intakes/s: PostgreSQL best " << int64_t(best.per_second) << " ("
      << best.config.Name() << "), at 32 in flight " << int64_t(best_32.per_second) << " ("
      << best_32.config.Name() << "); gongkai " << int64_t(gk_full) << " at full load, "
      << int64_t(gk_32) << " at 32 in flight: " << ratio_best << "x the best, " << ratio_32
      << "x at 32; lifecycle events/s " << int64_t(pg_life.per_second) << " vs "
      << int64_t(gk_events) << "; at " << o["--rate"] << "/s offered p50/p99 ms: PostgreSQL "
      << pg_paced.p50 << "/" << pg_paced.p99 << ", gongkai " << gk_paced.p50 << "/" << gk_paced.p99
      << "\n";
  return 0;
}

}  // namespace gongkai::bench
