// Agencies given by name: wherever a command takes --agency, a person may
// write the code (210302), the agency's name (铁东区人民政府) or an
// unambiguous part of it (铁东区). The names come from the engine's
// registry, as far as the person's scope goes (gongkai agencies).
#ifndef GONGKAI_CLI_AGENCY_NAMES_H_
#define GONGKAI_CLI_AGENCY_NAMES_H_

#include <functional>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::cli {

// True when `text` is written as a code: 1 to 16 ASCII letters and digits.
bool LooksLikeAgencyCode(std::string_view text);

// The code `text` stands for among `agencies`: a code as it is; else the
// agency named exactly `text`; else the only one whose name contains it.
// invalid_argument when none does or several do (naming up to 10 of them
// with their codes).
StatusOr<std::string> ResolveAgency(
    const std::string& text, const google::protobuf::RepeatedPtrField<v1::AgencyInfo>& agencies);

// Replaces the name in every `agency_code` field of `command` (its body and
// the messages in it) by the code it stands for. `fetch` is called once,
// and only when some field holds a name; its error is returned as it is.
Status ResolveAgencyNames(v1::Command& command, const std::function<StatusOr<v1::Reply>()>& fetch);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_AGENCY_NAMES_H_
