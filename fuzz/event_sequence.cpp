// Fuzz harness event_sequence: the request state machine (engine::Apply,
// engine/request_machine.h) over short sequences of events decoded from the
// bytes (the encoding below), with Calendar::Builtin().
//
// For any bytes nothing crashes, and:
//  - a refused event is refused with invalid_argument or failed_precondition
//    and a message that is valid UTF-8;
//  - after each accepted event the state counts the events accepted, has a
//    status, and ComputeDeadline and AlertSchedule succeed on it (every date
//    the encoding reaches lies well inside the calendar's years);
//  - the accepted events applied again from an empty state, in order, are
//    all accepted and give the same state after each one.
//
// Encoding: 4 header bytes, then 4 bytes per event (at most kMaxEvents; a
// trailing partial event is ignored):
//   [0] policy: bits 0-1 the pinned regime (1: 2008, 2: 2019, else none),
//       bit 2 count_receipt_day, bits 3-5 due_soon_days, bits 6-7
//       reminder_lead_days
//   [1..2] little-endian: the first date, 2008-01-01 plus (value % 7300) days
//   [3] today: the first date plus 4 * value days
//   event: [kind] [delta] [a] [b]
//     kind % 18: the body (0 received, 1 answered_on_the_spot,
//       2 correction_requested, 3 correction_received, 4 correction_lapsed,
//       5 consultation_started, 6 consultation_ended, 7 extension_approved,
//       8 fee_notice_issued, 9 fee_paid, 10 fee_lapsed, 11 decided,
//       12 delivered, 13 withdrawn, 14 appeal_filed, 15 appeal_resolved,
//       16 deadline_recomputed, 17 none); kind >= 0x80: the date's day is
//       replaced by b % 32 (0 and days past the month's end are impossible)
//     delta: a signed day count; the event's date is the previous event's
//       date (the first date for the first) plus delta
//     a, b: the body's values (see Decode): enum values a little past the
//       last known one, party names, amounts, window and extension days.
// fuzz/make_event_seeds.py writes the seed corpus in this encoding.
#include <google/protobuf/util/message_differencer.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/policy.h"
#include "engine/request_machine.h"
#include "fuzz/fuzz_check.h"

