#include "bench_identity.h"

#include <map>
#include <memory>
#include <mutex>

#include "daemon_process.h"
#include "engine/keys.h"
#include "engine/store/rocks_store.h"
#include "gongkai/v1/command.pb.h"
#include "workers/daemon_init.h"

namespace gongkai::bench {
namespace {

std::mutex mutex;
std::map<std::string, client::Identity>& Identities() {
  static std::map<std::string, client::Identity> identities;
  return identities;
}

}  // namespace

std::string IdentityPathOf(const std::string& directory) { return directory + ".identity"; }

Status InitBenchDirectory(const std::string& directory) {
  InitOptions init;
  init.data = directory;
  init.operator_name = "bench";
  init.out = IdentityPathOf(directory);
  init.agencies = AgenciesPath();
  auto made = InitializeDataDirectory(init);
  if (!made.ok()) return made.status();
  auto store = RocksStore::Open(directory);
  if (!store.ok()) return store.status();
  auto stored = (*store)->Get(Table::kPrincipals, PrincipalKey("bench"));
  if (!stored.ok()) return stored.status();
  v1::Principal bench;
  if (!stored->has_value() || !bench.ParseFromString(**stored)) {
    return InternalError("gongkaid init made no operator");
  }
  bench.clear_roles();
  for (int role = v1::Role_MIN + 1; role <= v1::Role_MAX; ++role) {
    if (v1::Role_IsValid(role)) bench.add_roles(v1::Role(role));
  }
  WriteSet writes;
  writes.Put(Table::kPrincipals, PrincipalKey("bench"), bench.SerializeAsString());
  return (*store)->Write(writes, /*sync=*/true);
}

void RememberIdentity(const std::string& endpoint, const std::string& directory) {
  auto identity = client::ReadIdentity(IdentityPathOf(directory));
  if (!identity.ok()) return;
  std::lock_guard<std::mutex> lock(mutex);
  Identities()[endpoint] = *identity;
}

std::optional<client::Identity> IdentityFor(const std::string& endpoint) {
  std::lock_guard<std::mutex> lock(mutex);
  auto found = Identities().find(endpoint);
  if (found == Identities().end()) return std::nullopt;
  return found->second;
}

void Secure(zmq::socket_t& socket, const std::string& endpoint) {
  const auto identity = IdentityFor(endpoint);
  if (!identity) return;
  socket.set(zmq::sockopt::curve_serverkey, identity->server_public_key);
  socket.set(zmq::sockopt::curve_publickey, identity->public_key);
  socket.set(zmq::sockopt::curve_secretkey, identity->secret_key);
}

client::ClientOptions ClientFor(const std::string& endpoint, std::chrono::milliseconds timeout,
                                int attempts) {
  client::ClientOptions options;
  options.endpoint = endpoint;
  options.identity = IdentityFor(endpoint);
  options.timeout = timeout;
  options.attempts = attempts;
  return options;
}

}  // namespace gongkai::bench
