// SystemClock: today's civil date in China (UTC+8) from the system time.
// Thread safety: safe.
#ifndef GONGKAI_WORKERS_SYSTEM_CLOCK_H_
#define GONGKAI_WORKERS_SYSTEM_CLOCK_H_

#include "engine/clock.h"

namespace gongkai {

class SystemClock final : public Clock {
 public:
  Date Today() const override;
  bool IsManual() const override { return false; }
  [[nodiscard]] Status AdvanceTo(Date) override {
    return FailedPreconditionError("the system clock cannot be advanced");
  }
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_SYSTEM_CLOCK_H_
