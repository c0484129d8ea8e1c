#include "workers/principal_registry.h"

#include "engine/keys.h"

namespace gongkai {

StatusOr<std::shared_ptr<PrincipalRegistry>> PrincipalRegistry::Load(const StoreReader& store) {
  auto registry = std::make_shared<PrincipalRegistry>();
  Status failed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(store.Scan(
      Table::kPrincipals, kPrincipalNamePrefix, "", [&](std::string_view, std::string_view value) {
        v1::Principal principal;
        if (!principal.ParseFromArray(value.data(), int(value.size()))) {
          failed = InternalError("a stored principal is corrupt");
          return false;
        }
        registry->Put(principal);
        return true;
      }));
  GONGKAI_RETURN_IF_ERROR(failed);
  return registry;
}

std::optional<v1::Principal> PrincipalRegistry::ByKey(const std::string& public_key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto name = name_by_key_.find(public_key);
  if (name == name_by_key_.end()) return std::nullopt;
  return by_name_.at(name->second);
}

std::optional<v1::Principal> PrincipalRegistry::ByName(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

void PrincipalRegistry::Put(const v1::Principal& principal) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto old = by_name_.find(principal.name()); old != by_name_.end()) {
    name_by_key_.erase(old->second.public_key());
  }
  by_name_[principal.name()] = principal;
  if (!principal.revoked()) name_by_key_[principal.public_key()] = principal.name();
}

std::vector<v1::Principal> PrincipalRegistry::All() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<v1::Principal> all;
  for (const auto& [name, principal] : by_name_) all.push_back(principal);
  return all;
}

}  // namespace gongkai
