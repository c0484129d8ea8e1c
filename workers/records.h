// Shared helpers of the ledger's files: the parsing of stored records (the
// keys are engine/keys.h's).
#ifndef GONGKAI_WORKERS_RECORDS_H_
#define GONGKAI_WORKERS_RECORDS_H_

#include <string>
#include <string_view>

#include "engine/date.h"
#include "engine/keys.h"
#include "engine/status.h"
#include "engine/wire_status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

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
