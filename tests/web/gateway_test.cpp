// The gateway's listening socket, in this process: no engine is needed to
// bind it (the identity is given, not read, and nothing is sent).
#include "web/gateway.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <charconv>
#include <fstream>
#include <string>
#include <string_view>

#include "client/identity.h"

namespace gongkai::web {
namespace {

// The descriptor of this process's socket listening on `port`; -1 if none.
int ListeningSocketOn(int port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (const dirent* entry = readdir(fds)) {
    const std::string_view name = entry->d_name;
    int fd = -1;
    std::from_chars(name.data(), name.data() + name.size(), fd);
    int accepting = 0;
    socklen_t size = sizeof accepting;
    sockaddr_in address{};
    socklen_t address_size = sizeof address;
    if (fd <= 2 || getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) != 0 ||
        accepting == 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_size) != 0) {
      continue;
    }
    if (address.sin_family == AF_INET && ntohs(address.sin_port) == port) found = fd;
  }
  closedir(fds);
  return found;
}

TEST_CASE("The console keeps a burst of new connections waiting instead of dropping them",
          "[web][gateway]") {
  const client::KeyPair gateway_keys = client::NewKeyPair();
  const client::KeyPair engine_keys = client::NewKeyPair();
  GatewayOptions options;
  options.engine.identity = client::Identity{"web", "tcp://127.0.0.1:1", engine_keys.public_key,
                                             gateway_keys.public_key, gateway_keys.secret_key};
  options.port = 0;
  Gateway gateway(options);
  REQUIRE(gateway.Start().ok());
  const int listening = ListeningSocketOn(gateway.port());
  REQUIRE(listening >= 0);
  // Of a listening socket, Linux reports its backlog (the most connections
  // it holds until they are accepted) as tcpi_sacked. The HTTP library's
  // own is 5: past them, a browser's connection is dropped and tried again
  // a second later.
  tcp_info info{};
  socklen_t size = sizeof info;
  REQUIRE(getsockopt(listening, IPPROTO_TCP, TCP_INFO, &info, &size) == 0);
  int system_most = 4096;
  std::ifstream("/proc/sys/net/core/somaxconn") >> system_most;
  CHECK(info.tcpi_sacked == uint32_t(std::min(1024, system_most)));
}

}  // namespace
}  // namespace gongkai::web
