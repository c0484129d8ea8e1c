// Conversions between the wire's CivilDate and the engine's Date.
#ifndef GONGKAI_ENGINE_CIVIL_DATE_H_
#define GONGKAI_ENGINE_CIVIL_DATE_H_

#include <string>

#include "engine/date.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"

namespace gongkai {

v1::CivilDate ToCivil(Date date);
// invalid_argument for an impossible or out-of-range date; `what` names the
// field in the message ("the receipt date 2023-2-29 is not a date ...").
StatusOr<Date> FromCivil(const v1::CivilDate& date, std::string_view what = "the date");
// For dates the engine itself stored (already validated).
Date FromCivilTrusted(const v1::CivilDate& date);
bool IsSet(const v1::CivilDate& date);
// A stored date as messages show it: "2012-09-28".
std::string FormatCivil(const v1::CivilDate& date);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_CIVIL_DATE_H_
