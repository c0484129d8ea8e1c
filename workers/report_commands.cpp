// report lock: a published year is frozen (the report itself is a query,
// workers/reader_checks.cpp).
#include "engine/civil_date.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
StatusOr<bool> Ledger::YearLocked(int year, Txn& txn) {
  auto locked = txn.Get(Table::kMeta, LockKey(year));
  if (!locked.ok()) return locked.status();
  return locked->has_value();
}

Status Ledger::CheckYearOpen(Date on, Txn& txn) {
  auto locked = txn.Get(Table::kMeta, LockKey(YearOf(on)));
  if (!locked.ok()) return locked.status();
  if (!locked->has_value()) return OkStatus();
  return FailedPreconditionError("the year " + std::to_string(YearOf(on)) +
                                 " is locked: its annual report was published on " + **locked +
                                 ", so events dated in it can no longer be recorded");
}

StatusOr<v1::Reply> Ledger::ReportLock(const v1::Command& command, Txn& txn) {
  const int year = command.report_lock().year();
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgumentError("--year must be from " + std::to_string(kMinYear) + " to " +
                                std::to_string(kMaxYear));
  }
  if (year >= YearOf(today())) {
    return FailedPreconditionError("the year " + std::to_string(year) +
                                   " has not ended: lock a year after its 31 December");
  }
  auto locked = txn.Get(Table::kMeta, LockKey(year));
  if (!locked.ok()) return locked.status();
  if (locked->has_value()) {
    return FailedPreconditionError("the year " + std::to_string(year) + " was already locked on " +
                                   **locked);
  }
  txn.Put(Table::kMeta, LockKey(year), FormatDate(today()));
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_message("locked " + std::to_string(year) + ": events dated in it are now refused");
  return reply;
}

}  // namespace gongkai
