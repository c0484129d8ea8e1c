// The ledger worker's logic, without sockets: it takes parsed Commands in
// groups and returns one Reply per command. Every change of a group is
// written to the Store in ONE synced write before any reply of the group is
// returned (group commit): a reply with code ok means the change is durable.
//
// Per command: mutating commands (intake, record_event, clock_advance) must
// carry an idempotency key; repeating a key returns the first ok reply and
// changes nothing. A refused command writes nothing. Replies never carry the
// applicant's personal data.
//
// Thread safety: none; one thread drives a Ledger.
#ifndef GONGKAI_WORKERS_LEDGER_H_
#define GONGKAI_WORKERS_LEDGER_H_

#include <memory>
#include <vector>

#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/clock.h"
#include "engine/policy.h"
#include "engine/store.h"
#include "gongkai/v1/command.pb.h"
#include "workers/txn.h"

namespace gongkai {

struct LedgerOptions {
  DeadlinePolicy policy;
  int default_list_limit = 50;
  int max_list_limit = 10000;
};

class Ledger {
 public:
  // `clock` is restored from the store when the store holds a manual date
  // (a reopened data directory keeps its manual clock). Errors: those of the
  // store.
  static StatusOr<std::unique_ptr<Ledger>> Open(Store& store, std::unique_ptr<Clock> clock,
                                                std::shared_ptr<const Calendar> calendar,
                                                AgencyRegistry agencies, LedgerOptions options);

  // Replies in the order of `commands`. Changes are applied in order and
  // written together; queries are answered after that write, so they see
  // every change of the group. When the write fails, every command that
  // would have changed something is answered unavailable.
  std::vector<v1::Reply> HandleGroup(const std::vector<v1::Command>& commands);

  Date Today() const { return today_; }

 private:
  Ledger(Store& store, std::unique_ptr<Clock> clock, std::shared_ptr<const Calendar> calendar,
         AgencyRegistry agencies, LedgerOptions options);
  v1::Reply HandleQuery(const v1::Command& command);
  v1::Reply HandleMutation(const v1::Command& command, bool& mutated);
  StatusOr<v1::Reply> Intake(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> RecordEvent(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> ClockAdvance(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> Show(const v1::ShowCommand& command);
  StatusOr<v1::Reply> List(const v1::ListCommand& command);
  StatusOr<v1::Reply> Verify();
  // Writes the state, its event, the deadline index move and the counters.
  Status SaveStep(const v1::RequestState& before, v1::RequestState& after,
                  const v1::Event& stored_event, Txn& txn);
  StatusOr<v1::RequestView> View(const v1::RequestState& state, bool with_events);

  Store& store_;
  std::unique_ptr<Clock> clock_;
  std::shared_ptr<const Calendar> calendar_;
  AgencyRegistry agencies_;
  LedgerOptions options_;
  PendingGroup group_;
  Date today_;  // The clock's date, including advances pending in the group.
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_H_
