// The events a person may record now (engine/allowed_events.h), checked as a
// property against the role matrix and the state machine: for many random
// histories and people, every kind listed is accepted (Authorize, then
// Apply) with one of the events its command can send, and for every kind
// not listed each of those events is refused. The events tried here are
// this test's own, wider than the ones AllowedEvents tries (every outcome,
// several windows, days, amounts and parties, every field an amendment can
// change), so a list that is too short or too long is caught.
#include "engine/allowed_events.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/access.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/policy.h"
#include "engine/request_machine.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using test::Day;

constexpr char kRequestId[] = "210302-2012-000001";  // Of 铁东区.
constexpr int kHistories = 400;
constexpr int kMaxSteps = 30;

const AgencyRegistry& Registry() {
  static const AgencyRegistry registry = AgencyRegistry::Parse(
                                             "210300\t鞍山市人民政府\t\tcity\n"
                                             "210302\t铁东区人民政府\t210300\tcounty\n"
                                             "210303\t铁西区人民政府\t210300\tcounty\n",
                                             "test")
                                             .value();
  return registry;
}

v1::Principal Person(std::vector<v1::Role> roles, const std::string& agency = "210302") {
  v1::Principal who;
  who.set_name("某人");
  for (v1::Role role : roles) who.add_roles(role);
  who.set_agency_code(agency);
  return who;
}

// A deterministic random source (modulo, the same on every library).
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  bool OneIn(int n) { return Below(uint64_t(n)) == 0; }

 private:
  std::mt19937_64 engine_;
};

v1::Event Dated(Date on) {
  v1::Event event;
  event.set_request_id(kRequestId);
  *event.mutable_on() = ToCivil(on);
  event.set_actor("某人");
  return event;
}

// Every event the command `kind` can send on `state` today, by this test's
// choice of words.
std::vector<v1::Event> EventsOf(std::string_view kind, const v1::RequestState& state, Date today,
                                const v1::Principal& who) {
  std::vector<v1::Event> events;
  const auto add = [&](auto body) {
    v1::Event event = Dated(today);
    body(event);
    events.push_back(std::move(event));
  };
  // Fixed names, one never used before, and every party consulted so far.
  std::vector<std::string> parties = {"市规划局", "第三方企业甲", "从未咨询过的单位",
                                      "新的第三方" + std::to_string(state.pauses_size())};
  for (const auto& pause : state.pauses()) {
    if (pause.kind() == v1::PAUSE_KIND_CONSULTATION) parties.push_back(pause.party());
  }
  if (kind == "correction-request") {
    for (int window : {0, 1, 15, 60}) {
      add([&](v1::Event& e) { e.mutable_correction_requested()->set_window_days(window); });
    }
  } else if (kind == "correction-receive") {
    add([](v1::Event& e) { e.mutable_correction_received(); });
  } else if (kind == "correction-lapse") {
    add([](v1::Event& e) { e.mutable_correction_lapsed(); });
  } else if (kind == "consult-start") {
    for (const auto& party : parties) {
      add([&](v1::Event& e) { e.mutable_consultation_started()->set_party(party); });
    }
  } else if (kind == "consult-end") {
    add([](v1::Event& e) { e.mutable_consultation_ended(); });
    for (const auto& party : parties) {
      add([&](v1::Event& e) { e.mutable_consultation_ended()->set_party(party); });
    }
  } else if (kind == "extend") {
    for (int days : {0, 1, 10, 15, 20}) {
      add([&](v1::Event& e) {
        e.mutable_extension_approved()->set_days(days);
        e.mutable_extension_approved()->set_approved_by(who.name());
      });
    }
  } else if (kind == "fee-notice") {
    for (int64_t fen : {1, 12000, 5000000}) {
      add([&](v1::Event& e) { e.mutable_fee_notice_issued()->set_amount_fen(fen); });
    }
  } else if (kind == "fee-paid") {
    add([](v1::Event& e) { e.mutable_fee_paid(); });
  } else if (kind == "fee-lapse") {
    add([](v1::Event& e) { e.mutable_fee_lapsed(); });
  } else if (kind == "decide") {
    for (const std::string& code : AllCodes<v1::Outcome>()) {
      add([&](v1::Event& e) {
        e.mutable_decided()->set_outcome(ParseCode<v1::Outcome>(code).value());
      });
    }
  } else if (kind == "deliver") {
    add([](v1::Event& e) { e.mutable_delivered(); });
  } else if (kind == "withdraw") {
    add([](v1::Event& e) { e.mutable_withdrawn(); });
  } else if (kind == "appeal") {
    for (const std::string& code : AllCodes<v1::AppealKind>()) {
      add([&](v1::Event& e) {
        e.mutable_appeal_filed()->set_kind(ParseCode<v1::AppealKind>(code).value());
      });
    }
  } else if (kind == "appeal-resolve") {
    std::vector<v1::AppealKind> kinds = {v1::APPEAL_KIND_UNSPECIFIED};
    for (const std::string& code : AllCodes<v1::AppealKind>()) {
      kinds.push_back(ParseCode<v1::AppealKind>(code).value());
    }
    for (v1::AppealKind appeal : kinds) {
      for (const std::string& result : AllCodes<v1::AppealResult>()) {
        add([&](v1::Event& e) {
          e.mutable_appeal_resolved()->set_kind(appeal);
          e.mutable_appeal_resolved()->set_result(ParseCode<v1::AppealResult>(result).value());
        });
      }
    }
  } else if (kind == "amend") {
    const auto amend = [&](auto change) {
      add([&](v1::Event& e) {
        e.mutable_intake_amended()->set_reason("登记笔误");
        change(*e.mutable_intake_amended());
      });
    };
    amend([](v1::IntakeAmended& a) { a.set_subject("更正后的申请内容"); });
    amend([](v1::IntakeAmended& a) { a.set_channel(v1::CHANNEL_REGISTERED_MAIL); });
    amend([](v1::IntakeAmended& a) { a.set_applicant_type(v1::APPLICANT_TYPE_BUSINESS); });
    amend([](v1::IntakeAmended& a) { a.set_applicant_fields("phone"); });
  } else {
    FAIL("no events for " << kind);
  }
  return events;
}

