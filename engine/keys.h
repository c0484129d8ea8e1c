// Every key of every table (engine/store.h), encoded and parsed in this one
// module (as leveldb's db/dbformat.h), and the report counters as typed
// values shared by the code that writes them (engine/counters.h) and the
// code that reads them (engine/report.h): a metric renamed on one side is
// renamed on the other, never silently read as zero.
//
// Layouts (the storage format: never change one without a migration):
//   events       <request id> '\0' <sequence, 8 bytes big-endian>
//   requests     <request id>
//   applicants   <request id>
//   deadlines    <YYYY-MM-DD> '|' <request id>         (next alert day)
//   alerts       "seq|" <20 digits>  -> v1::Alert        (supervisors)
//                "rem|" <20 digits>  -> v1::Alert        (officers' reminders)
//                "ack|" <20 digits>  -> v1::AlertAck
//                "fired|" <request id> '|' <level> '|' <version> -> sequence
//   counters     <agency> '|' <year> '|' <metric>        (see Metric)
//   idempotency  <client key>
//   meta         the names below; "seq|<agency>|<year>"; "calendar|<4 digits>";
//                "locked|<year>"
//   principals   "name|" <name> -> v1::Principal; "key|" <Z85 public key> -> name;
//                "pw|" <name> -> the web console password's Argon2id string
//                (engine/passwords.h; never in a reply, a log or the audit)
//   audit        <20 digits> -> v1::AuditRecord
//   retention    <YYYY-MM-DD> '|' <request id>           (erase day)
//   search       <field: 's' subject, 'n' applicant's name>
//                <bigram: 2 code points, 3 bytes each, big-endian>
//                <order: 0xFFFF - days since 1970 of the receipt date, 2 bytes;
//                 0xFFFFFF - the request's number, 3 bytes; both big-endian>
//                <request id>     -> the text's BigramSignature (16 bytes)
//                (newest first within a bigram; engine/search_text.h)
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_KEYS_H_
#define GONGKAI_ENGINE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/date.h"
#include "engine/search_text.h"
#include "engine/status.h"
#include "gongkai/v1/codes.pb.h"

