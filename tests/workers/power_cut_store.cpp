#include "tests/workers/power_cut_store.h"

#include <utility>

namespace gongkai::test {
namespace {

// A store holding `tables` exactly.
std::unique_ptr<MemoryStore> StoreOf(const MemoryStore::AllTables& tables) {
  auto store = std::make_unique<MemoryStore>();
  for (int t = 0; t < kTableCount; ++t) {
    for (const auto& [key, value] : tables[size_t(t)]) store->PutRaw(Table(t), key, value);
  }
  return store;
}

void MustWrite(MemoryStore& store, const WriteSet& writes) {
  // MemoryStore::Write fails only when told to (FailNextWrite), never here.
  (void)store.Write(writes, /*sync=*/true);
}

}  // namespace

PowerCutStore::PowerCutStore() : live_(std::make_unique<MemoryStore>()) {}

StatusOr<std::optional<std::string>> PowerCutStore::Get(Table table, std::string_view key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_->Get(table, key);
}

Status PowerCutStore::Scan(Table table, std::string_view prefix, std::string_view start,
                           const Visitor& visit) const {
  // MemoryStore::Scan visits a copy, so `visit` may read the store again:
  // take the snapshot under the lock, visit outside it.
  std::shared_ptr<const StoreReader> snapshot;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    snapshot = live_->Snapshot();
  }
  return snapshot->Scan(table, prefix, start, visit);
}

std::shared_ptr<const StoreReader> PowerCutStore::Snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_->Snapshot();
}

Status PowerCutStore::Write(const WriteSet& writes, bool sync) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (power_off_) return UnavailableError("the power is off (PowerCutStore)");
  const bool strikes = cut_in_ && --*cut_in_ == 0;
  if (strikes) {
    cut_in_.reset();
    power_off_ = true;
    ++cuts_;
    if (cut_mode_ == CutMode::kDuring) {
      return UnavailableError("the power went during the write (PowerCutStore)");
    }
    sync = true;  // kAfter: on the disk, but the caller never hears so.
  }
  MustWrite(*live_, writes);
  ++applied_;
  if (!sync) {
    volatile_.push_back(writes);
    return OkStatus();
  }
  // The log is synced up to here: every write before this one is durable.
  for (const WriteSet& earlier : volatile_) MustWrite(durable_, earlier);
  volatile_.clear();
  MustWrite(durable_, writes);
  return OkStatus();
}

void PowerCutStore::ArmCut(int nth, CutMode mode) {
  std::lock_guard<std::mutex> lock(mutex_);
  cut_in_ = nth;
  cut_mode_ = mode;
}

void PowerCutStore::Disarm() {
  std::lock_guard<std::mutex> lock(mutex_);
  cut_in_.reset();
}

bool PowerCutStore::power_off() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return power_off_;
}

void PowerCutStore::PowerCut(size_t surviving_unsynced) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < surviving_unsynced && i < volatile_.size(); ++i) {
    MustWrite(durable_, volatile_[i]);
  }
  volatile_.clear();
  live_ = StoreOf(durable_.Tables());
  cut_in_.reset();
  if (!power_off_) ++cuts_;  // A cut between writes.
  power_off_ = false;
}

size_t PowerCutStore::volatile_writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return volatile_.size();
}

int PowerCutStore::applied_writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return applied_;
}

int PowerCutStore::cuts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cuts_;
}

MemoryStore::AllTables PowerCutStore::Durable() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return durable_.Tables();
}

}  // namespace gongkai::test
