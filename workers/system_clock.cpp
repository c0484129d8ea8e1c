#include "workers/system_clock.h"

namespace gongkai {

Date SystemClock::Today() const {
  // China has kept UTC+8 all year since 1992.
  const auto china_now = std::chrono::system_clock::now() + std::chrono::hours(8);
  return std::chrono::floor<std::chrono::days>(china_now);
}

}  // namespace gongkai
