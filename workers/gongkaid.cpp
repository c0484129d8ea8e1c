// gongkaid: the engine daemon. `gongkaid init` creates a database and
// `gongkaid restore` restores a backup (workers/backup.h). By default
// (--role all) one process runs the ledger worker on a ROUTER socket bound
// to --listen (tcp) and to inproc:// for the workers of the same process,
// over the RocksDB data directory
// --data (made by `gongkaid init`), publishes alerts on --alerts, and runs
// the deadline worker, which sweeps at each midnight in China over
// inproc://. --role ledger runs the ledger alone; --role deadline runs the
// deadline worker alone, against the ledger at --ledger (tcp://).
//
// It prints one line "gongkaid: ready ..." to stdout once it serves, logs to
// stderr (never personal data), and exits 0 on SIGTERM or SIGINT, 2 on bad
// options, 1 when it cannot start (no or a damaged database, a directory
// others can read, data directory locked, port in use).
//
// Built twice: gongkaid, and gongkaid_faults (GONGKAI_FAULT_INJECTION) with
// the switches the crash tests use; the production binary has none.
#include <malloc.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/keys.h"
#include "engine/messages.h"
#include "engine/store/rocks_store.h"
#include "engine/strings.h"
#include "workers/backup.h"
#include "workers/daemon_init.h"
#include "workers/daemon_log.h"
#include "workers/daemon_options.h"
#include "workers/deadline_ticker.h"
#include "workers/ledger_server.h"
#include "workers/server_queues.h"
#include "workers/system_clock.h"