v1::Command CommandOf(const v1::Event& event) {
  v1::Command command;
  if (event.has_intake_amended()) {
    command.mutable_amend()->set_request_id(event.request_id());
    *command.mutable_amend()->mutable_amended() = event.intake_amended();
  } else {
    *command.mutable_record_event()->mutable_event() = event;
  }
  return command;
}

// Whether `who` may record `event` on `state` today: the role matrix, then
// the state machine.
bool Accepted(const v1::RequestState& state, const v1::Event& event, const v1::Principal& who,
              const MachineContext& context) {
  return Authorize(who, CommandOf(event), Registry()).ok() && Apply(state, event, context).ok();
}

// The property, for one state, day and person.
void CheckAllowedEvents(const v1::RequestState& state, const v1::Principal& who,
                        const MachineContext& context) {
  const std::vector<std::string> allowed = AllowedEvents(state, who, Registry(), context);
  for (std::string_view kind : kEventCommands) {
    const bool listed = std::find(allowed.begin(), allowed.end(), kind) != allowed.end();
    const std::vector<v1::Event> events = EventsOf(kind, state, context.today, who);
    size_t accepted = 0;
    for (const v1::Event& event : events) accepted += Accepted(state, event, who, context);
    INFO("kind " << kind << " for roles " << RolesOf(who) << " of " << who.agency_code() << " on "
                 << FormatDate(context.today) << ", status " << CodeOf(state.status()) << ", "
                 << state.event_count() << " events");
    if (listed) {
      CHECK(accepted > 0);
    } else {
      CHECK(accepted == 0);
    }
  }
}

v1::Principal RandomPerson(Random& random) {
  static const std::vector<v1::Role> roles = {
      v1::ROLE_CLERK,    v1::ROLE_OFFICER, v1::ROLE_HEAD,     v1::ROLE_SUPERVISOR,
      v1::ROLE_REPORTER, v1::ROLE_AUDITOR, v1::ROLE_OPERATOR, v1::ROLE_SCHEDULER};
  std::vector<v1::Role> chosen;
  for (v1::Role role : roles) {
    if (random.OneIn(3)) chosen.push_back(role);
  }
  static const std::vector<std::string> scopes = {"210302", "210302", "210300", "210303"};
  v1::Principal who = Person(chosen, scopes[random.Below(scopes.size())]);
  if (random.OneIn(20)) who.set_revoked(true);
  return who;
}

