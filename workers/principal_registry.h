// PrincipalRegistry: the people and services the engine knows, by CURVE
// public key (Z85) and by name, as the ledger last wrote them (the
// principals table). The ZAP handler admits a connection whose key is
// known; the I/O thread looks the key up again for every message, so a
// revoked or rotated key is refused from its next message on.
//
// Thread safety: every member may be called from any thread.
#ifndef GONGKAI_WORKERS_PRINCIPAL_REGISTRY_H_
#define GONGKAI_WORKERS_PRINCIPAL_REGISTRY_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/status.h"
#include "engine/store.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

class PrincipalRegistry {
 public:
  // Every principal stored. internal when one is corrupt.
  static StatusOr<std::shared_ptr<PrincipalRegistry>> Load(const StoreReader& store);

  // The principal of a key; nullopt when unknown or revoked.
  std::optional<v1::Principal> ByKey(const std::string& public_key) const;
  // The principal of a name, revoked ones included; nullopt when unknown.
  std::optional<v1::Principal> ByName(const std::string& name) const;
  // Adds or replaces the principal of `principal.name()` (its old key, if
  // another, is forgotten).
  void Put(const v1::Principal& principal);
  std::vector<v1::Principal> All() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, v1::Principal> by_name_;
  std::map<std::string, std::string> name_by_key_;  // Admitted keys only.
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_PRINCIPAL_REGISTRY_H_
