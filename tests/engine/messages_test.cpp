// The message catalogue (engine/messages.h): the choice of language, the
// matching of patterns, the catalogue's own consistency, and real messages
// of the engine (refusals, access refusals, due-date explanations) said in
// Chinese without English left in them, so that a message whose English
// changes without its entry is caught here.
#include "engine/messages.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "engine/access.h"
#include "engine/agencies.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/date.h"
#include "engine/passwords.h"
#include "engine/request_machine.h"
#include "tests/engine/request_machine_helpers.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.

TEST_CASE("The --lang flag wins over the locale, then LC_ALL, LC_MESSAGES and LANG in order",
          "[engine][messages]") {
  CHECK(ChooseLang(std::string("en"), "zh_CN.UTF-8", nullptr, nullptr) == Lang::kEn);
  CHECK(ChooseLang(std::string("zh"), "en_US.UTF-8", "en_US.UTF-8", "en_US.UTF-8") == Lang::kZh);
  CHECK(ChooseLang(std::nullopt, "en_US.UTF-8", "zh_CN.UTF-8", "zh_CN.UTF-8") == Lang::kEn);
  CHECK(ChooseLang(std::nullopt, "zh_CN.UTF-8", "en_US.UTF-8", "en_US.UTF-8") == Lang::kZh);
  CHECK(ChooseLang(std::nullopt, "", "en_GB.UTF-8", "zh_CN.UTF-8") == Lang::kEn);
  CHECK(ChooseLang(std::nullopt, nullptr, nullptr, "en_US.UTF-8") == Lang::kEn);
  CHECK(ChooseLang(std::nullopt, nullptr, nullptr, "C.UTF-8") == Lang::kZh);
  CHECK(ChooseLang(std::nullopt, nullptr, nullptr, nullptr) == Lang::kZh);
  // A flag the command line refuses is no choice here.
  CHECK(ChooseLang(std::string("fr"), nullptr, nullptr, "en_US.UTF-8") == Lang::kEn);
}

TEST_CASE("A message is said in Chinese with its captured parts in the template's order",
          "[engine][messages]") {
  // The receipt date comes first in Chinese, the article is translated.
  CHECK(Translate("the extension was already used on 2012-10-08: Art. 24 allows one extension "
                  "of at most 15 working days",
                  Lang::kZh) == "已于2012-10-08延期：第二十四条规定只能延期一次，最长15个工作日");
  // Two captures swapped: the date before the party.
  CHECK(Translate("the consultation of 市自然资源局 started 2012-10-08 is still open: record its "
                  "end before the decision",
                  Lang::kZh) ==
        "2012-10-08开始的向市自然资源局征求意见尚未结束：记录答复决定之前，先记录征求意见结束");
  // A part joined by ": " is translated in its turn.
  CHECK(Translate("--on: '2012-1-5' is not a date: write it as YYYY-MM-DD", Lang::kZh) ==
        "--on：“2012-1-5”不是日期：请写成 YYYY-MM-DD");
  // A list of roles is named in Chinese.
  CHECK(Translate("intake needs the role clerk; 某人 has supervisor,auditor", Lang::kZh) ==
        "intake需要受理人员角色；某人的角色是监督人员、审计人员");
  // The most specific pattern wins: "Art. 21(4)" over "Art. {}".
  CHECK(Translate("Art. 21(4)", Lang::kZh) == "第二十一条第（四）项");
  CHECK(Translate("Art. 99", Lang::kZh) == "第99条");
}

TEST_CASE("Text the catalogue does not know is left as it is, and English is the text itself",
          "[engine][messages]") {
  CHECK(Translate("a message nobody wrote an entry for", Lang::kZh) ==
        "a message nobody wrote an entry for");
  CHECK(Translate("", Lang::kZh).empty());
  CHECK(Translate("the request is not registered", Lang::kEn) == "the request is not registered");
  CHECK(Translate("the request is not registered", Lang::kZh) == "该申请尚未登记");
}

