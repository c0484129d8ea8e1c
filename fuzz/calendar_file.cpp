// Fuzz harness calendar_file: the calendar file format (engine/calendar.h).
// For any bytes, ParseCalendarText returns a value or an error, never
// crashes; an error about a file that is valid UTF-8 is valid UTF-8 (the
// daemon sends it back in a protobuf string). When the bytes parse:
//  - the exceptions are sorted by date and unique;
//  - FormatCalendarText(parsed) parses back equal to `parsed`;
//  - Calendar::Create({parsed}) builds (a file can only name the calendar's
//    years); each of the file's dates then follows the file, each announced
//    year is announced, and CheckPlausible(YearsArranged(parsed)) returns
//    (plausible or not, with a message).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/calendar.h"
#include "fuzz/fuzz_check.h"

namespace gongkai::fuzz {
namespace {

int TestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseCalendarText(text, "fuzz.cal");
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().message().empty());
    if (IsValidUtf8(text)) FUZZ_CHECK(IsValidUtf8(parsed.status().message()));
    return 0;
  }
  const auto& exceptions = parsed->exceptions;
  for (size_t i = 1; i < exceptions.size(); ++i) {
    FUZZ_CHECK(exceptions[i - 1].date < exceptions[i].date);
  }

  const std::string formatted = FormatCalendarText(*parsed);
  auto reparsed = ParseCalendarText(formatted, "formatted.cal");
  FUZZ_CHECK(reparsed.ok());
  FUZZ_CHECK(*reparsed == *parsed);

  auto calendar = Calendar::Create({*parsed});
  if (!calendar.ok()) {
    // Only a year outside [kMinYear, kMaxYear] is refused, and ParseDate
    // accepts none: nothing a file can say makes Create fail.
    FUZZ_CHECK(false);
    return 0;
  }
  for (const auto& e : exceptions) FUZZ_CHECK((*calendar)->IsWorkingDay(e.date) == !e.off);
  for (int year : parsed->announced_years) FUZZ_CHECK((*calendar)->IsAnnounced(year));
  const Status plausible = (*calendar)->CheckPlausible(YearsArranged(*parsed));
  FUZZ_CHECK(plausible.ok() || !plausible.message().empty());
  return 0;
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongkai::fuzz::TestOneInput(data, size);
}
