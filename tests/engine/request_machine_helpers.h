// Checks and fixed dates shared by the request state machine's tests
// (request_machine_events_test.cpp, request_machine_refusals_test.cpp,
// request_machine_transitions_test.cpp), on top of the builders of
// test_requests.h.
#ifndef GONGKAI_TESTS_ENGINE_REQUEST_MACHINE_HELPERS_H_
#define GONGKAI_TESTS_ENGINE_REQUEST_MACHINE_HELPERS_H_

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/date.h"
#include "engine/deadline.h"
#include "engine/policy.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"
#include "gongkai/v1/request.pb.h"
#include "tests/engine/test_requests.h"

// Checks that `status_expr` is a refusal with `expected_code` whose message
// contains `fragment` (the rule it enforces).
#define CHECK_REFUSAL(status_expr, expected_code, fragment)                                        \
  do {                                                                                             \
    const ::gongkai::Status refusal_ = (status_expr);                                              \
    INFO("refusal: " << refusal_.ToString());                                                      \
    CHECK_FALSE(refusal_.ok());                                                                    \
    CHECK(::gongkai::StatusCodeName(refusal_.code()) == ::gongkai::StatusCodeName(expected_code)); \
    CHECK_THAT(refusal_.message(), Catch::Matchers::Contains(std::string(fragment)));              \
  } while (false)

namespace gongkai::test {

inline constexpr StatusCode kInvalid = StatusCode::kInvalidArgument;
inline constexpr StatusCode kPrecondition = StatusCode::kFailedPrecondition;

// The 2012 request (2008 rule, due 2012-10-25) and the 2019 one (due
// 2019-06-13).
inline const Date k2012Receipt = Day(2012, 9, 28);
inline const Date k2019Receipt = Day(2019, 5, 15);

// Applies `events`; every one but the last must be accepted. Returns the
// last one's result.
inline Status RefusalOfLast(const std::vector<v1::Event>& events, const DeadlinePolicy& policy = {},
                            std::optional<Date> today = std::nullopt) {
  Replay replay = ApplyEvents(events, policy, today);
  INFO("refusal: " << replay.refusal.ToString());
  REQUIRE(replay.accepted + 1 >= events.size());
  return replay.refusal;
}

// Applies `events`, all of which must be accepted.
inline v1::RequestState StateAfter(const std::vector<v1::Event>& events,
                                   const DeadlinePolicy& policy = {}) {
  Replay replay = ApplyEvents(events, policy);
  INFO("refusal of event " << replay.accepted + 1 << ": " << replay.refusal.ToString());
  REQUIRE(replay.refusal.ok());
  return replay.state;
}

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_ENGINE_REQUEST_MACHINE_HELPERS_H_
