// The source of "today" (a civil date in China, UTC+8). The engine never
// reads the system time: a Clock is injected. ManualClock is the clock of
// tests, the demo and replays of history; the system clock lives with the
// workers.
//
// Thread safety: implementations say; ManualClock is not thread-safe.
#ifndef GONGKAI_ENGINE_CLOCK_H_
#define GONGKAI_ENGINE_CLOCK_H_

#include "engine/date.h"
#include "engine/status.h"

namespace gongkai {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Date Today() const = 0;
  // True for a clock that only moves when told to (AdvanceTo).
  virtual bool IsManual() const = 0;
  // Moves a manual clock forward. failed_precondition on a system clock;
  // invalid_argument for a date before today (time never runs backwards).
  [[nodiscard]] virtual Status AdvanceTo(Date date) = 0;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Date today) : today_(today) {}
  Date Today() const override { return today_; }
  bool IsManual() const override { return true; }
  [[nodiscard]] Status AdvanceTo(Date date) override {
    if (date < today_) {
      return InvalidArgumentError(FormatDate(date) + " is before today (" + FormatDate(today_) +
                                  "): the clock only moves forward");
    }
    today_ = date;
    return OkStatus();
  }

 private:
  Date today_;
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_CLOCK_H_
