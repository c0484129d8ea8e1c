// gongkai search over the ledger: the bigram index written with each change,
// the reader's leapfrog over it, scope and personal data, paging and the
// index built for a database from before search.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/keys.h"
#include "engine/search_text.h"
#include "tests/workers/ledger_fixture.h"
#include "workers/ledger_reader.h"
#include "workers/request_search.h"

namespace gongkai {
namespace {

using test::Day;
using test::LedgerFixture;

v1::Principal Person(const std::string& name, v1::Role role, const std::string& agency) {
  v1::Principal person;
  person.set_name(name);
  person.add_roles(role);
  person.set_agency_code(agency);
  return person;
}

v1::Command SearchCommand(const std::string& text, int year = 0, int limit = 0,
                          const std::string& cursor = "") {
  v1::Command command;
  command.mutable_search()->set_text(text);
  command.mutable_search()->set_year(year);
  command.mutable_search()->set_limit(limit);
  command.mutable_search()->set_cursor(cursor);
  return command;
}

LedgerOptions SmallPages() {
  LedgerOptions options;
  options.max_reply_bytes = 2000;  // A few requests a page.
  return options;
}

class SearchFixture : public LedgerFixture {
 public:
  explicit SearchFixture(LedgerOptions options = LedgerOptions())
      : LedgerFixture(Day(2013, 3, 1), std::move(options)) {}

  std::string Register(const std::string& agency, Date received, const std::string& subject,
                       const std::string& name = test::kName) {
    v1::Command command = test::IntakeCommand(NextKey(), agency, received);
    command.mutable_intake()->mutable_received()->set_subject(subject);
    command.mutable_intake()->mutable_received()->mutable_applicant()->set_name(name);
    const v1::Reply reply = Handle(command);
    REQUIRE_CODE(reply, "ok");
    return reply.request_id();
  }

  // The reply to `command` from `caller` (null: the engine itself).
  v1::Reply Ask(const v1::Command& command, const v1::Principal* caller = nullptr) {
    const LedgerReader reader(ledger().reader_config(), ledger().read_state());
    return reader.Handle(command, caller);
  }

