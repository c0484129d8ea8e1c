#include "workers/daemon_options.h"

#include "engine/suggest.h"
#include "client/toml_config.h"

namespace gongkai {

void AddServeOptions(CLI::App& app, DaemonOptions& o) {
  app.config_formatter(std::make_shared<TomlConfig>());
  app.set_config("--config", "",
                 "a TOML file of these options by their long names (data = \"/var/lib/gongkai\"); "
                 "an option given here overrides the file's");
  app.allow_config_extras(false);  // A key the daemon does not know is refused.
  app.add_option("--data", o.data, "the data directory, made by 'gongkaid init'")
      ->capture_default_str();
  app.add_option("--listen", o.listen, "the command endpoint (ZeroMQ)")->capture_default_str();
  app.add_option("--alerts", o.alerts, "the alerts endpoint (ZeroMQ PUB)")->capture_default_str();
  app.add_option("--clock", o.clock, "system, or manual:YYYY-MM-DD for tests and replays")
      ->capture_default_str();
  app.add_option("--agencies", o.agencies, "the agency registry (TSV)")->capture_default_str();
  app.add_option("--role", o.role, "all, ledger (no deadline worker) or deadline (it alone)")
      ->check(CLI::IsMember({"all", "ledger", "deadline"}))
      ->capture_default_str();
  app.add_option("--ledger", o.ledger, "--role deadline: the ledger's command endpoint")
      ->capture_default_str();
  app.add_option("--identity", o.identity,
                 "--role deadline: a scheduler's identity file (gongkai user add ... --role "
                 "scheduler)");
  app.add_option("--retention-years", o.retention_years,
                 "applicants' personal data are erased this many years after closing")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--pin-regime", o.pin_regime,
                 "2008, 2019 or none (by receipt date); stored at the first start, then fixed");
  app.add_option("--due-soon-days", o.due_soon_days,
                 "working days before the due date that due_soon fires (default 3)")
      ->check(CLI::Range(0, 15));
  app.add_option("--count-receipt-day", o.count_receipt_day,
                 "yes or no (default): count the day of receipt; stored, then fixed");
  app.add_option("--reminder-lead-days", o.reminder_lead_days,
                 "working days before the 7 to ask for a correction run out that the officers "
                 "are reminded (default 2)")
      ->check(CLI::Range(0, 6));
  app.add_option("--intake-quota", o.intake_quota,
                 "intakes one person may register a day; 0: no limit")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str();
  app.add_option("--readers", o.readers, "threads answering queries")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--disk-reserve-mb", o.disk_reserve_mb,
                 "changes are refused while the data's disk has less free space (MiB)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  app.add_option("--max-unsent-mb", o.max_unsent_mb,
                 "replies held for clients that do not read them, in all (MiB)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  app.add_option("--log-level", o.log_level, "debug, info, warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
}

StatusOr<DeadlinePolicy> PolicyFromOptions(const DaemonOptions& o, DeadlinePolicy policy) {
  if (o.pin_regime) {
    if (*o.pin_regime == "2008") {
      policy.pinned_regime = v1::REGIME_2008;
    } else if (*o.pin_regime == "2019") {
      policy.pinned_regime = v1::REGIME_2019;
    } else if (*o.pin_regime == "none") {
      policy.pinned_regime.reset();
    } else {
      return InvalidArgumentError("--pin-regime must be 2008, 2019 or none");
    }
  }
  if (o.count_receipt_day) {
    if (*o.count_receipt_day != "yes" && *o.count_receipt_day != "no") {
      return InvalidArgumentError("--count-receipt-day must be yes or no");
    }
    policy.count_receipt_day = *o.count_receipt_day == "yes";
  }
  if (o.due_soon_days) policy.due_soon_days = *o.due_soon_days;
  if (o.reminder_lead_days) policy.reminder_lead_days = *o.reminder_lead_days;
  return policy;
}

Status CheckNoExtras(const CLI::App& app) {
  const std::vector<std::string> extras = app.remaining();
  if (extras.empty()) return OkStatus();
  const std::string word = extras.front();
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  std::string message =
      "unknown " + std::string(word.rfind("-", 0) == 0 ? "option " : "word ") + Excerpt(word, 40);
  if (auto close = Closest(word.substr(0, word.find('=')), names)) {
    message += "; did you mean " + *close + "?";
  } else {
    message += "; see gongkaid --help";
  }
  return InvalidArgumentError(message);
}

}  // namespace gongkai