TEST_CASE(
    "Every event listed as allowed is accepted, and every other one refused, over random "
    "histories",
    "[engine][allowed_events]") {
  const auto calendar = Calendar::Builtin();
  const DeadlinePolicy policy;
  Random random(20121008);
  const std::vector<Date> receipts = {Day(2012, 9, 28), Day(2012, 12, 20), Day(2019, 5, 15),
                                      Day(2020, 1, 17)};
  size_t checks = 0, closed = 0;
  for (int history = 0; history < kHistories; ++history) {
    Date today = receipts[random.Below(receipts.size())];
    v1::RequestState state;
    v1::Event received = test::Received(today);
    received.set_request_id(kRequestId);
    received.mutable_received()->set_agency_code("210302");
    state = Apply(state, received, {*calendar, policy, today}).value();
    const int steps = int(random.Below(kMaxSteps));
    for (int step = 0; step < steps; ++step) {
      today += std::chrono::days(random.OneIn(5) ? random.Below(30) : random.Below(4));
      const MachineContext context{*calendar, policy, today};
      CheckAllowedEvents(state, RandomPerson(random), context);
      ++checks;
      // The next event: one of some kind that is accepted, when one is
      // found in a few tries.
      for (int attempt = 0; attempt < 6; ++attempt) {
        const std::string_view kind = kEventCommands[random.Below(kEventCommands.size())];
        const auto events = EventsOf(kind, state, today, Person({v1::ROLE_HEAD}));
        auto next = Apply(state, events[random.Below(events.size())], context);
        if (!next.ok()) continue;
        state = std::move(next).value();
        break;
      }
    }
    closed += IsClosed(state.status());
  }
  CHECK(checks > 1000);
  CHECK(closed > 20);  // Closed requests (delivery, appeals) were covered too.
}

TEST_CASE(
    "A new request lets its officer decide, its head extend, its clerk amend, and "
    "supervisors and other counties nothing",
    "[engine][allowed_events]") {
  const auto calendar = Calendar::Builtin();
  const DeadlinePolicy policy;
  const Date today = Day(2012, 9, 28);
  v1::Event received = test::Received(today);
  received.set_request_id(kRequestId);
  received.mutable_received()->set_agency_code("210302");
  const MachineContext context{*calendar, policy, today};
  const v1::RequestState state = Apply(v1::RequestState(), received, context).value();
  using Names = std::vector<std::string>;
  const Names officer = {"correction-request", "consult-start", "fee-notice", "decide",
                         "withdraw",           "amend"};
  CHECK(AllowedEvents(state, Person({v1::ROLE_OFFICER}), Registry(), context) == officer);
  const Names head = {"correction-request", "consult-start", "extend", "fee-notice", "decide",
                      "withdraw",           "amend"};
  CHECK(AllowedEvents(state, Person({v1::ROLE_HEAD}, "210300"), Registry(), context) == head);
  CHECK(AllowedEvents(state, Person({v1::ROLE_CLERK}), Registry(), context) == Names{"amend"});
  CHECK(AllowedEvents(state, Person({v1::ROLE_SUPERVISOR}), Registry(), context).empty());
  CHECK(AllowedEvents(state, Person({v1::ROLE_OFFICER}, "210303"), Registry(), context).empty());
  v1::Principal revoked = Person({v1::ROLE_OFFICER});
  revoked.set_revoked(true);
  CHECK(AllowedEvents(state, revoked, Registry(), context).empty());
}

TEST_CASE("A decided request can be delivered and appealed, and nothing else",
          "[engine][allowed_events]") {
  const auto calendar = Calendar::Builtin();
  const DeadlinePolicy policy;
  const Date today = Day(2012, 10, 8);
  const MachineContext context{*calendar, policy, today};
  v1::Event received = test::Received(Day(2012, 9, 28));
  received.set_request_id(kRequestId);
  received.mutable_received()->set_agency_code("210302");
  v1::RequestState state = Apply(v1::RequestState(), received, context).value();
  v1::Event decided = Dated(today);
  decided.mutable_decided()->set_outcome(v1::OUTCOME_GRANTED);
  state = Apply(state, decided, context).value();
  CHECK(AllowedEvents(state, Person({v1::ROLE_OFFICER}), Registry(), context) ==
        std::vector<std::string>{"deliver", "appeal"});
}

}  // namespace
}  // namespace gongkai
