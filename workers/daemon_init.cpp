#include "workers/daemon_init.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/identity.h"
#include "engine/agencies.h"
#include "engine/civil_date.h"
#include "engine/keys.h"
#include "engine/store/rocks_store.h"
#include "gongkai/v1/command.pb.h"
#include "workers/system_clock.h"

namespace gongkai {
namespace {

StatusOr<std::string> RootAgency(const InitOptions& options) {
  std::ifstream in(options.agencies, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read the agency registry " + options.agencies);
  std::ostringstream text;
  text << in.rdbuf();
  auto registry = AgencyRegistry::Parse(text.str(), options.agencies);
  if (!registry.ok()) return registry.status();
  if (!options.agency.empty()) {
    GONGKAI_RETURN_IF_ERROR(registry->CheckKnown(options.agency));
    return options.agency;
  }
  std::vector<std::string> roots;
  for (const auto& [code, agency] : registry->all()) {
    if (agency.parent_code.empty()) roots.push_back(code);
  }
  if (roots.size() != 1) {
    return InvalidArgumentError("the registry has " + std::to_string(roots.size()) +
                                " roots: give the operator's agency (--agency CODE)");
  }
  return roots.front();
}

}  // namespace

StatusOr<std::string> InitializeDataDirectory(const InitOptions& options) {
  const std::string out = options.out.empty() ? options.operator_name + ".identity" : options.out;
  if (std::filesystem::exists(out)) {
    return FailedPreconditionError(
        "the identity file " + out +
        " exists: give another --out (an identity is never overwritten)");
  }
  auto agency = RootAgency(options);
  if (!agency.ok()) return agency.status();
  GONGKAI_RETURN_IF_ERROR(RocksStore::Create(options.data));
  auto store = RocksStore::Open(options.data);
  if (!store.ok()) return store.status();
  const client::KeyPair server = client::NewKeyPair();
  const client::KeyPair person = client::NewKeyPair();
  v1::Principal principal;
  principal.set_name(options.operator_name);
  principal.add_roles(v1::ROLE_OPERATOR);
  principal.set_agency_code(*agency);
  principal.set_public_key(person.public_key);
  *principal.mutable_enrolled_on() = ToCivil(SystemClock().Today());
  *principal.mutable_changed_on() = principal.enrolled_on();
  WriteSet writes;
  writes.Put(Table::kMeta, kMetaServerPublicKey, server.public_key);
  writes.Put(Table::kMeta, kMetaServerSecretKey, server.secret_key);
  writes.Put(Table::kPrincipals, PrincipalKey(principal.name()), principal.SerializeAsString());
  writes.Put(Table::kPrincipals, PrincipalKeyIndex(person.public_key), principal.name());
  GONGKAI_RETURN_IF_ERROR((*store)->Write(writes, /*sync=*/true));
  const client::Identity identity{options.operator_name, options.endpoint, server.public_key,
                                  person.public_key, person.secret_key};
  GONGKAI_RETURN_IF_ERROR(client::WriteIdentity(identity, out));
  return out;
}

}  // namespace gongkai
