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
// Thread safety: none; the ledger thread owns it.
#ifndef GONGKAI_WORKERS_CALENDAR_HISTORY_H_
#define GONGKAI_WORKERS_CALENDAR_HISTORY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "engine/calendar.h"
#include "engine/status.h"

namespace gongkai {

class CalendarHistory {
 public:
  explicit CalendarHistory(std::shared_ptr<const Calendar> base);

  uint32_t generation() const { return uint32_t(layers_.size()); }
  const Calendar& current() const { return *current_; }
  const std::shared_ptr<const Calendar>& current_ptr() const { return current_; }

  // The arrangements in force if `layer` were loaded now (not kept).
  CalendarArrangements WithLayer(const CalendarArrangements& layer) const;
  // Makes `calendar` (built from WithLayer(layer)) the next generation.
  void Push(CalendarArrangements layer, std::shared_ptr<const Calendar> calendar);
  // Undoes the last Push (its write failed, or it was a dry run).
  void Pop();
  // Appends the stored loads at start, building one calendar for them all.
  void Restore(std::vector<CalendarArrangements> layers);

  // The calendar of `generation`. invalid_argument when no such generation
  // was stored.
  StatusOr<std::shared_ptr<const Calendar>> At(uint32_t generation) const;

 private:
  static constexpr size_t kCachedGenerations = 4;

  // The calendar of `generation` (at most the current one), from the cache
  // or built from the base and the layers.
  std::shared_ptr<const Calendar> Build(uint32_t generation) const;
  void Remember(uint32_t generation, std::shared_ptr<const Calendar> calendar) const;

  std::shared_ptr<const Calendar> base_;
  std::vector<CalendarArrangements> layers_;  // The loaded files, in order.
  std::shared_ptr<const Calendar> current_;
  mutable std::map<uint32_t, std::shared_ptr<const Calendar>> cache_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_CALENDAR_HISTORY_H_
