// gongkaid: the engine daemon. By default (--role all) one process runs the
// ledger worker on a ROUTER socket bound to --listen (tcp) and to inproc://
// for the workers of the same process, over the RocksDB data directory
// --data, publishes alerts on --alerts, and runs the deadline worker, which
// sweeps at each midnight in China over inproc://. --role ledger runs the
// ledger alone; --role deadline runs the deadline worker alone, against the
// ledger at --ledger (tcp://).
//
// It prints one line "gongkaid: ready ..." to stdout once it serves, logs to
// stderr (never personal data), and exits 0 on SIGTERM or SIGINT, 2 on bad
// flags, 1 when it cannot start (data directory locked, port in use).
#include <pthread.h>
#include <sys/stat.h>

#include <charconv>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/store/rocks_store.h"
#include "workers/deadline_ticker.h"
#include "workers/ledger_server.h"
#include "workers/system_clock.h"

namespace {

using namespace gongkai;

constexpr const char* kUsage =
    "usage: gongkaid [--role all|ledger|deadline] [--data DIR] [--listen ENDPOINT]\n"
    "                [--alerts ENDPOINT] [--clock system|manual:YYYY-MM-DD]\n"
    "                [--agencies FILE] [--ledger ENDPOINT (role deadline)]\n"
    "                [--pin-regime 2008|2019|none] [--due-soon-days N]\n"
    "                [--count-receipt-day yes|no] [--reminder-lead-days N]\n"
    "defaults: --data ./var/gongkai --listen tcp://127.0.0.1:7501\n"
    "          --alerts tcp://127.0.0.1:7502 --clock system\n"
    "          --agencies deploy/agencies/anshan.tsv\n"
    "settings (stored with the data at the first start; omitted: as stored, else the\n"
    "default): --pin-regime none --due-soon-days 3 --count-receipt-day no\n"
    "          --reminder-lead-days 2. The regime and the day of receipt decide due\n"
    "          dates and cannot change once stored.\n";

struct Flags {
  std::string data = "./var/gongkai";
  std::string listen = "tcp://127.0.0.1:7501";
  std::string alerts = "tcp://127.0.0.1:7502";
  std::string clock = "system";
  std::string agencies = "deploy/agencies/anshan.tsv";
  std::string role = "all";
  std::string ledger = "tcp://127.0.0.1:7501";
  // Test-only fault injection: exit after recording alerts, before publishing.
  bool crash_after_recording_alerts = false;
  // Settings; empty when not given.
  std::string pin_regime, due_soon_days, count_receipt_day, reminder_lead_days;
};

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

StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  const std::map<std::string, std::string*> options = {
      {"--data", &flags.data},
      {"--listen", &flags.listen},
      {"--alerts", &flags.alerts},
      {"--clock", &flags.clock},
      {"--agencies", &flags.agencies},
      {"--role", &flags.role},
      {"--ledger", &flags.ledger},
      {"--pin-regime", &flags.pin_regime},
      {"--due-soon-days", &flags.due_soon_days},
      {"--count-receipt-day", &flags.count_receipt_day},
      {"--reminder-lead-days", &flags.reminder_lead_days}};
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--crash-after-recording-alerts") {
      flags.crash_after_recording_alerts = true;
      continue;
    }
    std::string value;
    if (size_t eq = word.find('='); eq != std::string::npos) {
      value = word.substr(eq + 1);
      word = word.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    }
    auto it = options.find(word);
    if (it == options.end()) return InvalidArgumentError("unknown option " + Excerpt(word, 40));
    if (value.empty()) return InvalidArgumentError(word + " needs a value");
    *it->second = value;
  }
  if (flags.role != "all" && flags.role != "ledger" && flags.role != "deadline") {
    return InvalidArgumentError("--role must be all, ledger or deadline");
  }
  return flags;
}

StatusOr<int> ParseDays(const std::string& text, const std::string& flag, int max) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return InvalidArgumentError(flag + " must be a whole number of working days from 0 to " +
                                std::to_string(max));
  }
  return value;
}

