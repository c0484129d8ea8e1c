// gongkai-web's server: the JSON API (web/api.h) and the console's static
// files over HTTP, or HTTPS when given a certificate and its key.
//
// Every response carries headers that keep the console to itself (no
// framing, no sniffing, a Content-Security-Policy of 'self' only, no
// referrer, and over HTTPS Strict-Transport-Security for a year); API
// answers are never cached. Bodies larger than
// `max_body_bytes` are refused (413) before they are read.
//
// Thread safety: Start, then Run on one thread; Stop from any thread.
#ifndef GONGKAI_WEB_GATEWAY_H_
#define GONGKAI_WEB_GATEWAY_H_

#include <httplib.h>

#include <memory>
#include <string>

#include "client/engine_client.h"
#include "engine/status.h"
#include "web/alert_hub.h"
#include "web/api.h"
#include "web/engine_pool.h"
#include "web/sessions.h"

namespace gongkai::web {

struct GatewayOptions {
  client::ClientOptions engine;  // --engine, --identity.
  std::string host = "127.0.0.1";
  int port = 8080;                // 0: any free port (see port()).
  std::string tls_cert, tls_key;  // Both or neither (PEM files).
  // Reached over HTTPS through a proxy that terminates TLS: cookies say
  // Secure although this server speaks HTTP (always so under TLS).
  bool secure_cookies = false;
  SessionLimits sessions;
  size_t max_body_bytes = 2 << 20;
  int threads = 128;  // Each open alert stream holds one (96 streams at most).
};

class Gateway {
 public:
  explicit Gateway(GatewayOptions options);
  ~Gateway();

  // Reads the identity and binds the address. invalid_argument for a bad
  // certificate or key, unavailable when the address cannot be bound,
  // the identity's errors as client::ReadIdentity's.
  [[nodiscard]] Status Start();
  // The bound port (after Start()).
  int port() const { return port_; }
  bool tls() const { return !options_.tls_cert.empty(); }
  // Serves until Stop().
  void Run();
  void Stop();

 private:
  void AddRoutes();

  GatewayOptions options_;
  EnginePool engine_;
  SessionStore sessions_;
  AlertHub alerts_;
  Api api_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_GATEWAY_H_
