// gongkai-web: the web console's HTTP gateway (DESIGN.md, "Web gateway").
//   gongkai-web --engine ENDPOINT --identity FILE [--listen 127.0.0.1:8080]
//               [--tls-cert FILE --tls-key FILE] [--session-minutes N]
//               [--config gongkai-web.toml]
// Prints "gongkai-web: serving URL" when it listens; serves until SIGTERM
// or SIGINT (exit 0); exits 2 on bad options, 1 when it cannot start.
#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <thread>

#include "client/toml_config.h"
#include "engine/strings.h"
#include "web/gateway.h"

namespace {

struct Flags {
  std::string engine, identity, listen = "127.0.0.1:8080", tls_cert, tls_key;
  int session_minutes = 480;
  int session_max_hours = 12;
  bool secure_cookies = false;
};

// "HOST:PORT" ("[::1]:8080" for IPv6) into the options.
gongkai::Status SetListen(const std::string& listen, gongkai::web::GatewayOptions& options) {
  const size_t colon = listen.rfind(':');
  const auto bad = gongkai::InvalidArgumentError(gongkai::StrCat(
      {"--listen must be HOST:PORT (127.0.0.1:8080; port 0 for any), not '", listen, "'"}));
  if (colon == std::string::npos || colon == 0) return bad;
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  const char* end = listen.data() + listen.size();
  auto [ptr, error] = std::from_chars(listen.data() + colon + 1, end, port);
  if (error != std::errc() || ptr != end || port < 0 || port > 65535) return bad;
  options.host = host;
  options.port = port;
  return gongkai::OkStatus();
}

void AddFlags(CLI::App& app, Flags& flags) {
  app.config_formatter(std::make_shared<gongkai::TomlConfig>());
  app.set_config("--config", "",
                 "a TOML file of these options by their long names (engine = \"tcp://...\"); an "
                 "option given here overrides the file's");
  app.allow_config_extras(false);
  app.add_option("--engine", flags.engine, "gongkaid's command endpoint (default: the identity's)");
  app.add_option("--identity", flags.identity,
                 "the gateway's identity file: a principal with the delegate right (gongkai "
                 "user add web --delegate ...)")
      ->required();
  app.add_option("--listen", flags.listen, "HOST:PORT to serve on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--tls-cert", flags.tls_cert, "serve HTTPS with this certificate (PEM)");
  app.add_option("--tls-key", flags.tls_key, "the certificate's private key (PEM)");
  app.add_option("--session-minutes", flags.session_minutes,
                 "a session ends after this many minutes without use")
      ->check(CLI::Range(1, 7 * 24 * 60))
      ->capture_default_str();
  app.add_option("--session-max-hours", flags.session_max_hours,
                 "a session ends this many hours after the login, however much it is used")
      ->check(CLI::Range(1, 7 * 24))
      ->capture_default_str();
  app.add_flag("--secure-cookies", flags.secure_cookies,
               "the console is reached over HTTPS through a proxy that terminates TLS: the "
               "session cookie says Secure (always so with --tls-cert)");
}

}  // namespace

int main(int argc, char** argv) {
  umask(0077);
  CLI::App app("gongkai-web: the web console of gongkai (政府信息依申请公开)");
  app.set_version_flag("--version", std::string("gongkai-web ") + GONGKAI_VERSION);
  Flags flags;
  AddFlags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "gongkai-web: " << e.what() << "\n";
    return 2;
  }
  gongkai::web::GatewayOptions options;
  options.engine.endpoint = flags.engine;
  options.engine.identity_path = flags.identity;
  options.tls_cert = flags.tls_cert;
  options.tls_key = flags.tls_key;
  options.sessions.ttl = std::chrono::minutes(flags.session_minutes);
  options.sessions.max_lifetime = std::chrono::hours(flags.session_max_hours);
  options.secure_cookies = flags.secure_cookies;
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    std::cerr << "gongkai-web: --tls-cert and --tls-key go together\n";
    return 2;
  }
  if (auto listen = SetListen(flags.listen, options); !listen.ok()) {
    std::cerr << "gongkai-web: " << listen.message() << "\n";
    return 2;
  }
  if (sodium_init() < 0) {
    std::cerr << "gongkai-web: libsodium cannot start\n";
    return 1;
  }
  // SIGTERM and SIGINT are blocked in every thread and awaited by one.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  gongkai::web::Gateway gateway(options);
  if (auto started = gateway.Start(); !started.ok()) {
    std::cerr << "gongkai-web: " << started.message() << "\n";
    return 1;
  }
  std::thread waiter([&gateway, &stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    gateway.Stop();
  });
  waiter.detach();
  const std::string host = options.host.find(':') != std::string::npos
                               ? gongkai::StrCat({"[", options.host, "]"})
                               : options.host;
  std::cout << "gongkai-web: serving " << (gateway.tls() ? "https" : "http") << "://" << host << ":"
            << gateway.port() << "/" << std::endl;
  gateway.Run();
  return 0;
}
