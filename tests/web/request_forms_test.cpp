// The console's forms as commands (web/request_forms.h), without processes:
// each event kind fills its event, intake takes today when no date is
// given, and every malformed field is refused naming the field, never the
// applicant's data.
#include "web/request_forms.h"

#include <catch2/catch.hpp>

#include "engine/civil_date.h"
#include "engine/date.h"

namespace gongkai::web {
namespace {

using nlohmann::json;

const Date kToday = MakeDate(2012, 9, 28);

json Intake() {
  return {{"agency_code", "210302"},
          {"channel", "online"},
          {"applicant_type", "natural_person"},
          {"applicant", {{"name", "刘某某"}, {"id_number", "210302199001011234"}}},
          {"subject", "老旧小区改造"}};
}

TEST_CASE("An intake form becomes an intake received today unless it says when", "[web][forms]") {
  auto command = IntakeFromJson(Intake(), kToday);
  REQUIRE(command.ok());
  const v1::IntakeCommand& intake = command->intake();
  CHECK(intake.received().agency_code() == "210302");
  CHECK(intake.received().channel() == v1::CHANNEL_ONLINE);
  CHECK(intake.received().applicant().id_number() == "210302199001011234");
  CHECK(FormatDate(FromCivilTrusted(intake.received_on())) == "2012-09-28");
  json dated = Intake();
  dated["received_on"] = "2012-09-20";
  auto earlier = IntakeFromJson(dated, kToday);
  REQUIRE(earlier.ok());
  CHECK(FormatDate(FromCivilTrusted(earlier->intake().received_on())) == "2012-09-20");
}

TEST_CASE("A malformed intake form is refused naming the field, not the applicant",
          "[web][forms]") {
  const std::pair<const char*, json> cases[] = {
      {"agency_code", json()}, {"channel", "pigeon"},         {"applicant_type", 7},
      {"subject", ""},         {"received_on", "2012-02-30"}, {"applicant", "刘某某"}};
  for (const auto& [field, value] : cases) {
    json form = Intake();
    if (value.is_null()) {
      form.erase(field);
    } else {
      form[field] = value;
    }
    INFO(field);
    auto command = IntakeFromJson(form, kToday);
    REQUIRE_FALSE(command.ok());
    CHECK(command.status().code() == StatusCode::kInvalidArgument);
    CHECK(command.status().message().find(field) != std::string::npos);
    CHECK(command.status().message().find("刘某某") == std::string::npos);
  }
  json nameless = Intake();
  nameless["applicant"].erase("name");
  CHECK_FALSE(IntakeFromJson(nameless, kToday).ok());
}

TEST_CASE("Each event kind fills its event with its fields", "[web][forms]") {
  auto consult =
      EventFromJson("210300-2012-000001",
                    {{"kind", "consult-start"}, {"party", "市财政局"}, {"on", "2012-10-08"}});
  REQUIRE(consult.ok());
  const v1::Event& started = consult->record_event().event();
  CHECK(started.request_id() == "210300-2012-000001");
  CHECK(started.consultation_started().party() == "市财政局");
  CHECK(FormatDate(FromCivilTrusted(started.on())) == "2012-10-08");

  auto fee = EventFromJson("x", {{"kind", "fee-notice"}, {"amount", "12.50"}});
  REQUIRE(fee.ok());
  CHECK(fee->record_event().event().fee_notice_issued().amount_fen() == 1250);
  auto decide = EventFromJson("x", {{"kind", "decide"}, {"outcome", "granted"}, {"note", "n"}});
  REQUIRE(decide.ok());
  CHECK(decide->record_event().event().has_decided());
  CHECK_FALSE(IsSet(decide->record_event().event().on()));  // The engine's today.
  auto extend = EventFromJson("x", {{"kind", "extend"}, {"days", 10}});
  REQUIRE(extend.ok());
  CHECK(extend->record_event().event().extension_approved().days() == 10);
  auto appeal = EventFromJson("x", {{"kind", "appeal"}, {"kind_of_appeal", "reconsideration"}});
  REQUIRE(appeal.ok());
  CHECK(appeal->record_event().event().appeal_filed().kind() == v1::APPEAL_KIND_RECONSIDERATION);
  auto amend = EventFromJson(
      "x", {{"kind", "amend"}, {"reason", "录入错误"}, {"applicant", {{"phone", "13900000000"}}}});
  REQUIRE(amend.ok());
  CHECK(amend->amend().amended().applicant_fields() == "phone");
  CHECK(amend->amend().applicant().phone() == "13900000000");
}

TEST_CASE("A malformed event form is refused naming what is wrong", "[web][forms]") {
  const json cases[] = {{{"kind", "teleport"}},
                        {{"party", "x"}},
                        {{"kind", "decide"}},
                        {{"kind", "decide"}, {"outcome", "maybe"}},
                        {{"kind", "fee-notice"}, {"amount", "12.345"}},
                        {{"kind", "extend"}, {"days", 400}},
                        {{"kind", "extend"}, {"days", "ten"}},
                        {{"kind", "consult-start"}, {"on", "yesterday"}},
                        {{"kind", "amend"}, {"reason", "r"}},
                        {{"kind", "amend"}, {"subject", "s"}}};
  for (const json& form : cases) {
    INFO(form.dump());
    auto command = EventFromJson("x", form);
    REQUIRE_FALSE(command.ok());
    CHECK(command.status().code() == StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace gongkai::web
