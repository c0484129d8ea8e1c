// Shared helpers of the ledger's files: key layouts of the tables it writes
// and the parsing of stored records.
#ifndef GONGKAI_WORKERS_RECORDS_H_
#define GONGKAI_WORKERS_RECORDS_H_

#include <string>

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
// Alerts table: "seq|<20 digits>" -> v1::Alert; "ack|<20 digits>" ->
// v1::AlertAck; "fired|<request>|<level>|<version>" -> the alert's sequence.
std::string AlertKey(uint64_t sequence);
std::string AckKey(uint64_t sequence);
std::string FiredKey(const std::string& request_id, v1::AlertLevel level, int version);

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
