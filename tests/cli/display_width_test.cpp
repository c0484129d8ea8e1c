// Columns in a terminal (cli/display_width.h): a Chinese character takes
// two, ASCII one; text is cut at whole characters and padded to the width.
#include "cli/display_width.h"

#include <catch2/catch.hpp>

namespace gongkai::testing {
namespace {

using cli::DisplayWidth;
using cli::FitToWidth;

TEST_CASE("Chinese characters take two columns and ASCII one", "[cli][display]") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("210300") == 6);
  CHECK(DisplayWidth("铁东区") == 6);
  CHECK(DisplayWidth("申请编号 id") == 11);
  CHECK(DisplayWidth("（一）予以公开") == 14);  // Full-width brackets are wide too.
  CHECK(DisplayWidth("\xFF\xFE") == 2);         // Not UTF-8: a column a byte.
  CHECK(DisplayWidth("\xE4\xB8") == 2);         // A cut sequence: the same.
}

TEST_CASE("FitToWidth pads to the width and cuts at whole characters", "[cli][display]") {
  CHECK(FitToWidth("ab", 5) == "ab   ");
  CHECK(FitToWidth("铁东区", 8) == "铁东区  ");
  CHECK(FitToWidth("铁东区", 6) == "铁东区");
  // Cut: whole characters, then "~", then padding to exactly the width.
  CHECK(FitToWidth("铁东区人民政府", 6) == "铁东~ ");
  CHECK(DisplayWidth(FitToWidth("铁东区人民政府", 6)) == 6);
  CHECK(FitToWidth("abcdef", 4) == "abc~");
  CHECK(FitToWidth("abc", 0) == "");
}

}  // namespace
}  // namespace gongkai::testing