TEST_CASE("Codes are named by the law's terms in Chinese and stay the code words in English",
          "[engine][messages]") {
  CHECK(NameOf(v1::REQUEST_STATUS_AWAITING_CORRECTION, Lang::kZh) == "待补正");
  CHECK(NameOf(v1::REQUEST_STATUS_AWAITING_CORRECTION, Lang::kEn) == "awaiting_correction");
  CHECK(NameOf(v1::ALERT_LEVEL_VERY_OVERDUE, Lang::kZh) == "严重逾期");
  CHECK(NameOf(v1::OUTCOME_REFUSED_STATE_SECRET, Lang::kZh) == "（三）不予公开1.属于国家秘密");
  CHECK(NameOf(v1::CHANNEL_REGISTERED_MAIL, Lang::kZh) == "信函(挂号)");
  CHECK(NameOf(v1::APPEAL_RESULT_OTHER, Lang::kZh) == "其他结果");
  CHECK(NameOf(v1::ROLE_HEAD, Lang::kZh) == "政府信息公开工作机构负责人");
  CHECK(DescribeStatus(FailedPreconditionError("the request is not registered"), Lang::kZh) ==
        "不符合办理条件 (failed_precondition): 该申请尚未登记");
  CHECK(DescribeStatus(FailedPreconditionError("the request is not registered"), Lang::kEn) ==
        "failed_precondition: the request is not registered");
  // Every code of every enum a person sees has a Chinese name.
  for (const auto& code : AllCodes<v1::RequestStatus>()) {
    INFO(code);
    CHECK(internal::NameOfCode("RequestStatus", code, Lang::kZh) != code);
  }
  for (const auto& code : AllCodes<v1::AlertLevel>()) {
    INFO(code);
    CHECK(internal::NameOfCode("AlertLevel", code, Lang::kZh) != code);
  }
  for (const auto& code : AllCodes<v1::Role>()) {
    INFO(code);
    CHECK(internal::NameOfCode("Role", code, Lang::kZh) != code);
  }
  for (const auto& code : AllCodes<v1::AppealKind>()) CHECK(internal::ChineseOfAnyCode(code));
  for (const auto& code : AllCodes<v1::Outcome>()) CHECK(internal::ChineseOfAnyCode(code));
}

// The highest {n} or {~n} a template names.
int HighestReference(std::string_view chinese) {
  static const std::regex reference(R"(\{~?([0-9]+)\})");
  int highest = 0;
  const std::string text(chinese);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), reference);
       it != std::sregex_iterator(); ++it) {
    highest = std::max(highest, std::stoi((*it)[1].str()));
  }
  return highest;
}

TEST_CASE("Every entry names each of its captures, no pattern is listed twice or ambiguous",
          "[engine][messages]") {
  std::set<std::string_view> seen;
  for (const MessageEntry& entry : MessageCatalogue()) {
    INFO(entry.english);
    int placeholders = 0;
    for (size_t at = entry.english.find("{}"); at != std::string_view::npos;
         at = entry.english.find("{}", at + 2)) {
      ++placeholders;
    }
    CHECK(HighestReference(entry.chinese) == placeholders);
    CHECK(seen.insert(entry.english).second);
    // Two captures side by side could split anywhere.
    CHECK(entry.english.find("{}{}") == std::string_view::npos);
    CHECK_FALSE(entry.chinese.empty());
  }
}

// Words a Chinese message may keep in ASCII: codes, options, commands,
// file names and formats a person types as they are.
bool Allowed(const std::string& token) {
  static const std::set<std::string> words = [] {
    std::set<std::string> all = {"gongkai",    "gongkaid",    "intake",    "extend",
                                 "report",     "lock",        "fee-lapse", "correction-receive",
                                 "YYYY-MM-DD", kTestRequestId};
    auto add = [&all](const std::vector<std::string>& codes) {
      all.insert(codes.begin(), codes.end());
    };
    add(AllCodes<v1::Outcome>());
    add(AllCodes<v1::Channel>());
    add(AllCodes<v1::ApplicantType>());
    add(AllCodes<v1::AppealKind>());
    add(AllCodes<v1::AppealResult>());
    add(AllCodes<v1::Role>());
    add({"name", "id_number", "phone", "address", "contact"});  // Applicant fields (amend).
    // Passwords: the names of the hash, its library and its units.
    add({"user", "passwd", "Argon2id", "libsodium", "crypto_pwhash_str", "UTF-8", "KiB"});
    return all;
  }();
  return token.rfind("--", 0) == 0 || words.count(token) > 0;
}

