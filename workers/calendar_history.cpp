#include "workers/calendar_history.h"

#include <string>

namespace gongkai {

CalendarHistory::CalendarHistory(std::shared_ptr<const Calendar> base)
    : base_(std::move(base)),
      layers_(std::make_shared<const std::vector<CalendarArrangements>>()),
      current_(base_),
      cache_(std::make_shared<Cache>()) {}

CalendarArrangements CalendarHistory::WithLayer(const CalendarArrangements& layer) const {
  return LayerArrangements(current_->arrangements(), layer);
}

void CalendarHistory::Push(CalendarArrangements layer, std::shared_ptr<const Calendar> calendar) {
  auto layers = std::make_shared<std::vector<CalendarArrangements>>(*layers_);
  layers->push_back(std::move(layer));
  layers_ = std::move(layers);
  current_ = std::move(calendar);
  // A new branch of the history: the copies it came from may push other
  // layers as the same generations, so it caches apart from them.
  cache_ = std::make_shared<Cache>();
}

void CalendarHistory::Restore(std::vector<CalendarArrangements> layers) {
  if (layers.empty()) return;
  CalendarArrangements merged = current_->arrangements();
  auto all = std::make_shared<std::vector<CalendarArrangements>>(*layers_);
  for (auto& layer : layers) {
    merged = LayerArrangements(merged, layer);
    all->push_back(std::move(layer));
  }
  layers_ = std::move(all);
  current_ = Calendar::FromArrangements(std::move(merged));
  cache_ = std::make_shared<Cache>();
}

StatusOr<std::shared_ptr<const Calendar>> CalendarHistory::At(uint32_t generation) const {
  if (generation > this->generation()) {
    return InvalidArgumentError("calendar generation " + std::to_string(generation) +
                                " is not stored (the last is " +
                                std::to_string(this->generation()) + ")");
  }
  if (generation == this->generation()) return current_;
  if (generation == 0) return base_;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (auto it = cache_->built.find(generation); it != cache_->built.end()) return it->second;
  }
  CalendarArrangements merged = base_->arrangements();
  for (uint32_t g = 0; g < generation; ++g) merged = LayerArrangements(merged, (*layers_)[g]);
  auto built = Calendar::FromArrangements(std::move(merged));
  std::lock_guard<std::mutex> lock(cache_->mutex);
  if (cache_->built.size() >= kCachedGenerations) cache_->built.erase(cache_->built.begin());
  cache_->built[generation] = built;
  return built;
}

}  // namespace gongkai