namespace {

using namespace gongkai;

constexpr const char* kInprocLedger = "inproc://gongkai-ledger";

// SIGTERM and SIGINT are blocked in every thread (so no ZeroMQ call is ever
// interrupted) and taken by one waiting thread, which stops the server.
sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

void WaitForStopSignal() {
  const sigset_t set = StopSignals();
  int signal = 0;
  sigwait(&set, &signal);
}

StatusOr<std::unique_ptr<Clock>> MakeClock(const std::string& flag) {
  if (flag == "system") return std::unique_ptr<Clock>(new SystemClock());
  if (flag.rfind("manual:", 0) == 0) {
    auto date = ParseDate(flag.substr(7));
    if (!date.ok()) return InvalidArgumentError("--clock: " + date.status().message());
    return std::unique_ptr<Clock>(new ManualClock(*date));
  }
  return InvalidArgumentError("--clock must be system or manual:YYYY-MM-DD");
}

StatusOr<AgencyRegistry> LoadAgencies(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read the agency registry " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return AgencyRegistry::Parse(text.str(), path);
}

// The log keeps the English; the person who started gongkaid reads the
// refusal in their language (the locale; engine/messages.h).
int Fail(const Status& status, int code) {
  spdlog::error("{}", status.message());
  const Lang lang = ChooseLang(std::nullopt, std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"),
                               std::getenv("LANG"));
  std::cerr << "gongkaid: " << Translate(status.message(), lang) << "\n";
  return code;
}

// gongkaid init: the only way to create a database (workers/daemon_init.h).
int RunInit(const InitOptions& options) {
  auto identity = InitializeDataDirectory(options);
  if (!identity.ok()) return Fail(identity.status(), 1);
  std::cout << "gongkaid: initialised an empty database in " << options.data << "; the operator "
            << options.operator_name << "'s identity is in " << *identity
            << " (keep it private: it holds a secret key)\n";
  return 0;
}

// gongkaid restore: a backup into a new data directory (workers/backup.h).
int RunRestore(const std::string& from, const std::string& data) {
  auto restored = RestoreBackup(from, data);
  if (!restored.ok()) return Fail(restored.status(), 1);
  std::cout << "gongkaid: restored " << from << " into " << data << ": " << restored->requests
            << " requests, " << restored->files << " files (" << std::fixed << std::setprecision(1)
            << double(restored->bytes) / (1 << 20)
            << " MiB); the directory is 0700, its files 0600, and " << from
            << " is unchanged.\nNext: hand the directory to the service account (chown -R "
               "gongkai:gongkai "
            << data << "), start gongkaid with --data " << data
            << ", then run 'gongkai admin verify': it must say that all agrees.\n";
  return 0;
}

// --role deadline: the deadline worker alone, ticking the ledger at --ledger
// with a scheduler's identity.
int RunDeadlineWorker(const DaemonOptions& o) {
  auto path = client::FindIdentityPath(o.identity);
  if (!path.ok()) return Fail(path.status(), 2);
  auto identity = client::ReadIdentity(*path);
  if (!identity.ok()) return Fail(identity.status(), 2);
  zmq::context_t context(1);
  DeadlineTicker ticker(context, o.ledger, *identity);
  ticker.Start();
  std::cout << "gongkaid: ready: deadline worker for the ledger at " << o.ledger << std::endl;
  NotifySystemd("READY=1\nSTATUS=deadline worker for " + o.ledger);
  WaitForStopSignal();
  NotifySystemd("STOPPING=1");
  ticker.Stop();
  return 0;
}

// The ledger's settings: the stored ones with the options over them.
StatusOr<LedgerOptions> MakeLedgerOptions(const DaemonOptions& o, Store& store) {
  auto stored = StoredPolicy(store);
  if (!stored.ok()) return stored.status();
  DeadlinePolicy base;
  if (stored->has_value()) base = **stored;
  auto policy = PolicyFromOptions(o, base);
  if (!policy.ok()) return policy.status();
  LedgerOptions options;
  options.policy = *policy;
  options.intake_quota_per_day = o.intake_quota;
  options.retention_years = o.retention_years;
  return options;
}

int Serve(const DaemonOptions& o) {
  if (o.role == "deadline") return RunDeadlineWorker(o);
  auto clock = MakeClock(o.clock);
  if (!clock.ok()) return Fail(clock.status(), 2);
  const bool system_clock = !(*clock)->IsManual();
  auto agencies = LoadAgencies(o.agencies);
  if (!agencies.ok()) return Fail(agencies.status(), 2);
  RocksStoreOptions store_options;
  store_options.disk_reserve_bytes = uint64_t(o.disk_reserve_mb) << 20;
  auto store = RocksStore::Open(o.data, store_options);
  if (!store.ok()) return Fail(store.status(), 1);
  auto ledger_options = MakeLedgerOptions(o, **store);
  if (!ledger_options.ok()) return Fail(ledger_options.status(), 2);
  auto secret_key = (*store)->Get(Table::kMeta, kMetaServerSecretKey);
  if (!secret_key.ok()) return Fail(secret_key.status(), 1);
  if (!secret_key->has_value()) {
    return Fail(FailedPreconditionError("the database in " + o.data +
                                        " has no server key: it was not made by gongkaid init"),
                1);
  }
  auto ledger = Ledger::Open(**store, std::move(clock).value(), Calendar::Builtin(),
                             std::move(agencies).value(), *ledger_options);
  if (!ledger.ok()) return Fail(ledger.status(), 1);
  zmq::context_t context(1);
  LedgerServerOptions options;
  options.endpoints = {o.listen};
  options.internal_endpoints = {kInprocLedger};
  options.curve_secret_key = **secret_key;
  options.alerts_endpoint = o.alerts;
  options.crash_after_recording_alerts = o.crash_after_recording_alerts;
  options.reader_threads = o.readers;
  options.max_unsent_bytes = size_t(o.max_unsent_mb) << 20;
  options.backup = [&store](const std::string& directory) {
    return MakeBackup(**store, directory);
  };
  LedgerServer server(context, **ledger, options);
  if (Status bound = server.Bind(); !bound.ok()) return Fail(bound, 1);
  (*ledger)->set_alerts_endpoint(server.bound_alerts_endpoint());
  std::thread([&server] {
    NameThisThread("gk-signals");
    WaitForStopSignal();
    spdlog::info("stopping (signal)");
    NotifySystemd("STOPPING=1");
    server.Stop();
  }).detach();
  // Every stored block's checksum, read once in the background: a damaged
  // table turns the store read-only and says so in the log.
  std::atomic<bool> stop_verifying{false};
  std::thread verifier([&store, &stop_verifying] {
    NameThisThread("gk-verify");
    YieldToServing();
    Status verified = (*store)->VerifyChecksums(&stop_verifying);
    if (verified.ok() && !stop_verifying.load()) spdlog::info("store: every checksum verified");
  });
  // The deadline worker in this process, over inproc (a system clock only:
  // a manual clock sweeps on each advance).
  std::unique_ptr<DeadlineTicker> ticker;
  if (o.role == "all" && system_clock) {
    ticker = std::make_unique<DeadlineTicker>(context, kInprocLedger);
    ticker->Start();
  }
  spdlog::info("serving: commands on {}, alerts on {}, data in {}{}, clock {}, {} readers",
               server.bound_endpoints().front(), server.bound_alerts_endpoint(), o.data,
               (*store)->read_only() ? " (read-only)" : "", o.clock, o.readers);
  std::cout << "gongkaid: ready: commands on " << server.bound_endpoints().front() << ", alerts on "
            << server.bound_alerts_endpoint() << ", data in " << o.data << ", clock " << o.clock
            << " (today " << FormatDate((*ledger)->Today()) << ")" << std::endl;
  NotifySystemd(StrCat({"READY=1\nSTATUS=serving on ", server.bound_endpoints().front()}));
  Status served = server.Run();
  if (ticker) ticker->Stop();
  stop_verifying.store(true);
  verifier.join();
  if (!served.ok()) return Fail(served, 1);
  spdlog::info("stopped: served {} messages, {} groups of changes", server.messages_served(),
               server.groups_served());
  std::cout << "gongkaid: stopped: served " << server.messages_served() << " messages in "
            << server.groups_served() << " groups" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Files and directories the daemon makes are its service account's alone.
  umask(0077);
  // Large buffers (a page of a list) go back to the system once freed
  // (glibc's malloc, in the sanitizer builds; jemalloc returns freed pages
  // by itself, after a few seconds).
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  CLI::App app("gongkaid: the engine of gongkai (政府信息依申请公开). Serves until SIGTERM.");
  app.set_version_flag("--version", std::string("gongkaid ") + GONGKAI_VERSION);
  app.allow_extras();
  DaemonOptions options;
  AddServeOptions(app, options);
#ifdef GONGKAI_FAULT_INJECTION
  app.add_flag("--crash-after-recording-alerts", options.crash_after_recording_alerts,
               "test only: exit (70) after recording alerts, before publishing them");
#endif
  InitOptions init_options;
  CLI::App* init = app.add_subcommand(
      "init", "create an empty database, the server's keys and the first operator's identity");
  init->add_option("--data", init_options.data, "the directory to create (absent or empty)")
      ->required();
  init->add_option("--operator", init_options.operator_name, "the first operator's name")
      ->capture_default_str();
  init->add_option("--out", init_options.out,
                   "the operator's identity file to write (default: NAME.identity)");
  init->add_option("--endpoint", init_options.endpoint,
                   "the command endpoint written into the identity")
      ->capture_default_str();
  init->add_option("--agencies", init_options.agencies, "the agency registry (TSV)")
      ->default_val("deploy/agencies/anshan.tsv")
      ->capture_default_str();
  init->add_option("--agency", init_options.agency,
                   "the operator's scope (default: the registry's root)");
  init->allow_extras();
  std::string restore_from, restore_data;
  CLI::App* restore = app.add_subcommand(
      "restore",
      "copy a backup (gongkai admin backup) into a new data directory and check that it opens");
  restore->add_option("--from", restore_from, "the backup's directory (only read)")->required();
  restore->add_option("--data", restore_data, "the data directory to make (absent or empty)")
      ->required();
  restore->allow_extras();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version.
    const std::string what = e.what();
    const std::string unknown_key = "INI was not able to parse ";
    if (what.rfind(unknown_key, 0) == 0) {  // CLI11's words for a key no option has.
      std::cerr << "gongkaid: the configuration file has '" << what.substr(unknown_key.size())
                << "', which is not an option of gongkaid (gongkaid --help lists them)\n";
      return 2;
    }
    std::cerr << "gongkaid: " << what << "\n";
    return 2;
  }
  for (const CLI::App* command :
       {static_cast<const CLI::App*>(&app), static_cast<const CLI::App*>(init),
        static_cast<const CLI::App*>(restore)}) {
    if (Status extras = CheckNoExtras(*command); !extras.ok()) {
      std::cerr << "gongkaid: " << extras.message() << "\n";
      return 2;
    }
  }
  if (*init) return RunInit(init_options);
  if (*restore) {
    SetUpDaemonLog("info");  // RocksDB's findings go to standard error.
    return RunRestore(restore_from, restore_data);
  }
  // Before any thread exists (ZeroMQ's included), so that all inherit it.
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  SetUpDaemonLog(options.log_level);
  return Serve(options);
}
