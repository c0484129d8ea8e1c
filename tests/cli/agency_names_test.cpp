// Agencies given by name (cli/agency_names.h): a code is kept as it is, a
// name or an unambiguous part of one becomes the code, anything else is
// refused naming the candidates; the list is fetched once, and only when a
// name needs it.
#include "cli/agency_names.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace gongkai::testing {
namespace {

using Catch::Matchers::Contains;
using cli::LooksLikeAgencyCode;
using cli::ResolveAgency;
using cli::ResolveAgencyNames;

v1::Reply Registry() {
  v1::Reply reply;
  for (const auto& [code, name, parent] :
       std::vector<std::array<std::string, 3>>{{"210300", "鞍山市人民政府", ""},
                                               {"210302", "铁东区人民政府", "210300"},
                                               {"210303", "铁西区人民政府", "210300"},
                                               {"21030003", "鞍山市教育局", "210300"}}) {
    v1::AgencyInfo* info = reply.add_agencies();
    info->set_code(code);
    info->set_name(name);
    info->set_parent_code(parent);
  }
  return reply;
}

TEST_CASE("A code is written with 1 to 16 ASCII letters and digits", "[cli][agencies]") {
  CHECK(LooksLikeAgencyCode("210300"));
  CHECK(LooksLikeAgencyCode("21030003"));
  CHECK(LooksLikeAgencyCode("X1"));
  CHECK_FALSE(LooksLikeAgencyCode(""));
  CHECK_FALSE(LooksLikeAgencyCode("铁东区"));
  CHECK_FALSE(LooksLikeAgencyCode("2103 00"));
  CHECK_FALSE(LooksLikeAgencyCode("12345678901234567"));
}

TEST_CASE("An agency is found by its code, its whole name or an unambiguous part of it",
          "[cli][agencies]") {
  const v1::Reply r = Registry();
  CHECK(*ResolveAgency("210302", r.agencies()) == "210302");
  CHECK(*ResolveAgency("鞍山市人民政府", r.agencies()) == "210300");
  CHECK(*ResolveAgency("铁东区", r.agencies()) == "210302");
  CHECK(*ResolveAgency("教育局", r.agencies()) == "21030003");
}

TEST_CASE("An ambiguous or unknown name is refused, naming the candidates", "[cli][agencies]") {
  const v1::Reply r = Registry();
  auto ambiguous = ResolveAgency("区人民政府", r.agencies());
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().code() == StatusCode::kInvalidArgument);
  CHECK(ambiguous.status().message() ==
        "--agency: '区人民政府' names 2 agencies: 铁东区人民政府 (210302), 铁西区人民政府 "
        "(210303); give more of the name or the code");
  auto unknown = ResolveAgency("立山区", r.agencies());
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Contains("no agency in your scope is named '立山区'"));
  CHECK_THAT(unknown.status().message(), Contains("gongkai agencies"));
}

TEST_CASE("Names in a command's agency fields become codes with one fetch of the list",
          "[cli][agencies]") {
  v1::Command intake;
  intake.mutable_intake()->mutable_received()->set_agency_code("铁西区");
  int fetches = 0;
  auto fetch = [&fetches]() -> StatusOr<v1::Reply> {
    ++fetches;
    return Registry();
  };
  REQUIRE(ResolveAgencyNames(intake, fetch).ok());
  CHECK(intake.intake().received().agency_code() == "210303");
  CHECK(fetches == 1);

  v1::Command user;
  user.mutable_user_add()->mutable_principal()->set_agency_code("鞍山市人民政府");
  REQUIRE(ResolveAgencyNames(user, fetch).ok());
  CHECK(user.user_add().principal().agency_code() == "210300");
  CHECK(fetches == 2);

  // Codes, and commands without an agency, need no list.
  v1::Command list;
  list.mutable_list()->set_agency_code("210302");
  REQUIRE(ResolveAgencyNames(list, fetch).ok());
  v1::Command show;
  show.mutable_show()->set_request_id("210302-2012-000001");
  REQUIRE(ResolveAgencyNames(show, fetch).ok());
  CHECK(fetches == 2);
  CHECK(list.list().agency_code() == "210302");
}

TEST_CASE("A failed fetch of the list is returned and the command is left as it was",
          "[cli][agencies]") {
  v1::Command list;
  list.mutable_list()->set_agency_code("铁东区");
  const Status status = ResolveAgencyNames(
      list, []() -> StatusOr<v1::Reply> { return UnavailableError("engine down"); });
  CHECK(status.code() == StatusCode::kUnavailable);
  CHECK(list.list().agency_code() == "铁东区");
}

}  // namespace
}  // namespace gongkai::testing
