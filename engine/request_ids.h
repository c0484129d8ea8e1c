// Request ids and their short forms. A request's id is
// "<agency code>-<year of receipt>-<number, 6 digits>", e.g.
// 210321-2012-000001 (the number counts the agency's requests of that
// year from 1). People may write:
//   - "2012-1": the year and the number, for a request of their own agency
//     (the agency of their scope);
//   - "210321-2012-1": the number without its leading zeros.
// Pure: no I/O.
#ifndef GONGKAI_ENGINE_REQUEST_IDS_H_
#define GONGKAI_ENGINE_REQUEST_IDS_H_

#include <string>
#include <string_view>

#include "gongkai/v1/command.pb.h"

namespace gongkai {

// The full id `id` stands for, given the agency of the person's scope;
// `id` itself when it is not a short form (a full id, or something else
// that the command will refuse with its own message).
std::string ExpandRequestId(std::string_view id, std::string_view agency);

// Expands, as above, every request id `command` holds (singular string
// fields named request_id, in its body and the messages in it).
void ExpandRequestIds(v1::Command& command, std::string_view agency);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_REQUEST_IDS_H_
