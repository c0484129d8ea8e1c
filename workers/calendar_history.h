// CalendarHistory: the working-day calendars the ledger has applied events
// with. Generation 0 is the base calendar (the builtin one); generation g
// lays the first g stored calendar loads over it (engine/calendar.h,
// "Layering"). Events record the generation they were applied with, so
// that admin verify replays each with the same calendar.
//
// Memory: only the current calendar is kept built, with the loaded files'
// parsed arrangements (a few kilobytes each); an older generation is
// rebuilt on demand and the last few rebuilt are cached. A load that
// changes nothing is not a generation (Ledger::CalendarLoad), so loading
// the same notice again and again holds no extra memory.
//
// Thread safety: a CalendarHistory is a value, cheap to copy (the ledger
// hands a copy to every read state); const members, At() included, may be
// called from any thread. Push() and Restore() change one copy only.
#ifndef GONGKAI_WORKERS_CALENDAR_HISTORY_H_
#define GONGKAI_WORKERS_CALENDAR_HISTORY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/calendar.h"
#include "engine/status.h"

namespace gongkai {

class CalendarHistory {
 public:
  explicit CalendarHistory(std::shared_ptr<const Calendar> base);

  uint32_t generation() const { return uint32_t(layers_->size()); }
  const Calendar& current() const { return *current_; }
  const std::shared_ptr<const Calendar>& current_ptr() const { return current_; }

  // The arrangements in force if `layer` were loaded now (not kept).
  CalendarArrangements WithLayer(const CalendarArrangements& layer) const;
  // Makes `calendar` (built from WithLayer(layer)) the next generation.
  void Push(CalendarArrangements layer, std::shared_ptr<const Calendar> calendar);
  // Appends the stored loads at start, building one calendar for them all.
  void Restore(std::vector<CalendarArrangements> layers);

  // The calendar of `generation`. invalid_argument when no such generation
  // was stored.
  StatusOr<std::shared_ptr<const Calendar>> At(uint32_t generation) const;

 private:
  static constexpr size_t kCachedGenerations = 4;
  // Older generations rebuilt, shared by the copies of one history.
  struct Cache {
    std::mutex mutex;
    std::map<uint32_t, std::shared_ptr<const Calendar>> built;
  };

  std::shared_ptr<const Calendar> base_;
  std::shared_ptr<const std::vector<CalendarArrangements>> layers_;  // Loaded files, in order.
  std::shared_ptr<const Calendar> current_;
  std::shared_ptr<Cache> cache_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_CALENDAR_HISTORY_H_
