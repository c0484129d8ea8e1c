// CURVE keys for the worker tests that run a LedgerServer over tcp: the
// server's key pair and the one enrolled client, "tester" (every role but
// scheduler over 210300), made once per test binary.
//
// Thread safety: Keys() is initialised once (a function-local static).
#ifndef GONGKAI_TESTS_WORKERS_TEST_KEYS_H_
#define GONGKAI_TESTS_WORKERS_TEST_KEYS_H_

#include <chrono>
#include <string>
#include <zmq.hpp>

#include "gongkai/v1/command.pb.h"

namespace gongkai::test {

struct TestKeys {
  std::string server_public, server_secret, client_public, client_secret;
};
const TestKeys& Keys();

// The tester's principal (public key: Keys().client_public).
v1::Principal Tester();

// Makes `socket` a CURVE client of the test server with the tester's keys
// when `endpoint` is tcp:// (inproc:// is the engine's own way in).
void SecureForEndpoint(zmq::socket_t& socket, const std::string& endpoint);

// Another key pair (a person to enrol, or a stranger).
struct KeyPair {
  std::string public_key, secret_key;
};
KeyPair NewKeys();
// Makes `socket` a CURVE client of the test server with `keys`.
void SecureWith(zmq::socket_t& socket, const KeyPair& keys);

// Watches `socket` for a failed CURVE handshake (libzmq's monitor): true
// when the server refused its key within `limit`.
bool HandshakeRefused(zmq::context_t& context, zmq::socket_t& socket, const std::string& endpoint,
                      std::chrono::milliseconds limit);

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_TEST_KEYS_H_
