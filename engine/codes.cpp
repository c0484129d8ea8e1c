#include "engine/codes.h"

#include <cctype>

namespace gongkai {
namespace internal {
namespace {

// "CHANNEL_" for Channel: the zero value's name without "UNSPECIFIED".
std::string PrefixOf(const google::protobuf::EnumDescriptor* type) {
  std::string zero = type->FindValueByNumber(0)->name();
  return zero.substr(0, zero.size() - std::string_view("UNSPECIFIED").size());
}

std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "ApplicantType" -> "applicant type", for messages.
std::string Noun(const google::protobuf::EnumDescriptor* type) {
  std::string noun;
  for (char c : type->name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !noun.empty()) noun += ' ';
    noun += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return noun;
}

}  // namespace

std::string CodeOf(const google::protobuf::EnumDescriptor* type, int value) {
  const auto* v = type->FindValueByNumber(value);
  if (v == nullptr) return "unknown(" + std::to_string(value) + ")";
  return Lower(v->name().substr(PrefixOf(type).size()));
}

StatusOr<int> ParseCode(const google::protobuf::EnumDescriptor* type, std::string_view word) {
  const std::string prefix = PrefixOf(type);
  for (int i = 0; i < type->value_count(); ++i) {
    const auto* v = type->value(i);
    if (v->number() != 0 && Lower(v->name().substr(prefix.size())) == word) {
      return v->number();
    }
  }
  std::string allowed;
  for (const auto& code : AllCodes(type)) allowed += (allowed.empty() ? "" : ", ") + code;
  std::string shown = Excerpt(word, 40);
  const std::string noun = Noun(type);
  const bool vowel = std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return InvalidArgumentError("'" + shown + "' is not " + (vowel ? "an " : "a ") + noun +
                              ": use one of " + allowed);
}

std::vector<std::string> AllCodes(const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string> codes;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) codes.push_back(CodeOf(type, type->value(i)->number()));
  }
  return codes;
}

}  // namespace internal

namespace {
constexpr std::string_view kNotHeld2008 = "不属于本行政机关公开或信息不存在";
}  // namespace

const std::vector<OutcomeLabels>& AllOutcomeLabels() {
  using v1::Outcome;
  static const std::vector<OutcomeLabels> labels = {
      {v1::OUTCOME_GRANTED, "", "（一）予以公开", "同意公开"},
      {v1::OUTCOME_PARTLY_GRANTED, "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
       "部分公开"},
      {v1::OUTCOME_REFUSED_STATE_SECRET, "（三）不予公开", "1.属于国家秘密", "不予公开"},
      {v1::OUTCOME_REFUSED_OTHER_LAW, "（三）不予公开", "2.其他法律行政法规禁止公开", "不予公开"},
      {v1::OUTCOME_REFUSED_SECURITY_STABILITY, "（三）不予公开", "3.危及“三安全一稳定”",
       "不予公开"},
      {v1::OUTCOME_REFUSED_THIRD_PARTY, "（三）不予公开", "4.保护第三方合法权益", "不予公开"},
      {v1::OUTCOME_REFUSED_INTERNAL_AFFAIRS, "（三）不予公开", "5.属于三类内部事务信息",
       "不予公开"},
      {v1::OUTCOME_REFUSED_PROCESS_INFO, "（三）不予公开", "6.属于四类过程性信息", "不予公开"},
      {v1::OUTCOME_REFUSED_ENFORCEMENT_FILE, "（三）不予公开", "7.属于行政执法案卷", "不予公开"},
      {v1::OUTCOME_REFUSED_INQUIRY_MATTER, "（三）不予公开", "8.属于行政查询事项", "不予公开"},
      {v1::OUTCOME_UNABLE_NOT_HELD, "（四）无法提供", "1.本机关不掌握相关政府信息", kNotHeld2008},
      {v1::OUTCOME_UNABLE_NEEDS_CREATION, "（四）无法提供", "2.没有现成信息需要另行制作",
       kNotHeld2008},
      {v1::OUTCOME_UNABLE_STILL_UNCLEAR, "（四）无法提供", "3.补正后申请内容仍不明确",
       "申请内容不明确"},
      {v1::OUTCOME_NOT_PROCESSED_COMPLAINT, "（五）不予处理", "1.信访举报投诉类申请", "其他"},
      {v1::OUTCOME_NOT_PROCESSED_REPEAT, "（五）不予处理", "2.重复申请", "重复申请"},
      {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, "（五）不予处理", "3.要求提供公开出版物", "其他"},
      {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "（五）不予处理", "4.无正当理由大量反复申请", "其他"},
      {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, "（五）不予处理",
       "5.要求行政机关确认或重新出具已获取信息", "其他"},
      {v1::OUTCOME_OTHER_NO_CORRECTION, "（六）其他处理",
       "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请内容不明确"},
      {v1::OUTCOME_OTHER_FEE_UNPAID, "（六）其他处理",
       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"},
      {v1::OUTCOME_OTHER, "（六）其他处理", "3.其他", "其他"},
  };
  return labels;
}

const OutcomeLabels& LabelsOf(v1::Outcome outcome) {
  static const OutcomeLabels kNone{v1::OUTCOME_UNSPECIFIED, "", "", ""};
  for (const auto& labels : AllOutcomeLabels()) {
    if (labels.outcome == outcome) return labels;
  }
  return kNone;
}

std::string_view ChannelLabel(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_IN_PERSON:
      return "当面";
    case v1::CHANNEL_REGISTERED_MAIL:
      return "信函(挂号)";
    case v1::CHANNEL_ORDINARY_MAIL:
      return "信函(平信)";
    case v1::CHANNEL_ONLINE:
      return "网络";
    case v1::CHANNEL_FAX:
      return "传真";
    case v1::CHANNEL_EMAIL:
      return "电子邮件";
    case v1::CHANNEL_OTHER:
      return "其他";
    default:
      return "";
  }
}

std::string_view ApplicantTypeLabel(v1::ApplicantType type) {
  switch (type) {
    case v1::APPLICANT_TYPE_NATURAL_PERSON:
      return "自然人";
    case v1::APPLICANT_TYPE_BUSINESS:
      return "商业企业";
    case v1::APPLICANT_TYPE_RESEARCH:
      return "科研机构";
    case v1::APPLICANT_TYPE_NONPROFIT:
      return "社会公益组织";
    case v1::APPLICANT_TYPE_LEGAL_SERVICES:
      return "法律服务机构";
    case v1::APPLICANT_TYPE_OTHER_ORG:
      return "其他";
    default:
      return "";
  }
}

}  // namespace gongkai