// The ASCII words of three letters or more in `text` that are not allowed.
std::vector<std::string> EnglishLeft(const std::string& text) {
  static const std::regex word(R"(-*[A-Za-z][A-Za-z0-9_.-]*)");
  static const std::regex letters("[A-Za-z]{3,}");
  std::vector<std::string> left;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator();
       ++it) {
    const std::string token = it->str();
    if (std::regex_search(token, letters) && !Allowed(token)) left.push_back(token);
  }
  return left;
}

void CheckSaidInChinese(const std::string& english) {
  const std::string chinese = Translate(english, Lang::kZh);
  INFO("english: " << english << "\nchinese: " << chinese);
  CHECK(EnglishLeft(chinese).empty());
}

const AgencyRegistry& Registry() {
  static const AgencyRegistry registry = AgencyRegistry::Parse(
                                             "210300\t鞍山市人民政府\t\tcity\n"
                                             "210302\t铁东区人民政府\t210300\tcounty\n"
                                             "210303\t铁西区人民政府\t210300\tcounty\n",
                                             "test")
                                             .value();
  return registry;
}

TEST_CASE("The request machine's refusals are said in Chinese with no English left",
          "[engine][messages]") {
  const std::vector<std::vector<v1::Event>> refused = {
      {Received(k2012Receipt), Decided(Day(2012, 9, 27))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 10)),
       ConsultationEnded(Day(2012, 10, 9))},
      {Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 5),
       ExtensionApproved(Day(2012, 10, 9), 5)},
      {Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 16)},
      {Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 26))},
      {Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 5, "")},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
       ExtensionApproved(Day(2012, 10, 9))},
      {Received(k2019Receipt), CorrectionRequested(Day(2019, 5, 16)),
       CorrectionReceived(Day(2019, 5, 20)), CorrectionRequested(Day(2019, 5, 21))},
      {Received(k2019Receipt), CorrectionRequested(Day(2019, 5, 27))},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 26))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       CorrectionRequested(Day(2012, 10, 9))},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
       CorrectionRequested(Day(2012, 10, 9))},
      {Received(Day(2012, 3, 5)), CorrectionRequested(Day(2012, 3, 8), 5),
       CorrectionLapsed(Day(2012, 3, 15))},
      {Received(k2012Receipt), CorrectionLapsed(Day(2012, 12, 3))},
      {Received(k2012Receipt), CorrectionReceived(Day(2012, 10, 8))},
      {Received(k2019Receipt), FeeNoticeIssued(Day(2019, 6, 3)), FeeLapsed(Day(2019, 7, 2))},
      {Received(k2019Receipt), FeeNoticeIssued(Day(2019, 6, 3)), FeePaid(Day(2019, 7, 3))},
      {Received(k2012Receipt), FeeLapsed(Day(2012, 12, 3))},
      {Received(k2012Receipt), FeePaid(Day(2012, 10, 8))},
      {Received(k2012Receipt), ConsultationEnded(Day(2012, 10, 8))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       ConsultationStarted(Day(2012, 10, 8), "市财政局"), ConsultationEnded(Day(2012, 10, 9))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       ConsultationEnded(Day(2012, 10, 9), "市财政局")},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)), Decided(Day(2012, 10, 9))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8), ""),
       Decided(Day(2012, 10, 9))},
      {Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)), Decided(Day(2012, 10, 9))},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)), Decided(Day(2012, 10, 9))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       ConsultationStarted(Day(2012, 10, 9))},
      {Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
       FeeNoticeIssued(Day(2012, 10, 9))},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_OTHER_NO_CORRECTION)},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_OTHER_FEE_UNPAID)},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_UNABLE_STILL_UNCLEAR)},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_UNSPECIFIED)},
      {Received(k2012Receipt), Delivered(Day(2012, 10, 8))},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)), Delivered(Day(2012, 10, 9)),
       Delivered(Day(2012, 10, 10))},
      {Received(k2012Receipt), AppealFiled(Day(2012, 10, 8))},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)), AppealFiled(Day(2012, 10, 9)),
       AppealFiled(Day(2012, 10, 10))},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)),
       AppealFiled(Day(2012, 10, 9), v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION)},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)), AppealResolved(Day(2012, 10, 9))},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)), Withdrawn(Day(2012, 10, 9))},
      {Received(k2012Receipt), AnsweredOnTheSpot(Day(2012, 10, 8))},
      {Received(Day(2008, 4, 30))},
      {Received(k2012Receipt), Received(k2012Receipt)},
      {Decided(k2012Receipt)},
      {Received(k2012Receipt), EmptyEvent(Day(2012, 10, 8))},
  };
  for (const auto& events : refused) {
    const Status refusal = ApplyEvents(events).refusal;
    REQUIRE_FALSE(refusal.ok());
    CheckSaidInChinese(std::string(refusal.message()));
  }
  const Status future = RefusalOfLast({Received(Day(2012, 9, 29))}, {}, Day(2012, 9, 28));
  CheckSaidInChinese(std::string(future.message()));
}

