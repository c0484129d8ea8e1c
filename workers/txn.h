// Txn: the reads and writes of one command inside a group commit. Reads see
// the command's own writes, then the writes of the commands before it in the
// same group, then the store. Commit() hands the writes to the group;
// dropping a Txn without Commit() discards them, so a refused command
// writes nothing.
//
// Thread safety: none; one ledger thread owns the group and its Txns.
#ifndef GONGKAI_WORKERS_TXN_H_
#define GONGKAI_WORKERS_TXN_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/store.h"

namespace gongkai {

// The writes of a group of commands not yet written to the store. Several
// writes of one key collapse into the last, and counter additions to one
// key into their sum, so a group of many commands writes each key once.
class PendingGroup {
 public:
  explicit PendingGroup(Store& store) : store_(store) {}
  Store& store() { return store_; }
  bool empty() const;
  // The group's net writes, ready for one Store::Write.
  WriteSet Collect() const;
  // The group's counter additions, summed per key.
  const std::map<std::string, int64_t>& counter_deltas() const { return counters_; }
  // The value a read sees: a pending put, a pending delete (nullopt inside
  // the optional), or "not pending" (outer nullopt).
  std::optional<std::optional<std::string>> Pending(Table table, const std::string& key) const;
  void Absorb(const WriteSet& writes);
  // Writes no command of the group reads back (Txn::PutUnread), written
  // after the others in the order given.
  void AbsorbUnread(WriteSet&& writes);
  // Keys of `table` with a pending put, in key order.
  std::vector<std::string> PendingKeys(Table table) const;
  void Clear();

 private:
  Store& store_;
  std::array<std::map<std::string, std::optional<std::string>>, kTableCount> overlay_;
  std::map<std::string, int64_t> counters_;
  WriteSet unread_;
};

class Txn {
 public:
  explicit Txn(PendingGroup& group) : group_(group) {}
  [[nodiscard]] StatusOr<std::optional<std::string>> Get(Table table, const std::string& key);
  void Put(Table table, std::string key, std::string value);
  void Delete(Table table, std::string key);
  void AddCounter(std::string key, int64_t delta) { writes_.AddCounter(std::move(key), delta); }
  // A put or delete of a key no command ever reads back with Get (the
  // search postings): it skips the overlays, so it costs one copy. A key
  // is written either this way or the other, never both.
  void PutUnread(Table table, std::string key, std::string value) {
    unread_.Put(table, std::move(key), std::move(value));
  }
  void DeleteUnread(Table table, std::string key) { unread_.Delete(table, std::move(key)); }
  void Commit() {
    group_.Absorb(writes_);
    group_.AbsorbUnread(std::move(unread_));
  }

 private:
  PendingGroup& group_;
  WriteSet writes_;
  WriteSet unread_;
  std::array<std::map<std::string, std::optional<std::string>>, kTableCount> overlay_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_TXN_H_