namespace gongkai {

// --- events ---------------------------------------------------------------
std::string EventKey(std::string_view request_id, uint64_t sequence);
std::string EventPrefix(std::string_view request_id);

// --- deadlines ------------------------------------------------------------
std::string DeadlineKey(Date on, std::string_view request_id);
// The first key after every entry dated on or before `day`.
std::string DeadlineKeyAfter(Date day);
struct DeadlineEntry {
  Date on;
  std::string_view request_id;  // Views the key parsed.
};
// nullopt when `key` is not a deadline key.
std::optional<DeadlineEntry> ParseDeadlineKey(std::string_view key);

// --- alerts ---------------------------------------------------------------
std::string AlertKey(uint64_t sequence);     // The supervisors' stream.
std::string ReminderKey(uint64_t sequence);  // The officers' reminders.
std::string AlertStreamPrefix(bool reminders);
std::string AckKey(uint64_t sequence);
std::string FiredKey(std::string_view request_id, v1::AlertLevel level, int version);
// The PUB topic of a reminder: this prefix, then the agency path (a
// subscriber to an agency path never receives reminders).
inline constexpr char kReminderTopicPrefix[] = "reminders/";

// --- principals, audit, retention -----------------------------------------
std::string PrincipalKey(std::string_view name);
inline constexpr char kPrincipalNamePrefix[] = "name|";
std::string PrincipalKeyIndex(std::string_view public_key);
// A person's web console password hash, apart from the Principal record (a
// scan of kPrincipalNamePrefix, as user list makes, never meets it).
std::string PasswordKey(std::string_view name);
std::string AuditKey(uint64_t sequence);
// Retention keys have the deadline keys' layout (DeadlineKey, ParseDeadlineKey).

// --- due dates --------------------------------------------------------------
// The due-date index holds one entry per request whose period runs (open,
// clock not stopped): the deadline keys' layout with the due date, so
// entries sort by due date, then id. Its value names what the lists filter
// on without reading the request.
// Its agency code views the string it was made from (the request's, or the
// stored value parsed).
struct DueIndexValue {
  std::string_view agency_code;
  int year_received = 0;
};
std::string EncodeDueIndexValue(const DueIndexValue& value);
// nullopt when `value` is not one.
std::optional<DueIndexValue> ParseDueIndexValue(std::string_view value);

// --- search ---------------------------------------------------------------
enum class SearchField : char { kSubject = 's', kApplicantName = 'n' };
// Where a request sorts in every posting list: newest receipt first, then
// the highest number. Bytes; compare as strings.
std::string SearchOrder(Date received_on, std::string_view request_id);
std::string SearchPrefix(SearchField field, Bigram gram);
std::string SearchKey(SearchField field, Bigram gram, Date received_on,
                      std::string_view request_id);
inline constexpr size_t kSearchPrefixBytes = 7;
inline constexpr size_t kSearchOrderBytes = 5;
// The order and request id of a search key (bytes after the prefix);
// nullopt when `key` is too short to be one.
struct SearchPosting {
  std::string_view order;  // SearchOrder's first 5 bytes...
  std::string_view request_id;
};
std::optional<SearchPosting> ParseSearchKey(std::string_view key);
// The smallest order of a request received on or before `day` (a search
// limited to a year starts there).
std::string SearchOrderFrom(Date day);

// --- meta -----------------------------------------------------------------
inline constexpr char kMetaClock[] = "clock";                 // The manual clock's date.
inline constexpr char kMetaSweptThrough[] = "swept_through";  // See Ledger.
inline constexpr char kMetaAlertSequence[] = "alert_seq";     // Last alert recorded.
inline constexpr char kMetaReminderSequence[] = "reminder_seq";
inline constexpr char kMetaAlertsPublished[] = "alert_published";
inline constexpr char kMetaRemindersPublished[] = "reminder_published";
inline constexpr char kMetaSettings[] = "settings";  // v1::EngineSettings.
inline constexpr char kMetaAuditSequence[] = "audit_seq";
inline constexpr char kMetaServerPublicKey[] = "curve_public";  // Z85.
inline constexpr char kMetaServerSecretKey[] = "curve_secret";  // Z85; the data are 0600.
inline constexpr char kMetaCalendarPrefix[] = "calendar|";
// Present once every stored request is in the search table (a database of
// an earlier version gets its index at the first start; Ledger::Open).
inline constexpr char kMetaSearchIndex[] = "search_index";
// Present once every stored request is in the due-date index (as above).
inline constexpr char kMetaDueIndex[] = "due_index";
// Present once every stored request is counted by month of receipt.
inline constexpr char kMetaMonthCounters[] = "month_counters";
// The last request number given for that agency and year; every request
// gets its number from one of them, and none is ever deleted.
std::string SequenceKey(std::string_view agency, int year);
inline constexpr char kMetaSequencePrefix[] = "seq|";
// A stored calendar load (v1::CalendarLoadCommand), in load order.
std::string CalendarKey(uint64_t generation);
// The date a year's report was locked.
std::string LockKey(int year);

// --- counters -------------------------------------------------------------

// What a report counter counts (engine/counters.h says when each moves).
struct Metric {
  enum class Kind {
    kReceived,         // received|<applicant>: received in the year (table 三 row 一).
    kChannel,          // channel|<channel>: received in the year, by channel.
    kClosed,           // closed|<outcome>|<applicant>: closed in the year (row 三).
    kLate,             // late: closed in the year after the due date.
    kReplied,          // replied: closures in the year.
    kReplyDays,        // reply_days: their working days from receipt, summed.
    kReplyHistogram,   // reply_hist|<days>: closures by working days taken.
    kFeeFen,           // fee_fen: fees paid in the year.
    kAppealFiled,      // appeal_filed|<kind>: filed in the year (table 四).
    kAppealResolved,   // appeal_resolved|<kind>|<result>: resolved in the year.
    kReceivedInMonth,  // received_month|<MM>: received in that month of the year.
  };
  Kind kind = Kind::kReceived;
  v1::ApplicantType applicant = v1::APPLICANT_TYPE_UNSPECIFIED;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  int days = 0;   // kReplyHistogram.
  int month = 0;  // kReceivedInMonth: 1 to 12.
  v1::AppealKind appeal = v1::APPEAL_KIND_UNSPECIFIED;
  v1::AppealResult result = v1::APPEAL_RESULT_UNSPECIFIED;

  static Metric Received(v1::ApplicantType applicant);
  static Metric ByChannel(v1::Channel channel);
  static Metric Closed(v1::Outcome outcome, v1::ApplicantType applicant);
  static Metric Of(Kind kind);  // kLate, kReplied, kReplyDays, kFeeFen.
  static Metric ReplyHistogram(int days);
  static Metric AppealFiled(v1::AppealKind kind);
  static Metric AppealResolved(v1::AppealKind kind, v1::AppealResult result);
  static Metric ReceivedInMonth(int month);
};

struct CounterKey {
  std::string agency;
  int year = 0;
  Metric metric;
};

std::string EncodeCounterKey(const CounterKey& key);
std::string EncodeCounterKey(std::string_view agency, int year, const Metric& metric);
// The prefix of every counter of `agency`.
std::string CounterPrefix(std::string_view agency);
// invalid_argument when `key` is not a counter key this version writes.
StatusOr<CounterKey> ParseCounterKey(std::string_view key);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_KEYS_H_
