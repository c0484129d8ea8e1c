#include "workers/calendar_history.h"

#include <string>

namespace gongkai {

CalendarHistory::CalendarHistory(std::shared_ptr<const Calendar> base)
    : base_(std::move(base)), current_(base_) {}

CalendarArrangements CalendarHistory::WithLayer(const CalendarArrangements& layer) const {
  return LayerArrangements(current_->arrangements(), layer);
}

void CalendarHistory::Push(CalendarArrangements layer, std::shared_ptr<const Calendar> calendar) {
  // Kept for a Pop() right after (a dry run, a failed write).
  Remember(generation(), current_);
  layers_.push_back(std::move(layer));
  current_ = std::move(calendar);
}

void CalendarHistory::Pop() {
  if (layers_.empty()) return;
  layers_.pop_back();
  cache_.erase(generation() + 1);
  current_ = Build(generation());
}

void CalendarHistory::Restore(std::vector<CalendarArrangements> layers) {
  CalendarArrangements merged = current_->arrangements();
  for (auto& layer : layers) {
    merged = LayerArrangements(merged, layer);
    layers_.push_back(std::move(layer));
  }
  if (!layers.empty()) current_ = Calendar::FromArrangements(std::move(merged));
}

StatusOr<std::shared_ptr<const Calendar>> CalendarHistory::At(uint32_t generation) const {
  if (generation > this->generation()) {
    return InvalidArgumentError("calendar generation " + std::to_string(generation) +
                                " is not stored (the last is " +
                                std::to_string(this->generation()) + ")");
  }
  if (generation == this->generation()) return current_;
  return Build(generation);
}

std::shared_ptr<const Calendar> CalendarHistory::Build(uint32_t generation) const {
  if (generation == 0) return base_;
  if (auto it = cache_.find(generation); it != cache_.end()) return it->second;
  CalendarArrangements merged = base_->arrangements();
  for (uint32_t g = 0; g < generation; ++g) merged = LayerArrangements(merged, layers_[g]);
  auto built = Calendar::FromArrangements(std::move(merged));
  Remember(generation, built);
  return built;
}

void CalendarHistory::Remember(uint32_t generation,
                               std::shared_ptr<const Calendar> calendar) const {
  if (generation == 0) return;
  if (cache_.size() >= kCachedGenerations) cache_.erase(cache_.begin());
  cache_[generation] = std::move(calendar);
}

}  // namespace gongkai
