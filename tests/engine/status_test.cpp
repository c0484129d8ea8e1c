// Tests of engine/status.h's Excerpt: the part of an input quoted in a
// message is cut at a whole UTF-8 character.
#include "engine/status.h"

#include <catch2/catch.hpp>
#include <string>

namespace gongkai {
namespace {

TEST_CASE("Excerpt keeps a short text whole", "[engine][status]") {
  CHECK(Excerpt("", 40) == "");
  CHECK(Excerpt("2012-13-01", 40) == "2012-13-01");
  CHECK(Excerpt("国庆节", 9) == "国庆节");
}

TEST_CASE("Excerpt cuts a long text at max_bytes in ASCII", "[engine][status]") {
  CHECK(Excerpt("abcdefgh", 3) == "abc");
  CHECK(Excerpt("abcdefgh", 0) == "");
}

TEST_CASE("Excerpt never cuts a UTF-8 character in two", "[engine][status]") {
  // 国 and 庆 are 3 bytes each, 𠀀 (U+20000) 4, é 2.
  CHECK(Excerpt("国庆节", 8) == "国庆");
  CHECK(Excerpt("国庆节", 7) == "国庆");
  CHECK(Excerpt("国庆节", 6) == "国庆");
  CHECK(Excerpt("国庆节", 2) == "");
  CHECK(Excerpt("a𠀀b", 4) == "a");
  CHECK(Excerpt("a𠀀b", 5) == "a𠀀");
  CHECK(Excerpt("éé", 3) == "é");
}

TEST_CASE("Excerpt of bytes that are not UTF-8 still stays within max_bytes", "[engine][status]") {
  const std::string continuation(10, '\x80');
  CHECK(Excerpt(continuation, 5).size() <= 5);
  CHECK(Excerpt("\xff\xfe\xfd", 2).size() <= 2);
}

}  // namespace
}  // namespace gongkai
