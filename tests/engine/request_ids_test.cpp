// Short request ids (engine/request_ids.h): "2012-1" is a request of the
// person's own agency, "210321-2012-1" a full id without its zeros; anything
// else is left for the command to refuse.
#include "engine/request_ids.h"

#include <catch2/catch.hpp>

namespace gongkai {
namespace {

TEST_CASE("A year and a number stand for a request of the person's agency", "[engine][ids]") {
  CHECK(ExpandRequestId("2012-1", "210321") == "210321-2012-000001");
  CHECK(ExpandRequestId("2012-000017", "210321") == "210321-2012-000017");
  CHECK(ExpandRequestId("2025-123456", "21030003") == "21030003-2025-123456");
  // Without an agency (the engine itself) nothing is expanded.
  CHECK(ExpandRequestId("2012-1", "") == "2012-1");
}

TEST_CASE("A full id may leave out the number's leading zeros", "[engine][ids]") {
  CHECK(ExpandRequestId("210321-2012-1", "210300") == "210321-2012-000001");
  CHECK(ExpandRequestId("210321-2012-000001", "210300") == "210321-2012-000001");
}

TEST_CASE("Anything else is left as it is", "[engine][ids]") {
  for (const char* id : {"", "1", "2012-0", "2012-1234567", "12-1", "2012-x", "2012-1-1",
                         "铁东区-2012-1", "210321-2012-0", "210321-12-1", "210321-2012-"}) {
    INFO(id);
    CHECK(ExpandRequestId(id, "210300") == id);
  }
}

TEST_CASE("Every request id a command holds is expanded", "[engine][ids]") {
  v1::Command show;
  show.mutable_show()->set_request_id("2012-5");
  ExpandRequestIds(show, "210302");
  CHECK(show.show().request_id() == "210302-2012-000005");

  v1::Command decide;
  decide.mutable_record_event()->mutable_event()->set_request_id("210321-2013-42");
  ExpandRequestIds(decide, "210300");
  CHECK(decide.record_event().event().request_id() == "210321-2013-000042");

  v1::Command erase;
  erase.mutable_applicant_erase()->set_request_id("2012-7");
  ExpandRequestIds(erase, "210300");
  CHECK(erase.applicant_erase().request_id() == "210300-2012-000007");
}

}  // namespace
}  // namespace gongkai
