// Tests of engine/codes.h: the words of DOMAIN.md ("Codes") for every enum,
// and the statutory outcome labels (DOMAIN.md, "Outcomes").
#include "engine/codes.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace gongkai {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

// Checks that CodeOf and ParseCode map `words[i]` <-> value i + 1, and that
// AllCodes lists exactly `words` in order.
template <typename Enum>
void CheckWords(const std::vector<std::string>& words) {
  CHECK(AllCodes<Enum>() == words);
  for (size_t i = 0; i < words.size(); ++i) {
    const Enum value = static_cast<Enum>(i + 1);
    INFO("value " << i + 1 << ", word " << words[i]);
    CHECK(CodeOf(value) == words[i]);
    auto parsed = ParseCode<Enum>(words[i]);
    REQUIRE(parsed.ok());
    CHECK(*parsed == value);
    CHECK(IsKnownCode<Enum>(int(i + 1)));
  }
  CHECK(CodeOf(static_cast<Enum>(0)) == "unspecified");
  CHECK_FALSE(IsKnownCode<Enum>(0));
  CHECK_FALSE(IsKnownCode<Enum>(int(words.size() + 1)));
}

// Checks that "unspecified", an unknown word and near-misses are refused with
// a message that quotes the word and lists every allowed word in order.
template <typename Enum>
void CheckRefusals(const std::vector<std::string>& words) {
  std::string allowed;
  for (const auto& word : words) allowed += (allowed.empty() ? "" : ", ") + word;
  const std::string upper_first = [&] {
    std::string s = words.front();
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }();
  for (const std::string& bad :
       {std::string("unspecified"), std::string("bycicle"), std::string(""), upper_first,
        " " + words.front(), words.front() + " ", std::string("0"), std::string("1")}) {
    INFO("word '" << bad << "'");
    auto parsed = ParseCode<Enum>(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(parsed.status().message(), StartsWith("'" + bad + "' is not a"));
    CHECK_THAT(parsed.status().message(), EndsWith("use one of " + allowed));
  }
}

const std::vector<std::string> kChannels = {
    "in_person", "registered_mail", "ordinary_mail", "online", "fax", "email", "other"};
const std::vector<std::string> kApplicants = {"natural_person", "business",       "research",
                                              "nonprofit",      "legal_services", "other_org"};
const std::vector<std::string> kOutcomes = {"granted",
                                            "partly_granted",
                                            "refused_state_secret",
                                            "refused_other_law",
                                            "refused_security_stability",
                                            "refused_third_party",
                                            "refused_internal_affairs",
                                            "refused_process_info",
                                            "refused_enforcement_file",
                                            "refused_inquiry_matter",
                                            "unable_not_held",
                                            "unable_needs_creation",
                                            "unable_still_unclear",
                                            "not_processed_complaint",
                                            "not_processed_repeat",
                                            "not_processed_publication",
                                            "not_processed_excessive",
                                            "not_processed_confirmation",
                                            "other_no_correction",
                                            "other_fee_unpaid",
                                            "other"};
const std::vector<std::string> kAlertLevels = {
    "due_soon",           "due_today", "overdue", "very_overdue", "correction_not_asked",
    "third_party_overdue"};
const std::vector<std::string> kAppealKinds = {"reconsideration", "litigation",
                                               "litigation_after_reconsideration"};
const std::vector<std::string> kAppealResults = {"upheld", "corrected", "other"};

TEST_CASE("Channel codes are the words of DOMAIN.md", "[engine][codes]") {
  CheckWords<v1::Channel>(kChannels);
  CHECK(CodeOf(v1::CHANNEL_IN_PERSON) == "in_person");
  CHECK(CodeOf(v1::CHANNEL_REGISTERED_MAIL) == "registered_mail");
  CHECK(CodeOf(v1::CHANNEL_ORDINARY_MAIL) == "ordinary_mail");
  CHECK(CodeOf(v1::CHANNEL_EMAIL) == "email");
}

TEST_CASE("Applicant type codes are the words of DOMAIN.md", "[engine][codes]") {
  CheckWords<v1::ApplicantType>(kApplicants);
  CHECK(CodeOf(v1::APPLICANT_TYPE_LEGAL_SERVICES) == "legal_services");
  CHECK(CodeOf(v1::APPLICANT_TYPE_OTHER_ORG) == "other_org");
}

TEST_CASE("Outcome codes are the words of DOMAIN.md in the order of its table", "[engine][codes]") {
  CheckWords<v1::Outcome>(kOutcomes);
  CHECK(CodeOf(v1::OUTCOME_REFUSED_STATE_SECRET) == "refused_state_secret");
  CHECK(CodeOf(v1::OUTCOME_OTHER) == "other");
}

TEST_CASE("Alert level codes are the words of DOMAIN.md", "[engine][codes]") {
  CheckWords<v1::AlertLevel>(kAlertLevels);
}

TEST_CASE("Appeal kind and result codes are the words of DOMAIN.md", "[engine][codes]") {
  CheckWords<v1::AppealKind>(kAppealKinds);
  CheckWords<v1::AppealResult>(kAppealResults);
}

TEST_CASE("ParseCode refuses unspecified and unknown words and lists the allowed codes",
          "[engine][codes]") {
  CheckRefusals<v1::Channel>(kChannels);
  CheckRefusals<v1::ApplicantType>(kApplicants);
  CheckRefusals<v1::Outcome>(kOutcomes);
  CheckRefusals<v1::AlertLevel>(kAlertLevels);
  CheckRefusals<v1::AppealKind>(kAppealKinds);
  CheckRefusals<v1::AppealResult>(kAppealResults);
}

TEST_CASE("ParseCode's refusal names the enum whose codes it wanted", "[engine][codes]") {
  auto channel = ParseCode<v1::Channel>("bycicle");
  REQUIRE_FALSE(channel.ok());
  CHECK(channel.status().message() ==
        "'bycicle' is not a channel: use one of in_person, registered_mail, ordinary_mail, "
        "online, fax, email, other");
  auto applicant = ParseCode<v1::ApplicantType>("person");
  REQUIRE_FALSE(applicant.ok());
  CHECK_THAT(applicant.status().message(), Contains("applicant type"));
}

TEST_CASE("ParseCode echoes at most 40 characters of a long word that is not among the codes",
          "[engine][codes]") {
  const std::string word(1000, 'x');
  auto parsed = ParseCode<v1::Channel>(word);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().message().size() < 200);
}

