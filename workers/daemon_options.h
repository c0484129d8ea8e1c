// gongkaid's command line: `gongkaid [OPTIONS]` serves, `gongkaid init
// --data DIR` creates a database. Parsed by CLI11; every option is
// described in --help; an unknown option is refused with the closest valid
// one suggested.
//
// Thread safety: call from main() only.
#ifndef GONGKAI_WORKERS_DAEMON_OPTIONS_H_
#define GONGKAI_WORKERS_DAEMON_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/policy.h"
#include "engine/status.h"

namespace gongkai {

struct DaemonOptions {
  std::string data = "./var/gongkai";
  std::string listen = "tcp://127.0.0.1:7501";
  std::string alerts = "tcp://127.0.0.1:7502";
  std::string clock = "system";
  std::string agencies = "deploy/agencies/anshan.tsv";
  std::string role = "all";
  std::string ledger = "tcp://127.0.0.1:7501";  // --role deadline.
  std::optional<std::string> identity;          // --role deadline: a scheduler's.
  // The settings (DOMAIN.md "Engine decisions"); unset: as stored, else
  // the default.
  std::optional<std::string> pin_regime, count_receipt_day;
  std::optional<int> due_soon_days, reminder_lead_days;
  int intake_quota = 20000;
  int retention_years = 3;
  int readers = 2;
  int disk_reserve_mb = 64;
  int max_unsent_mb = 128;
  std::string log_level = "info";
  bool crash_after_recording_alerts = false;  // gongkaid_faults only.
};

// Adds the serving options to `app` (the root command).
void AddServeOptions(CLI::App& app, DaemonOptions& options);

// The settings the options give over `stored` (or the defaults).
// invalid_argument for a bad value.
StatusOr<DeadlinePolicy> PolicyFromOptions(const DaemonOptions& options, DeadlinePolicy stored);

// After app.parse with extras allowed: invalid_argument naming the first
// unknown word and the closest option, or OK.
Status CheckNoExtras(const CLI::App& app);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_DAEMON_OPTIONS_H_