// The stored settings (or the defaults) with the flags given over them.
StatusOr<DeadlinePolicy> SettingsFromFlags(const Flags& flags, DeadlinePolicy policy) {
  if (!flags.pin_regime.empty()) {
    if (flags.pin_regime == "2008") {
      policy.pinned_regime = v1::REGIME_2008;
    } else if (flags.pin_regime == "2019") {
      policy.pinned_regime = v1::REGIME_2019;
    } else if (flags.pin_regime == "none") {
      policy.pinned_regime.reset();
    } else {
      return InvalidArgumentError("--pin-regime must be 2008, 2019 or none");
    }
  }
  if (!flags.due_soon_days.empty()) {
    auto days = ParseDays(flags.due_soon_days, "--due-soon-days", 15);
    if (!days.ok()) return days.status();
    policy.due_soon_days = *days;
  }
  if (!flags.reminder_lead_days.empty()) {
    auto days = ParseDays(flags.reminder_lead_days, "--reminder-lead-days", 6);
    if (!days.ok()) return days.status();
    policy.reminder_lead_days = *days;
  }
  if (!flags.count_receipt_day.empty()) {
    if (flags.count_receipt_day != "yes" && flags.count_receipt_day != "no") {
      return InvalidArgumentError("--count-receipt-day must be yes or no");
    }
    policy.count_receipt_day = flags.count_receipt_day == "yes";
  }
  return policy;
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

int Fail(const Status& status, int code) {
  std::cerr << "gongkaid: " << status.message() << "\n";
  return code;
}

// --role deadline: the deadline worker alone, ticking the ledger at --ledger.
int RunDeadlineWorker(const Flags& flags) {
  zmq::context_t context(1);
  DeadlineTicker ticker(context, flags.ledger);
  ticker.Start();
  std::cout << "gongkaid: ready: deadline worker for the ledger at " << flags.ledger << std::endl;
  WaitForStopSignal();
  ticker.Stop();
  return 0;
}

}  // namespace

// gongkaid init --data DIR: the only way to create a database.
int RunInit(int argc, char** argv) {
  std::string data;
  for (int i = 2; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (word.rfind("--data=", 0) == 0) {
      data = word.substr(7);
    } else {
      std::cerr << "gongkaid: usage: gongkaid init --data DIR\n";
      return 2;
    }
  }
  if (data.empty()) {
    std::cerr << "gongkaid: usage: gongkaid init --data DIR\n";
    return 2;
  }
  if (Status created = RocksStore::Create(data); !created.ok()) return Fail(created, 1);
  std::cout << "gongkaid: initialised an empty database in " << data << "\n";
  return 0;
}

int main(int argc, char** argv) {
  // Files and directories the daemon makes are its service account's alone.
  umask(0077);
  if (argc > 1 && std::string(argv[1]) == "init") return RunInit(argc, argv);
  // Before any thread exists (ZeroMQ's included), so that all inherit it.
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto flags = ParseFlags(argc, argv);
  if (!flags.ok()) {
    std::cerr << "gongkaid: " << flags.status().message() << "\n" << kUsage;
    return 2;
  }
  if (flags->role == "deadline") return RunDeadlineWorker(*flags);
  auto clock = MakeClock(flags->clock);
  if (!clock.ok()) return Fail(clock.status(), 2);
  const bool system_clock = !(*clock)->IsManual();
  auto agencies = LoadAgencies(flags->agencies);
  if (!agencies.ok()) return Fail(agencies.status(), 2);
  auto store = RocksStore::Open(flags->data);
  if (!store.ok()) return Fail(store.status(), 1);
  auto stored = StoredPolicy(**store);
  if (!stored.ok()) return Fail(stored.status(), 1);
  LedgerOptions ledger_options;
  DeadlinePolicy base;
  if (stored->has_value()) base = **stored;
  auto policy = SettingsFromFlags(*flags, base);
  if (!policy.ok()) return Fail(policy.status(), 2);
  ledger_options.policy = *policy;
  auto ledger = Ledger::Open(**store, std::move(clock).value(), Calendar::Builtin(),
                             std::move(agencies).value(), ledger_options);
  if (!ledger.ok()) return Fail(ledger.status(), 1);
  zmq::context_t context(1);
  LedgerServerOptions options;
  options.endpoints = {flags->listen, kInprocLedger};
  options.alerts_endpoint = flags->alerts;
  options.crash_after_recording_alerts = flags->crash_after_recording_alerts;
  LedgerServer server(context, **ledger, options);
  if (Status bound = server.Bind(); !bound.ok()) return Fail(bound, 1);
  (*ledger)->set_alerts_endpoint(server.bound_alerts_endpoint());
  std::thread([&server] {
    WaitForStopSignal();
    server.Stop();
  }).detach();
  // The deadline worker in this process, over inproc (a system clock only:
  // a manual clock sweeps on each advance).
  std::unique_ptr<DeadlineTicker> ticker;
  if (flags->role == "all" && system_clock) {
    ticker = std::make_unique<DeadlineTicker>(context, kInprocLedger);
    ticker->Start();
  }
  std::cout << "gongkaid: ready: commands on " << server.bound_endpoints().front() << ", alerts on "
            << server.bound_alerts_endpoint() << ", data in " << flags->data << ", clock "
            << flags->clock << " (today " << FormatDate((*ledger)->Today()) << ")" << std::endl;
  Status served = server.Run();
  if (ticker) ticker->Stop();
  if (!served.ok()) return Fail(served, 1);
  std::cout << "gongkaid: stopped: served " << server.messages_served() << " messages in "
            << server.groups_served() << " groups" << std::endl;
  return 0;
}
