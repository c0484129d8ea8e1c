// Who the benchmarks are to the engine. Every benchmark database is made as
// `gongkaid init` makes one (server keys, first operator); that operator,
// "bench", is then given every role over the registry's root, and its
// identity file lies beside the data directory (IdentityPathOf). Clients of
// a daemon find the identity by the daemon's endpoint, which
// DaemonProcess::Start registers: every connection is CURVE, as in
// production.
//
// Thread safety: the registry of endpoints is guarded by a mutex.
#ifndef GONGKAI_BENCH_BENCH_IDENTITY_H_
#define GONGKAI_BENCH_BENCH_IDENTITY_H_

#include <optional>
#include <string>
#include <zmq.hpp>

#include "client/engine_client.h"
#include "client/identity.h"
#include "engine/status.h"

namespace gongkai::bench {

// `directory` + ".identity".
std::string IdentityPathOf(const std::string& directory);

// Makes the database in `directory` (absent or empty) with gongkaid init's
// code, and gives its operator, "bench", every role over 210300.
[[nodiscard]] Status InitBenchDirectory(const std::string& directory);

// Registers the identity of the daemon serving `endpoint` on `directory`.
void RememberIdentity(const std::string& endpoint, const std::string& directory);
// The identity registered for `endpoint`, if any.
std::optional<client::Identity> IdentityFor(const std::string& endpoint);

// Makes `socket` a CURVE client of the daemon at `endpoint` (nothing when
// no identity is registered for it).
void Secure(zmq::socket_t& socket, const std::string& endpoint);

// An EngineClient's options for the daemon at `endpoint`.
client::ClientOptions ClientFor(const std::string& endpoint, std::chrono::milliseconds timeout,
                                int attempts = 1);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_BENCH_IDENTITY_H_
