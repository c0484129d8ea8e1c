// ReadState: what a query reads, fixed at one moment: a snapshot of the
// store taken right after a group's synced write, and the ledger's state
// then (its date, calendars, alert sequences). ReaderConfig: what does not
// change while the ledger runs. Both are shared, read-only, by the threads
// that answer queries (workers/ledger_reader.h), so that no query ever
// waits for the writer or makes it wait.
//
// Thread safety: immutable once published; share freely.
#ifndef GONGKAI_WORKERS_READ_STATE_H_
#define GONGKAI_WORKERS_READ_STATE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/agencies.h"
#include "engine/date.h"
#include "engine/policy.h"
#include "engine/store.h"
#include "workers/calendar_history.h"

namespace gongkai {

struct ReadState {
  std::shared_ptr<const StoreReader> store;
  Date today;
  bool manual_clock = false;
  CalendarHistory calendars;
  uint64_t last_alert_sequence = 0;
  uint64_t last_reminder_sequence = 0;

  const Calendar& calendar() const { return calendars.current(); }
};

struct ReaderConfig {
  const AgencyRegistry* agencies = nullptr;  // Owned by the Ledger.
  DeadlinePolicy policy;
  std::string alerts_endpoint;
  int default_list_limit = 50;
  int max_list_limit = 10000;
  size_t max_reply_bytes = 512 << 10;
  int retention_years = 3;  // The personal data's erase day (EraseDueOn).
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_READ_STATE_H_
