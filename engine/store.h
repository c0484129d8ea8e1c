// The Store: the durable tables of DESIGN.md ("Storage") behind a small
// interface, so that the ledger is written once against it and tests may
// use an in-memory fake. The product's implementation is RocksStore
// (engine/store/rocks_store.h): one RocksDB column family per table.
//
// Durability: Write applies every op of a WriteSet atomically (all or none,
// also across a crash); with `sync`, the write-ahead log is fsynced before
// Write returns, so an acknowledged write survives power loss.
//
// Thread safety: implementations are safe for concurrent readers (of the
// store and of its snapshots) with one writer.
#ifndef GONGKAI_ENGINE_STORE_H_
#define GONGKAI_ENGINE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace gongkai {

// The tables; engine/keys.h encodes and parses every key.
enum class Table {
  kEvents,       // -> v1::Event
  kRequests,     // -> v1::RequestState
  kApplicants,   // -> v1::ApplicantPersonalData (personal data)
  kDeadlines,    // -> "" (the request's next alert day is in the key)
  kAlerts,       // -> v1::Alert, v1::AlertAck, sequences
  kCounters,     // -> 8-byte little-endian int64, summed (EncodeCounter)
  kIdempotency,  // -> v1::IdempotencyRecord
  kMeta,         // sequences, the manual clock, calendar loads, locks, settings
  kPrincipals,   // -> v1::Principal, and the public key index
  kAudit,        // -> v1::AuditRecord, in sequence order
  kRetention,    // -> "" (the day a request's personal data are to be erased)
  kSearch,       // -> "" (bigrams of subjects and applicants' names; personal data)
  kDueDates,     // -> agency code and year of receipt (DueIndexValue) of running requests
};
inline constexpr int kTableCount = 13;
const char* TableName(Table table);

struct WriteOp {
  enum class Kind { kPut, kDelete, kAddCounter };
  Kind kind;
  Table table;
  std::string key;
  std::string value;  // kPut.
  int64_t delta = 0;  // kAddCounter (table kCounters).
};

// The ops of one atomic write, in order.
class WriteSet {
 public:
  void Put(Table table, std::string key, std::string value);
  void Delete(Table table, std::string key);
  void AddCounter(std::string key, int64_t delta);
  void Append(const WriteSet& other);
  void Append(WriteSet&& other);
  const std::vector<WriteOp>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  void clear() { ops_.clear(); }

 private:
  std::vector<WriteOp> ops_;
};

// Reads of the tables. A StoreReader from Store::Snapshot() sees the store
// as it was when the snapshot was taken, whatever is written later.
class StoreReader {
 public:
  virtual ~StoreReader() = default;
  // The value, std::nullopt when absent. Counters read as 8-byte values
  // (use DecodeCounter). Errors: internal for corruption (a checksum that
  // does not match), unavailable for an I/O error.
  [[nodiscard]] virtual StatusOr<std::optional<std::string>> Get(Table table,
                                                                 std::string_view key) const = 0;
  // Calls `visit` for each key that starts with `prefix` and is >= `start`,
  // in key order, until it returns false.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  [[nodiscard]] virtual Status Scan(Table table, std::string_view prefix, std::string_view start,
                                    const Visitor& visit) const = 0;

  // A cursor over one table for many seeks and steps (search's posting
  // lists). Seek(prefix, start) goes to the first key that starts with
  // `prefix` and is >= `start` (as Scan would visit first); Next() to the
  // following one with the same prefix; both return false when there is
  // none. key() and value() are valid while positioned, until the next
  // move. The default moves with Scan; a store may keep one iterator open.
  // A cursor must not outlive its reader.
  class Cursor {
   public:
    virtual ~Cursor() = default;
    [[nodiscard]] virtual StatusOr<bool> Seek(std::string_view prefix, std::string_view start) = 0;
    [[nodiscard]] virtual StatusOr<bool> Next() = 0;
    virtual std::string_view key() const = 0;
    virtual std::string_view value() const = 0;
  };
  virtual std::unique_ptr<Cursor> NewCursor(Table table) const;

  // A rough measure of what the keys with `prefix` hold, to compare the
  // prefixes of one table (RocksStore: bytes on disk and in memory, from
  // RocksDB's estimates; by default: the keys, counted up to 100,000).
  virtual uint64_t ApproximateSize(Table table, std::string_view prefix) const;
};

class Store : public StoreReader {
 public:
  [[nodiscard]] virtual Status Write(const WriteSet& writes, bool sync) = 0;
  // A consistent view of everything written so far. Safe to use from any
  // thread, also while writes go on; it holds the data it sees until it is
  // destroyed.
  virtual std::shared_ptr<const StoreReader> Snapshot() = 0;
};

std::string EncodeCounter(int64_t value);
int64_t DecodeCounter(std::string_view bytes);  // 0 for a malformed value.

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_STORE_H_