namespace gongkai::fuzz {
namespace {

constexpr size_t kHeaderSize = 4;
constexpr size_t kEventSize = 4;
constexpr size_t kMaxEvents = 48;
constexpr int kDateSpan = 7300;  // Days from 2008-01-01: to the end of 2027.

const std::string kLongText(201, 'x');  // Past the 200 bytes of a short text.

const std::array<std::string, 4> kAgencies = {"210300", "210321", "", kLongText};
const std::array<std::string, 5> kParties = {"", "甲公司", "鞍山市自然资源局", "丙", kLongText};
const std::array<std::string, 3> kApprovers = {"", "政务公开办公室主任", kLongText};

struct Header {
  DeadlinePolicy policy;
  Date first;
  Date today;
};

Header DecodeHeader(const uint8_t* data) {
  Header header;
  switch (data[0] & 3) {
    case 1:
      header.policy.pinned_regime = v1::REGIME_2008;
      break;
    case 2:
      header.policy.pinned_regime = v1::REGIME_2019;
      break;
    default:
      break;
  }
  header.policy.count_receipt_day = (data[0] & 4) != 0;
  header.policy.due_soon_days = (data[0] >> 3) & 7;
  header.policy.reminder_lead_days = (data[0] >> 6) & 3;
  const int offset = (data[1] | (data[2] << 8)) % kDateSpan;
  header.first = MakeDate(2008, 1, 1) + std::chrono::days(offset);
  header.today = header.first + std::chrono::days(4 * data[3]);
  return header;
}

// Fills the body of event kind `kind` from `a` and `b`.
void DecodeBody(int kind, uint8_t a, uint8_t b, v1::Event& event) {
  switch (kind) {
    case 0: {
      auto* r = event.mutable_received();
      r->set_agency_code(kAgencies[a % kAgencies.size()]);
      r->set_channel(static_cast<v1::Channel>(b % 9));
      r->set_applicant_type(static_cast<v1::ApplicantType>((b >> 4) % 8));
      if ((a & 0x80) == 0) r->set_subject("城市低保对象名单");
      if ((a & 0x40) == 0) r->mutable_applicant()->set_name("张三");
      r->mutable_applicant()->set_phone("13800000000");
      if ((a & 0x20) != 0) event.set_request_id("");
      break;
    }
    case 1:
      event.mutable_answered_on_the_spot()->set_outcome(static_cast<v1::Outcome>(a % 23));
      event.mutable_answered_on_the_spot()->set_note(b & 1 ? std::string(4001, 'n') : "当场答复");
      break;
    case 2:
      event.mutable_correction_requested()->set_window_days(static_cast<int8_t>(a));
      break;
    case 3:
      event.mutable_correction_received();
      break;
    case 4:
      event.mutable_correction_lapsed();
      break;
    case 5:
      event.mutable_consultation_started()->set_party(kParties[a % kParties.size()]);
      break;
    case 6:
      event.mutable_consultation_ended()->set_party(kParties[a % kParties.size()]);
      break;
    case 7:
      event.mutable_extension_approved()->set_approved_by(kApprovers[a % kApprovers.size()]);
      event.mutable_extension_approved()->set_days(static_cast<int8_t>(b));
      break;
    case 8: {
      int64_t amount = static_cast<int8_t>(a);
      for (int i = 0; i < b % 12; ++i) amount *= 10;
      event.mutable_fee_notice_issued()->set_amount_fen(amount);
      break;
    }
    case 9:
      event.mutable_fee_paid();
      break;
    case 10:
      event.mutable_fee_lapsed();
      break;
    case 11:
      event.mutable_decided()->set_outcome(static_cast<v1::Outcome>(a % 23));
      if (b & 1) event.mutable_decided()->set_note("依法答复");
      break;
    case 12:
      event.mutable_delivered();
      break;
    case 13:
      event.mutable_withdrawn();
      break;
    case 14:
      event.mutable_appeal_filed()->set_kind(static_cast<v1::AppealKind>(a % 5));
      break;
    case 15:
      event.mutable_appeal_resolved()->set_kind(static_cast<v1::AppealKind>(a % 5));
      event.mutable_appeal_resolved()->set_result(static_cast<v1::AppealResult>(b % 5));
      break;
    case 16:
      event.mutable_deadline_recomputed()->set_reason(a & 1 ? "" : "calendar load 1");
      break;
    default:
      break;  // No body.
  }
}

std::vector<v1::Event> DecodeEvents(const uint8_t* data, size_t size, Date first) {
  std::vector<v1::Event> events;
  Date cursor = first;
  for (size_t at = 0; at + kEventSize <= size && events.size() < kMaxEvents; at += kEventSize) {
    const uint8_t kind = data[at], a = data[at + 2], b = data[at + 3];
    cursor += std::chrono::days(static_cast<int8_t>(data[at + 1]));
    v1::Event event;
    event.set_request_id("R1");
    event.set_sequence(events.size() + 1);
    event.set_actor("经办人");
    *event.mutable_on() = ToCivil(cursor);
    if (kind & 0x80) event.mutable_on()->set_day(b % 32);
    DecodeBody(kind % 18, a, b, event);
    events.push_back(std::move(event));
  }
  return events;
}

bool Same(const v1::RequestState& a, const v1::RequestState& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

int TestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeaderSize) return 0;
  const Header header = DecodeHeader(data);
  const std::vector<v1::Event> events =
      DecodeEvents(data + kHeaderSize, size - kHeaderSize, header.first);
  const auto calendar = Calendar::Builtin();
  const MachineContext context{*calendar, header.policy, header.today};

  v1::RequestState state;
  std::vector<const v1::Event*> accepted;
  std::vector<v1::RequestState> states;  // After each accepted event.
  for (const auto& event : events) {
    auto next = Apply(state, event, context);
    if (!next.ok()) {
      const StatusCode code = next.status().code();
      FUZZ_CHECK(code == StatusCode::kInvalidArgument || code == StatusCode::kFailedPrecondition);
      FUZZ_CHECK(!next.status().message().empty());
      FUZZ_CHECK(IsValidUtf8(next.status().message()));
      continue;
    }
    state = std::move(next).value();
    accepted.push_back(&event);
    states.push_back(state);
    FUZZ_CHECK(state.event_count() == accepted.size());
    FUZZ_CHECK(state.id() == "R1");
    FUZZ_CHECK(state.status() != v1::REQUEST_STATUS_UNSPECIFIED);
    auto deadline = ComputeDeadline(state, *calendar, header.policy, /*explain_how=*/true);
    FUZZ_CHECK(deadline.ok());
    auto alerts = AlertSchedule(state, *calendar, header.policy);
    FUZZ_CHECK(alerts.ok());
  }

  v1::RequestState replayed;
  for (size_t i = 0; i < accepted.size(); ++i) {
    auto next = Apply(replayed, *accepted[i], context);
    FUZZ_CHECK(next.ok());
    replayed = std::move(next).value();
    FUZZ_CHECK(Same(replayed, states[i]));
  }
  FUZZ_CHECK(Same(replayed, state));
  return 0;
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongkai::fuzz::TestOneInput(data, size);
}
