#include "engine/civil_date.h"

namespace gongkai {

v1::CivilDate ToCivil(Date date) {
  const std::chrono::year_month_day ymd(date);
  v1::CivilDate civil;
  civil.set_year(int(ymd.year()));
  civil.set_month(int(unsigned(ymd.month())));
  civil.set_day(int(unsigned(ymd.day())));
  return civil;
}

StatusOr<Date> FromCivil(const v1::CivilDate& date, std::string_view what) {
  if (!IsSet(date)) return InvalidArgumentError(std::string(what) + " is missing");
  auto parsed = DateFromFields(date.year(), date.month(), date.day());
  if (!parsed.ok()) {
    return InvalidArgumentError(std::string(what) + ": " + parsed.status().message());
  }
  return parsed;
}

Date FromCivilTrusted(const v1::CivilDate& date) {
  auto parsed = DateFromFields(date.year(), date.month(), date.day());
  return parsed.ok() ? *parsed : MakeDate(kMinYear, 1, 1);
}

std::string FormatCivil(const v1::CivilDate& date) { return FormatDate(FromCivilTrusted(date)); }

bool IsSet(const v1::CivilDate& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

}  // namespace gongkai
