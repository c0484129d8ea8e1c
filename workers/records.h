// Shared helpers of the ledger's files: key layouts of the tables it writes
// and the parsing of stored records.
#ifndef GONGKAI_WORKERS_RECORDS_H_
#define GONGKAI_WORKERS_RECORDS_H_

#include <string>
#include <string_view>

#include "engine/date.h"
#include "engine/status.h"
#include "engine/wire_status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

inline constexpr char kMetaClock[] = "clock";                 // Manual clock's date.
inline constexpr char kMetaSweptThrough[] = "swept_through";  // See Ledger.

// "2012-10-25|210300-2012-000001": the deadline index, by date.
std::string DeadlineKey(Date on, const std::string& request_id);
// "seq|210300|2012": the last request number given for that agency and year.
std::string SequenceKey(const std::string& agency, int year);
// Alerts table: "seq|<20 digits>" -> v1::Alert (the supervisors' stream);
// "rem|<20 digits>" -> v1::Alert (the officers' reminders); "ack|<20
// digits>" -> v1::AlertAck; "fired|<request>|<level>|<version>" -> the
// sequence of a due-date level's alert.
std::string AlertKey(uint64_t sequence);
std::string ReminderKey(uint64_t sequence);
// The PUB topic of a reminder: this prefix, then the agency path (a
// subscriber to an agency path never receives reminders).
inline constexpr char kReminderTopicPrefix[] = "reminders/";
std::string AckKey(uint64_t sequence);
std::string FiredKey(const std::string& request_id, v1::AlertLevel level, int version);

// Parses a stored decimal number (a sequence); internal, naming `what`,
// when it is not one.
StatusOr<uint64_t> ParseStoredNumber(std::string_view text, const char* what);

// Parses a stored message; internal (naming the table) when it is corrupt.
template <typename Message>
StatusOr<Message> ParseStored(const std::string& bytes, const char* what) {
  Message message;
  if (!message.ParseFromString(bytes)) {
    return InternalError(std::string("a stored ") + what + " record is corrupt");
  }
  return message;
}

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_RECORDS_H_
