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

}  // namespace gongkai::test