TEST_CASE("An amendment's refusals are said in Chinese with no English left",
          "[engine][messages][amend]") {
  const auto receipt = [](Date on, Date received) {
    v1::Event event = IntakeAmended(on);
    *event.mutable_intake_amended()->mutable_received_on() = ToCivil(received);
    return event;
  };
  v1::Event nothing = IntakeAmended(Day(2012, 10, 8));
  v1::Event no_reason = receipt(Day(2012, 10, 8), Day(2012, 9, 27));
  no_reason.mutable_intake_amended()->clear_reason();
  v1::Event twice = IntakeAmended(Day(2012, 10, 8));
  twice.mutable_intake_amended()->set_applicant_fields("phone,phone");
  v1::Event unknown = IntakeAmended(Day(2012, 10, 8));
  unknown.mutable_intake_amended()->set_applicant_fields("x1");  // Echoed as typed.
  const std::vector<std::vector<v1::Event>> refused = {
      {Received(k2012Receipt), nothing},
      {Received(k2012Receipt), no_reason},
      {Received(k2012Receipt), twice},
      {Received(k2012Receipt), unknown},
      {Received(k2012Receipt), Decided(Day(2012, 10, 8)), receipt(Day(2012, 10, 9), k2012Receipt)},
      {Received(k2012Receipt), receipt(Day(2012, 10, 8), Day(2012, 10, 9))},
      {Received(k2012Receipt), receipt(Day(2012, 10, 8), Day(2011, 12, 30))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       receipt(Day(2012, 10, 9), Day(2012, 10, 8) + std::chrono::days(1))},
  };
  for (const auto& events : refused) {
    const Status refusal = ApplyEvents(events).refusal;
    INFO("events: " << events.size());
    REQUIRE_FALSE(refusal.ok());
    CheckSaidInChinese(std::string(refusal.message()));
  }
  CheckSaidInChinese(
      "amended the subject, the channel, the receipt date (received 2012-09-27: the due date "
      "moves from 2012-10-19 to none while the clock is stopped)");
}

TEST_CASE("Access refusals are said in Chinese with no English left", "[engine][messages]") {
  v1::Principal supervisor;
  supervisor.set_name("某人");
  supervisor.add_roles(v1::ROLE_SUPERVISOR);
  supervisor.set_agency_code("210302");
  v1::Command intake;
  intake.mutable_intake()->mutable_received()->set_agency_code("210302");
  v1::Command extend;
  extend.mutable_record_event()->mutable_event()->set_request_id("210302-2012-000001");
  extend.mutable_record_event()->mutable_event()->mutable_extension_approved();
  v1::Command decide;
  decide.mutable_record_event()->mutable_event()->set_request_id("210302-2012-000001");
  decide.mutable_record_event()->mutable_event()->mutable_decided();
  v1::Command other_county;
  other_county.mutable_list()->set_agency_code("210303");
  v1::Command lock;
  lock.mutable_report_lock()->set_year(2012);
  v1::Principal nobody = supervisor;
  nobody.clear_roles();
  v1::Principal county_reporter = supervisor;
  county_reporter.add_roles(v1::ROLE_REPORTER);
  v1::Principal revoked = supervisor;
  revoked.set_revoked(true);
  for (const Status& refusal :
       {Authorize(supervisor, intake, Registry()), Authorize(supervisor, extend, Registry()),
        Authorize(supervisor, decide, Registry()), Authorize(nobody, intake, Registry()),
        Authorize(supervisor, other_county, Registry()),
        Authorize(county_reporter, lock, Registry()), Authorize(revoked, intake, Registry())}) {
    REQUIRE_FALSE(refusal.ok());
    CheckSaidInChinese(std::string(refusal.message()));
  }
}