  std::vector<std::string> Found(const std::string& text, const v1::Principal* caller = nullptr,
                                 int year = 0) {
    const v1::Reply reply = Ask(SearchCommand(text, year), caller);
    INFO(CodeOf(reply.code()) << ": " << reply.message());
    REQUIRE(reply.code() == v1::STATUS_CODE_OK);
    std::vector<std::string> ids;
    for (const auto& view : reply.requests()) ids.push_back(view.state().id());
    return ids;
  }
};

TEST_CASE("Search finds a Chinese substring of a subject, newest receipt first",
          "[workers][search]") {
  SearchFixture f;
  const std::string demolition =
      f.Register("210300", Day(2012, 11, 1), "关于铁东区胜利路拆迁补偿标准的信息");
  const std::string road = f.Register("210300", Day(2012, 11, 5), "胜利路道路改造规划许可");
  const std::string contract = f.Register("210302", Day(2012, 11, 10), "政府采购合同（2012年）");
  CHECK(f.Found("胜利路") == std::vector<std::string>{road, demolition});
  CHECK(f.Found("路拆") == std::vector<std::string>{demolition});
  CHECK(f.Found("采购合同") == std::vector<std::string>{contract});
  SECTION("spaces, punctuation and letter case do not count") {
    CHECK(f.Found("胜利 路") == std::vector<std::string>{road, demolition});
    CHECK(f.Found("合同(2012") == std::vector<std::string>{contract});
  }
  SECTION("words that are not in any subject find nothing") {
    CHECK(f.Found("拆迁信息").empty());
    CHECK(f.Found("规划局").empty());
  }
}

TEST_CASE("A subject holding every bigram of the text but not the text itself is not found",
          "[workers][search]") {
  SearchFixture f;
  f.Register("210300", Day(2012, 11, 1), "公开信息息公");
  const std::string real = f.Register("210300", Day(2012, 11, 2), "请求信息公开");
  CHECK(f.Found("信息公开") == std::vector<std::string>{real});
}

TEST_CASE("Search keeps to the year asked", "[workers][search]") {
  SearchFixture f;
  const std::string old = f.Register("210300", Day(2011, 12, 31), "供暖收费标准");
  const std::string newer = f.Register("210300", Day(2012, 1, 1), "供暖收费标准调整");
  CHECK(f.Found("供暖收费", nullptr, 2012) == std::vector<std::string>{newer});
  CHECK(f.Found("供暖收费", nullptr, 2011) == std::vector<std::string>{old});
  CHECK(f.Found("供暖收费", nullptr, 2013).empty());
  CHECK(f.Found("供暖收费") == std::vector<std::string>{newer, old});
}

TEST_CASE(
    "Search keeps to the person's scope, and only clerks, officers, heads and auditors "
    "find and see applicants' names",
    "[workers][search][access]") {
  SearchFixture f;
  const std::string city = f.Register("210300", Day(2012, 11, 1), "城市供水水质报告", "李建国");
  const std::string county = f.Register("210321", Day(2012, 11, 2), "农村供水工程", "赵红梅");
  const v1::Principal city_clerk = Person("city-clerk", v1::ROLE_CLERK, "210300");
  const v1::Principal county_clerk = Person("county-clerk", v1::ROLE_CLERK, "210321");
  const v1::Principal supervisor = Person("supervisor", v1::ROLE_SUPERVISOR, "210300");

  CHECK(f.Found("供水", &city_clerk) == std::vector<std::string>{county, city});
  CHECK(f.Found("供水", &county_clerk) == std::vector<std::string>{county});
  CHECK(f.Found("赵红梅", &city_clerk) == std::vector<std::string>{county});
  CHECK(f.Found("李建国", &county_clerk).empty());
  SECTION("a supervisor finds subjects but not names, and sees no name") {
    CHECK(f.Found("赵红梅", &supervisor).empty());
    const v1::Reply reply = f.Ask(SearchCommand("供水"), &supervisor);
    REQUIRE(reply.requests_size() == 2);
    for (const auto& view : reply.requests()) CHECK_FALSE(view.has_applicant());
  }
  SECTION("a clerk sees the name and nothing else of the applicant") {
    const v1::Reply reply = f.Ask(SearchCommand("李建国"), &city_clerk);
    REQUIRE(reply.requests_size() == 1);
    CHECK(reply.requests(0).applicant().name() == "李建国");
    CHECK(reply.requests(0).applicant().id_number().empty());
    CHECK(reply.requests(0).applicant().phone().empty());
  }
}

TEST_CASE("An erased applicant's name is no longer found", "[workers][search]") {
  SearchFixture f;
  const std::string id = f.Register("210300", Day(2012, 11, 1), "房屋征收决定", "孙志强");
  REQUIRE(f.Found("孙志强").empty());  // The engine itself never searches names.
  const v1::Principal clerk = Person("clerk", v1::ROLE_CLERK, "210300");
  REQUIRE(f.Found("孙志强", &clerk) == std::vector<std::string>{id});
  v1::Command erase;
  erase.set_idempotency_key(f.NextKey());
  erase.mutable_applicant_erase()->set_request_id(id);
  erase.mutable_applicant_erase()->set_reason("applicant asked");
  REQUIRE_CODE(f.Handle(erase), "ok");
  CHECK(f.Found("孙志强", &clerk).empty());
  CHECK(f.Found("已删除", &clerk).empty());
  CHECK(f.Found("房屋征收", &clerk) == std::vector<std::string>{id});
  for (const auto& [key, value] : f.store().Raw(Table::kSearch)) {
    CHECK(key.front() != char(SearchField::kApplicantName));
  }
}

TEST_CASE("An amended subject, name or receipt date is found as amended, and not as it was",
          "[workers][search][amend]") {
  SearchFixture f;
  const v1::Principal clerk = Person("clerk", v1::ROLE_CLERK, "210300");
  const std::string id = f.Register("210300", Day(2013, 2, 25), "供热管网改造", "吴德胜");
  const std::string other = f.Register("210300", Day(2013, 2, 27), "供热价格调整", "郑丽娟");
  REQUIRE(f.Found("供热", &clerk) == std::vector<std::string>{other, id});
  v1::Command amend;
  amend.set_idempotency_key(f.NextKey());
  amend.mutable_amend()->set_request_id(id);
  v1::IntakeAmended* amended = amend.mutable_amend()->mutable_amended();
  amended->set_subject("供热管网维修资金");
  *amended->mutable_received_on() = ToCivil(Day(2013, 2, 28));
  amended->set_applicant_fields("name");
  amended->set_reason("clerk typed the wrong subject, name and date");
  amend.mutable_amend()->mutable_applicant()->set_name("吴德生");
  REQUIRE_CODE(f.Handle(amend), "ok");
  CHECK(f.Found("管网改造", &clerk).empty());
  CHECK(f.Found("维修资金", &clerk) == std::vector<std::string>{id});
  CHECK(f.Found("吴德胜", &clerk).empty());
  CHECK(f.Found("吴德生", &clerk) == std::vector<std::string>{id});
  // Now received last: it comes first.
  CHECK(f.Found("供热", &clerk) == std::vector<std::string>{id, other});
  // No posting is left under the old receipt date or the old words.
  const v1::Reply verify = f.Handle(test::VerifyCommand());
  CHECK_CODE(verify, "ok");
  size_t postings = 0;
  for (const auto& [key, value] : f.store().Raw(Table::kSearch)) {
    postings += ParseSearchKey(key)->request_id == id ? 1 : 0;
  }
  CHECK(postings == BigramsOf(NormalizeForSearch("供热管网维修资金")).size() +
                        BigramsOf(NormalizeForSearch("吴德生")).size());
}

TEST_CASE("Search pages through every match with the reply's cursor", "[workers][search]") {
  SearchFixture f;
  std::vector<std::string> newest_first;
  for (int i = 0; i < 25; ++i) {
    const std::string subject = i % 2 == 0 ? "环境影响评价报告" : "道路维修";
    const std::string id = f.Register("210300", Day(2012, 10, 1) + std::chrono::days(i), subject);
    if (i % 2 == 0) newest_first.insert(newest_first.begin(), id);
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const v1::Reply reply = f.Ask(SearchCommand("影响评价", 0, 5, cursor));
    REQUIRE_CODE(reply, "ok");
    for (const auto& view : reply.requests()) seen.push_back(view.state().id());
    cursor = reply.next_cursor();
    REQUIRE(++pages <= 4);
  } while (!cursor.empty());
  CHECK(seen == newest_first);
}

TEST_CASE("A search page is cut by bytes and the next page starts at the first request left out",
          "[workers][search]") {
  SearchFixture f(SmallPages());
  std::vector<std::string> newest_first;
  for (int i = 0; i < 12; ++i) {
    newest_first.insert(
        newest_first.begin(),
        f.Register("210300", Day(2012, 10, 1) + std::chrono::days(i), "年度预算公开"));
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const v1::Reply reply = f.Ask(SearchCommand("预算", 0, 1000, cursor));
    REQUIRE_CODE(reply, "ok");
    REQUIRE(reply.requests_size() > 0);
    REQUIRE(reply.ByteSizeLong() < 4000);
    for (const auto& view : reply.requests()) seen.push_back(view.state().id());
    cursor = reply.next_cursor();
    REQUIRE(++pages <= 12);
  } while (!cursor.empty());
  CHECK(pages > 1);
  CHECK(seen == newest_first);
}

TEST_CASE("A search page's cursor names no request the page did not return",
          "[workers][search][access]") {
  SearchFixture f;
  std::vector<std::string> county;
  for (int i = 0; i < 6; ++i) {
    const std::string agency = i % 3 == 0 ? "210302" : "210300";
    const std::string id =
        f.Register(agency, Day(2012, 10, 1) + std::chrono::days(i), "供暖收费标准", "吴丽娟");
    if (agency == "210302") county.insert(county.begin(), id);
  }
  const v1::Principal clerk = Person("county-clerk", v1::ROLE_CLERK, "210302");
  SECTION("a page cut at its limit resumes after its last request") {
    std::vector<std::string> seen;
    std::string cursor;
    do {
      const v1::Reply reply = f.Ask(SearchCommand("供暖", 0, 1, cursor), &clerk);
      REQUIRE_CODE(reply, "ok");
      for (const auto& view : reply.requests()) seen.push_back(view.state().id());
      cursor = reply.next_cursor();
      auto position = DecodeSearchCursor(cursor);
      REQUIRE(position.ok());
      CHECK(position->find("210300") == std::string::npos);
    } while (!cursor.empty() && seen.size() < 10);
    CHECK(seen == county);
  }
  SECTION("a page out of work resumes at a day and number, naming no request") {
    const auto snapshot = f.ledger().read_state()->store;
    SearchQuery query;
    query.needle = NormalizeForSearch("吴丽娟");
    query.max_steps = 2;
    query.in_scope = [](std::string_view code) { return code == "210302"; };
    query.sees_names = query.in_scope;
    std::vector<std::string> seen;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = SearchRequests(*snapshot, query);
      REQUIRE(page.ok());
      for (const auto& position : page->positions) seen.emplace_back(SearchPositionId(position));
      if (!page->next) break;
      CHECK(page->next->find("210300") == std::string::npos);
      REQUIRE(*page->next > query.after);  // Always forward.
      query.after = *page->next;
    }
    CHECK(seen == county);
  }
  SECTION("someone who may not see names does not search them at all") {
    const v1::Principal supervisor = Person("supervisor", v1::ROLE_SUPERVISOR, "210300");
    const v1::Reply reply = f.Ask(SearchCommand("吴丽娟", 0, 1), &supervisor);
    REQUIRE_CODE(reply, "ok");
    CHECK(reply.requests_size() == 0);
    CHECK(reply.next_cursor().empty());
  }
}

TEST_CASE("Search refuses text too short to search for and a forged cursor", "[workers][search]") {
  SearchFixture f;
  f.Register("210300", Day(2012, 11, 1), "信息公开");
  CHECK_CODE(f.Ask(SearchCommand("信")), "invalid_argument");
  CHECK_CODE(f.Ask(SearchCommand(" 。信")), "invalid_argument");
  CHECK_CODE(f.Ask(SearchCommand("信息", 0, 0, "zz")), "invalid_argument");
  CHECK_CODE(f.Ask(SearchCommand("信息", 0, 0, "abc")), "invalid_argument");
  CHECK_CODE(f.Ask(SearchCommand(std::string(401, 'a'))), "invalid_argument");
}

TEST_CASE("A database from before search gets its index at the next start", "[workers][search]") {
  SearchFixture f;
  const v1::Principal clerk = Person("clerk", v1::ROLE_CLERK, "210300");
  const std::string id = f.Register("210300", Day(2012, 11, 1), "拆迁补偿", "周文");
  const size_t postings = f.store().Size(Table::kSearch);
  REQUIRE(postings > 0);
  for (const auto& [key, value] : f.store().Raw(Table::kSearch)) {
    f.store().EraseRaw(Table::kSearch, key);
  }
  f.store().EraseRaw(Table::kMeta, kMetaSearchIndex);
  f.Reopen(Day(2013, 3, 1));
  CHECK(f.store().Size(Table::kSearch) == postings);
  CHECK(f.Found("补偿", &clerk) == std::vector<std::string>{id});
  CHECK(f.Found("周文", &clerk) == std::vector<std::string>{id});
}

}  // namespace
}  // namespace gongkai