TEST_CASE("CodeOf shows a number outside the schema's codes as unknown(N)", "[engine][codes]") {
  CHECK(CodeOf(static_cast<v1::Channel>(42)) == "unknown(42)");
  CHECK(CodeOf(static_cast<v1::Outcome>(99)) == "unknown(99)");
  CHECK_FALSE(IsKnownCode<v1::Channel>(42));
}

TEST_CASE("Regime codes are the years of the two texts", "[engine][codes]") {
  CHECK(CodeOf(v1::REGIME_2008) == "2008");
  CHECK(CodeOf(v1::REGIME_2019) == "2019");
  auto parsed = ParseCode<v1::Regime>("2019");
  REQUIRE(parsed.ok());
  CHECK(*parsed == v1::REGIME_2019);
}

// The outcome rows of DOMAIN.md ("Outcomes"), copied from its table.
struct ExpectedOutcome {
  v1::Outcome outcome;
  const char* code;
  const char* group;
  const char* label;
};

const std::vector<ExpectedOutcome> kExpectedOutcomes = {
    {v1::OUTCOME_GRANTED, "granted", "", "（一）予以公开"},
    {v1::OUTCOME_PARTLY_GRANTED, "partly_granted", "",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {v1::OUTCOME_REFUSED_STATE_SECRET, "refused_state_secret", "（三）不予公开", "1.属于国家秘密"},
    {v1::OUTCOME_REFUSED_OTHER_LAW, "refused_other_law", "（三）不予公开",
     "2.其他法律行政法规禁止公开"},
    {v1::OUTCOME_REFUSED_SECURITY_STABILITY, "refused_security_stability", "（三）不予公开",
     "3.危及“三安全一稳定”"},
    {v1::OUTCOME_REFUSED_THIRD_PARTY, "refused_third_party", "（三）不予公开",
     "4.保护第三方合法权益"},
    {v1::OUTCOME_REFUSED_INTERNAL_AFFAIRS, "refused_internal_affairs", "（三）不予公开",
     "5.属于三类内部事务信息"},
    {v1::OUTCOME_REFUSED_PROCESS_INFO, "refused_process_info", "（三）不予公开",
     "6.属于四类过程性信息"},
    {v1::OUTCOME_REFUSED_ENFORCEMENT_FILE, "refused_enforcement_file", "（三）不予公开",
     "7.属于行政执法案卷"},
    {v1::OUTCOME_REFUSED_INQUIRY_MATTER, "refused_inquiry_matter", "（三）不予公开",
     "8.属于行政查询事项"},
    {v1::OUTCOME_UNABLE_NOT_HELD, "unable_not_held", "（四）无法提供",
     "1.本机关不掌握相关政府信息"},
    {v1::OUTCOME_UNABLE_NEEDS_CREATION, "unable_needs_creation", "（四）无法提供",
     "2.没有现成信息需要另行制作"},
    {v1::OUTCOME_UNABLE_STILL_UNCLEAR, "unable_still_unclear", "（四）无法提供",
     "3.补正后申请内容仍不明确"},
    {v1::OUTCOME_NOT_PROCESSED_COMPLAINT, "not_processed_complaint", "（五）不予处理",
     "1.信访举报投诉类申请"},
    {v1::OUTCOME_NOT_PROCESSED_REPEAT, "not_processed_repeat", "（五）不予处理", "2.重复申请"},
    {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, "not_processed_publication", "（五）不予处理",
     "3.要求提供公开出版物"},
    {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "not_processed_excessive", "（五）不予处理",
     "4.无正当理由大量反复申请"},
    {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, "not_processed_confirmation", "（五）不予处理",
     "5.要求行政机关确认或重新出具已获取信息"},
    {v1::OUTCOME_OTHER_NO_CORRECTION, "other_no_correction", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
    {v1::OUTCOME_OTHER_FEE_UNPAID, "other_fee_unpaid", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
    {v1::OUTCOME_OTHER, "other", "（六）其他处理", "3.其他"},
};

TEST_CASE("AllOutcomeLabels lists the 21 outcome codes in statutory order with exact labels",
          "[engine][codes]") {
  const auto& all = AllOutcomeLabels();
  REQUIRE(all.size() == 21);
  REQUIRE(kExpectedOutcomes.size() == 21);
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& want = kExpectedOutcomes[i];
    INFO("row " << i + 1 << ": " << want.code);
    CHECK(all[i].outcome == want.outcome);
    CHECK(CodeOf(all[i].outcome) == want.code);
    CHECK(std::string(all[i].label_2021) == want.label);
    CHECK(std::string(all[i].group) == want.group);
    CHECK_FALSE(all[i].words_2008.empty());
  }
}

TEST_CASE("AllOutcomeLabels covers the outcome codes, each exactly once", "[engine][codes]") {
  const auto& all = AllOutcomeLabels();
  std::vector<std::string> codes;
  for (const auto& labels : all) codes.push_back(CodeOf(labels.outcome));
  CHECK(codes == AllCodes<v1::Outcome>());
}

TEST_CASE("LabelsOf finds the row of each of the outcome codes and nothing for unspecified",
          "[engine][codes]") {
  for (const auto& want : kExpectedOutcomes) {
    INFO(want.code);
    const auto& labels = LabelsOf(want.outcome);
    CHECK(labels.outcome == want.outcome);
    CHECK(std::string(labels.label_2021) == want.label);
  }
  const auto& none = LabelsOf(v1::OUTCOME_UNSPECIFIED);
  CHECK(none.label_2021.empty());
  CHECK(none.group.empty());
  CHECK(none.words_2008.empty());
}

TEST_CASE("The 2008-era words of the outcome codes follow DOMAIN.md's equivalences",
          "[engine][codes]") {
  CHECK(LabelsOf(v1::OUTCOME_GRANTED).words_2008 == "同意公开");
  CHECK(LabelsOf(v1::OUTCOME_PARTLY_GRANTED).words_2008 == "部分公开");
  for (auto refused : {v1::OUTCOME_REFUSED_STATE_SECRET, v1::OUTCOME_REFUSED_OTHER_LAW,
                       v1::OUTCOME_REFUSED_SECURITY_STABILITY, v1::OUTCOME_REFUSED_THIRD_PARTY,
                       v1::OUTCOME_REFUSED_INTERNAL_AFFAIRS, v1::OUTCOME_REFUSED_PROCESS_INFO,
                       v1::OUTCOME_REFUSED_ENFORCEMENT_FILE, v1::OUTCOME_REFUSED_INQUIRY_MATTER}) {
    INFO(CodeOf(refused));
    CHECK(LabelsOf(refused).words_2008 == "不予公开");
  }
  CHECK(LabelsOf(v1::OUTCOME_UNABLE_NOT_HELD).words_2008 == "不属于本行政机关公开或信息不存在");
  CHECK(LabelsOf(v1::OUTCOME_UNABLE_STILL_UNCLEAR).words_2008 == "申请内容不明确");
  CHECK(LabelsOf(v1::OUTCOME_NOT_PROCESSED_REPEAT).words_2008 == "重复申请");
}

TEST_CASE("The applicant and channel codes have the report's Chinese headings as labels",
          "[engine][codes]") {
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_NATURAL_PERSON) == "自然人");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_BUSINESS) == "商业企业");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_RESEARCH) == "科研机构");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_NONPROFIT) == "社会公益组织");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_LEGAL_SERVICES) == "法律服务机构");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_OTHER_ORG) == "其他");
  CHECK(ApplicantTypeLabel(v1::APPLICANT_TYPE_UNSPECIFIED).empty());
  CHECK(ChannelLabel(v1::CHANNEL_IN_PERSON) == "当面");
  CHECK_THAT(std::string(ChannelLabel(v1::CHANNEL_REGISTERED_MAIL)), StartsWith("信函"));
  CHECK_THAT(std::string(ChannelLabel(v1::CHANNEL_ORDINARY_MAIL)), StartsWith("信函"));
  CHECK(ChannelLabel(v1::CHANNEL_REGISTERED_MAIL) != ChannelLabel(v1::CHANNEL_ORDINARY_MAIL));
  CHECK(ChannelLabel(v1::CHANNEL_ONLINE) == "网络");
  CHECK(ChannelLabel(v1::CHANNEL_FAX) == "传真");
  CHECK(ChannelLabel(v1::CHANNEL_EMAIL) == "电子邮件");
  CHECK(ChannelLabel(v1::CHANNEL_OTHER) == "其他");
  CHECK(ChannelLabel(v1::CHANNEL_UNSPECIFIED).empty());
}

}  // namespace
}  // namespace gongkai
