// LedgerReader: the answers to queries (show, list, search, clock show, overdue,
// alerts and reminders fetch, annual report, admin verify, login), read from
// one ReadState (workers/read_state.h): a snapshot of the store after the
// last group's write. It never writes and never waits for the ledger.
//
// show: the view carries allowed_events, the events the caller may record
// on the request today (engine/allowed_events.h); none for the engine.
//
// login: verifies the person's password against the stored Argon2id hash
// (client/passwords.h: a tenth of a second, on the reader's thread). OK:
// principals[0] is the person (name, roles, agency_code; no key). An
// unknown name, no password, a revoked person, a service or a wrong
// password: permission_denied kWrongLogin (engine/passwords.h), after the
// same work (an unknown name is verified against a hash of nothing), so
// neither the message nor the time tells which.
//
// Paging: a list, an overdue worklist and an alerts fetch return at most
// ReaderConfig::max_reply_bytes of requests or alerts; when more match, the
// reply carries `next_cursor` for the next page and `total` says how many
// matched in all.
//
// Thread safety: a LedgerReader is used by one thread; any number of them
// may read one ReadState at once.
#ifndef GONGKAI_WORKERS_LEDGER_READER_H_
#define GONGKAI_WORKERS_LEDGER_READER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gongkai/v1/command.pb.h"
#include "workers/read_state.h"
#include "workers/request_search.h"

namespace gongkai {

class LedgerReader {
 public:
  LedgerReader(const ReaderConfig& config, std::shared_ptr<const ReadState> state);

  // The reply to one query from `caller` (authorized already, see
  // engine/access.h), limited to the caller's scope: a query without an
  // agency covers the caller's; applicants' personal data only for those
  // who may see them. `caller` null: the engine itself (every agency, no
  // personal data). invalid_argument for a command that is not a query.
  v1::Reply Handle(const v1::Command& command, const v1::Principal* caller = nullptr) const;

  // The audit record of a refused login (AuditOf's, for the console's
  // service) names the person tried when the name is enrolled (revoked ones
  // included); a name nobody has could be a password typed in the wrong
  // box, and stays unrecorded.
  void NameLoginAttempt(const v1::Command& login, const v1::Reply& reply,
                        v1::AuditRecord& audit) const;

  // Called between requests during a scan of all of them (the server lets
  // the writer go first there); none by default.
  void set_pause(std::function<void()> pause) { pause_ = std::move(pause); }

 private:
  StatusOr<v1::Reply> Show(const v1::ShowCommand& command) const;
  StatusOr<v1::Reply> List(const v1::ListCommand& command) const;
  // workers/reader_search.cpp.
  StatusOr<v1::Reply> Search(const v1::SearchCommand& command) const;
  StatusOr<v1::Reply> SearchReply(const SearchPage& page) const;
  v1::Reply ClockShow() const;
  // The caller's scope's agencies (all for the engine itself), by code.
  v1::Reply Agencies() const;
  StatusOr<v1::RequestView> View(const v1::RequestState& state, bool with_events) const;
  // The stored request `id` as a view without events; internal when gone.
  StatusOr<v1::RequestView> ViewOf(const std::string& id) const;
  StatusOr<v1::OverdueEntry> OverdueEntryOf(const std::string& id) const;
  StatusOr<v1::Reply> AlertsFetch(const v1::AlertsFetchCommand& command) const;
  StatusOr<v1::Reply> Overdue(const v1::OverdueCommand& command) const;
  StatusOr<v1::Reply> ReportAnnual(const v1::ReportAnnualCommand& command) const;
  StatusOr<v1::Reply> Verify() const;
  // Replays a request's event log from scratch into `state`, adding its
  // counter deltas to `counters`; what no longer replays goes to `problems`.
  Status ReplayLog(const std::string& id, v1::RequestState& state,
                   std::map<std::string, int64_t>& counters, std::vector<std::string>& problems,
                   size_t& events) const;
  Status VerifyReportCounters(const std::string& agency,
                              const std::map<std::string, int64_t>& stored) const;
  // Calls `visit` with every stored request, in id order, until it returns
  // an error (returned). internal when a stored request is corrupt.
  Status ForEachRequest(const std::function<Status(v1::RequestState&)>& visit) const;
  Status CheckAgency(const std::string& code) const;
  // The agency a query asks about: the one given, else the caller's scope.
  std::string ScopeOf(const std::string& agency) const;
  StatusOr<v1::Reply> UserList() const;
  // workers/reader_login.cpp.
  StatusOr<v1::Reply> Login(const v1::LoginCommand& command) const;
  StatusOr<v1::Reply> Audit(const v1::AuditCommand& command) const;

  const ReaderConfig& config_;
  mutable const v1::Principal* caller_ = nullptr;  // During Handle().
  std::shared_ptr<const ReadState> state_;
  const StoreReader& store_;
  const Calendar& calendar_;
  std::function<void()> pause_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_READER_H_
