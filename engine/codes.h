// The words of DOMAIN.md ("Codes") for every enum of the schema, and the
// statutory labels of the outcomes. The word of a value is its proto name
// without the enum's prefix, in lower case: CHANNEL_IN_PERSON <-> in_person,
// OUTCOME_REFUSED_STATE_SECRET <-> refused_state_secret.
//
// Thread safety: pure functions over static tables.
#ifndef GONGKAI_ENGINE_CODES_H_
#define GONGKAI_ENGINE_CODES_H_

#include <google/protobuf/generated_enum_reflection.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "gongkai/v1/codes.pb.h"

namespace gongkai {

namespace internal {
std::string CodeOf(const google::protobuf::EnumDescriptor* type, int value);
// Returns the value, or an invalid_argument Status naming the allowed words.
StatusOr<int> ParseCode(const google::protobuf::EnumDescriptor* type, std::string_view word);
std::vector<std::string> AllCodes(const google::protobuf::EnumDescriptor* type);
}  // namespace internal

// "in_person" for CHANNEL_IN_PERSON; "unspecified" for the zero value;
// "unknown(42)" for a number the schema does not define.
template <typename Enum>
std::string CodeOf(Enum value) {
  return internal::CodeOf(google::protobuf::GetEnumDescriptor<Enum>(), int(value));
}

// The inverse of CodeOf. "unspecified" and unknown words are refused:
// "'bycicle' is not a channel: use one of in_person, registered_mail, ...".
template <typename Enum>
StatusOr<Enum> ParseCode(std::string_view word) {
  auto value = internal::ParseCode(google::protobuf::GetEnumDescriptor<Enum>(), word);
  if (!value.ok()) return value.status();
  return static_cast<Enum>(*value);
}

// Every defined word of an enum, in number order, "unspecified" excluded.
template <typename Enum>
std::vector<std::string> AllCodes() {
  return internal::AllCodes(google::protobuf::GetEnumDescriptor<Enum>());
}

// The word of `value` with spaces for underscores, for a sentence:
// REQUEST_STATUS_AWAITING_CORRECTION -> "awaiting correction".
template <typename Enum>
std::string CodeWords(Enum value) {
  std::string words = CodeOf(value);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

// True when `value` is a defined, non-zero value of the enum.
template <typename Enum>
bool IsKnownCode(int value) {
  return value != 0 &&
         google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value) != nullptr;
}

// An outcome with its rows in the two report vocabularies (DOMAIN.md,
// "Outcomes").
struct OutcomeLabels {
  v1::Outcome outcome;
  std::string_view group;       // Header row, e.g. "（三）不予公开"; empty for
                                // （一） and （二）, which are rows themselves.
  std::string_view label_2021;  // Exact statutory row label.
  std::string_view words_2008;  // The seed-era report's words.
};

// All outcomes in statutory order.
const std::vector<OutcomeLabels>& AllOutcomeLabels();
// The labels of one outcome; the unspecified outcome yields empty labels.
const OutcomeLabels& LabelsOf(v1::Outcome outcome);

// 受理方式 and applicant column headings in Chinese.
std::string_view ChannelLabel(v1::Channel channel);
std::string_view ApplicantTypeLabel(v1::ApplicantType type);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_CODES_H_
