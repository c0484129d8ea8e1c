#include "tests/workers/test_keys.h"

#include <stdexcept>

namespace gongkai::test {

const TestKeys& Keys() {
  static const TestKeys keys = [] {
    TestKeys k;
    char pub[41], sec[41];
    if (zmq_curve_keypair(pub, sec) != 0) throw std::runtime_error("zmq_curve_keypair failed");
    k.server_public = pub;
    k.server_secret = sec;
    if (zmq_curve_keypair(pub, sec) != 0) throw std::runtime_error("zmq_curve_keypair failed");
    k.client_public = pub;
    k.client_secret = sec;
    return k;
  }();
  return keys;
}

v1::Principal Tester() {
  v1::Principal tester;
  tester.set_name("tester");
  for (v1::Role role : {v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_SUPERVISOR,
                        v1::ROLE_REPORTER, v1::ROLE_AUDITOR, v1::ROLE_OPERATOR}) {
    tester.add_roles(role);
  }
  tester.set_agency_code("210300");
  tester.set_public_key(Keys().client_public);
  return tester;
}

void SecureForEndpoint(zmq::socket_t& socket, const std::string& endpoint) {
  if (endpoint.rfind("tcp://", 0) != 0) return;
  socket.set(zmq::sockopt::curve_serverkey, Keys().server_public);
  socket.set(zmq::sockopt::curve_publickey, Keys().client_public);
  socket.set(zmq::sockopt::curve_secretkey, Keys().client_secret);
}

KeyPair NewKeys() {
  char pub[41], sec[41];
  if (zmq_curve_keypair(pub, sec) != 0) throw std::runtime_error("zmq_curve_keypair failed");
  return {pub, sec};
}

void SecureWith(zmq::socket_t& socket, const KeyPair& keys) {
  socket.set(zmq::sockopt::curve_serverkey, Keys().server_public);
  socket.set(zmq::sockopt::curve_publickey, keys.public_key);
  socket.set(zmq::sockopt::curve_secretkey, keys.secret_key);
}

bool HandshakeRefused(zmq::context_t& context, zmq::socket_t& socket, const std::string& endpoint,
                      std::chrono::milliseconds limit) {
  static int monitors = 0;
  const std::string address = "inproc://test-monitor-" + std::to_string(++monitors);
  if (zmq_socket_monitor(socket.handle(), address.c_str(), ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0) {
    throw std::runtime_error("zmq_socket_monitor failed");
  }
  zmq::socket_t watcher(context, zmq::socket_type::pair);
  watcher.set(zmq::sockopt::linger, 0);
  watcher.connect(address);
  socket.connect(endpoint);
  zmq::pollitem_t item{watcher.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, limit);
  zmq_socket_monitor(socket.handle(), nullptr, 0);
  return (item.revents & ZMQ_POLLIN) != 0;
}

}  // namespace gongkai::test