TEST_CASE("Password and login messages are said in Chinese with no English left",
          "[engine][messages][passwords]") {
  for (const std::string& password :
       {std::string("short"), std::string("abcdefgh\tij"), std::string(2000, 'a')}) {
    CheckSaidInChinese(std::string(CheckNewPassword(password).message()));
  }
  for (const std::string hash : {"hunter22",
                                 "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                 "dGhpcyBpcyBub3QgYSByZWFsIGRpZ2VzdCBhdCBhbGw"}) {
    const Status refused = CheckPasswordHash(hash);
    REQUIRE_FALSE(refused.ok());
    CheckSaidInChinese(std::string(refused.message()));
  }
  CheckSaidInChinese(kWrongLogin);
  v1::Principal web;
  web.set_name("web");
  web.set_may_delegate(true);
  v1::Principal clerk;
  clerk.set_name("某人");
  clerk.add_roles(v1::ROLE_CLERK);
  v1::Command login;
  login.mutable_login()->set_name("某人");
  for (const Status& refusal : {Authorize(clerk, login, Registry()), [&] {
                                  v1::Command behalf = login;
                                  behalf.set_on_behalf_of("某人");
                                  return Authorize(web, behalf, Registry());
                                }()}) {
    REQUIRE_FALSE(refusal.ok());
    CheckSaidInChinese(std::string(refusal.message()));
  }
  for (const std::string reply :
       {"set the web console password of 张三", "logged in 张三",
        "张三 is a service with the delegate right: it proves who it is with its key, never with "
        "a password",
        "new web console password for 张三: ", "the same password again: ",
        "the two passwords differ: nothing was changed",
        "--password-stdin: standard input is empty",
        "no terminal to ask for the password on: give it as a line of standard input with "
        "--password-stdin",
        "login is sent by the web console for itself, never on behalf of a person"}) {
    CheckSaidInChinese(reply);
    CHECK(Translate(reply, Lang::kZh) != reply);
  }
}

TEST_CASE("Due-date explanations are said in Chinese with no English left", "[engine][messages]") {
  const std::vector<std::vector<v1::Event>> histories = {
      {Received(k2012Receipt)},
      {Received(k2019Receipt)},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       ConsultationEnded(Day(2012, 10, 19)), ExtensionApproved(Day(2012, 10, 22), 15)},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       FeeNoticeIssued(Day(2012, 10, 9)), ConsultationEnded(Day(2012, 10, 19)),
       FeePaid(Day(2012, 10, 22))},
      {Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
       FeeNoticeIssued(Day(2012, 10, 9))},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8))},
      {Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
       CorrectionReceived(Day(2012, 10, 10))},
      {Received(Day(2030, 3, 1))},  // A year with no notice: provisional.
  };
  DeadlinePolicy counted;
  counted.count_receipt_day = true;
  for (const auto& events : histories) {
    for (const DeadlinePolicy& policy : {DeadlinePolicy{}, counted}) {
      const Replay replay = ApplyEvents(events, policy, Day(2030, 12, 31));
      REQUIRE(replay.refusal.ok());
      auto deadline = DeadlineOf(replay.state, policy);
      REQUIRE(deadline.ok());
      REQUIRE_FALSE(deadline->explanation.empty());
      for (const auto& line : deadline->explanation) CheckSaidInChinese(line);
    }
  }
}

}  // namespace
}  // namespace gongkai
