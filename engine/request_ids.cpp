#include "engine/request_ids.h"

#include <cstdio>

#include "engine/agencies.h"
#include "engine/proto_fields.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "<year>-<number>" with a 4-digit year and a number of 1 to 6 digits, not 0.
bool SplitYearNumber(std::string_view text, std::string_view& year, std::string_view& number) {
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) return false;
  year = text.substr(0, dash);
  number = text.substr(dash + 1);
  if (year.size() != 4 || !AllDigits(year) || !AllDigits(number) || number.size() > 6) {
    return false;
  }
  return number.find_first_not_of('0') != std::string_view::npos;
}

std::string Padded(std::string_view number) {
  return std::string(6 - number.size(), '0') + std::string(number);
}

}  // namespace

std::string ExpandRequestId(std::string_view id, std::string_view agency) {
  std::string_view year, number;
  if (SplitYearNumber(id, year, number)) {
    if (!IsAgencyCode(agency)) return std::string(id);
    return StrCat({agency, "-", year, "-", Padded(number)});
  }
  const size_t dash = id.find('-');
  if (dash != std::string_view::npos && IsAgencyCode(id.substr(0, dash)) &&
      SplitYearNumber(id.substr(dash + 1), year, number)) {
    return StrCat({id.substr(0, dash), "-", year, "-", Padded(number)});
  }
  return std::string(id);
}

void ExpandRequestIds(v1::Command& command, std::string_view agency) {
  ForEachStringField(
      command, "request_id",
      [agency](google::protobuf::Message& holder, const google::protobuf::FieldDescriptor* field) {
        const auto* reflection = holder.GetReflection();
        const std::string id = reflection->GetString(holder, field);
        const std::string expanded = ExpandRequestId(id, agency);
        if (expanded != id) reflection->SetString(&holder, field, expanded);
      });
}

}  // namespace gongkai
