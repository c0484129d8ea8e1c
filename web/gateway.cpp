#include "web/gateway.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "engine/strings.h"
#include "web/http_json.h"
#include "web/static_files.h"

namespace gongkai::web {
namespace {

constexpr char kSecurityPolicy[] =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

void ServeStatic(const httplib::Request& req, httplib::Response& res) {
  const std::string asked = req.matches[1].str();
  const std::string path = StrCat({"/", asked.empty() ? std::string_view("index.html") : asked});
  for (const StaticFile& file : StaticFiles()) {
    if (file.path != path) continue;
    res.set_content(std::string(file.bytes), std::string(ContentTypeOf(file.path)));
    return;
  }
  res.status = 404;
  res.set_content("404", "text/plain; charset=utf-8");
}

// Connections the kernel holds for the server until it accepts them. The
// library listens with 5, and a connection past them is dropped and tried
// again by the browser a second later, then 3, 7, 15 seconds later: a
// console opened by a dozen people at once, or by one browser fetching a
// page's files in parallel, would wait that long.
constexpr int kListenBacklog = 1024;

}  // namespace

std::string_view ContentTypeOf(std::string_view path) {
  const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".json", "application/json"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"}};
  for (const auto& [extension, type] : types) {
    if (path.size() >= extension.size() &&
        path.substr(path.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

Gateway::Gateway(GatewayOptions options)
    : options_(std::move(options)),
      engine_(options_.engine),
      sessions_(options_.sessions),
      alerts_(engine_),
      api_{engine_, sessions_, alerts_, !options_.tls_cert.empty() || options_.secure_cookies} {}

Gateway::~Gateway() { Stop(); }

Status Gateway::Start() {
  GONGKAI_RETURN_IF_ERROR(engine_.Load());
  if (tls()) {
    auto server =
        std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    if (!server->is_valid()) {
      return InvalidArgumentError(
          StrCat({"cannot use the certificate ", options_.tls_cert, " with the key ",
                  options_.tls_key, ": both must be readable PEM files that match"}));
    }
    server_ = std::move(server);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  const int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(std::chrono::seconds(30));
  // One request a connection: the server gives each connection a thread
  // until it closes, so a kept-alive browser (idle, or asking again and
  // again) would hold a thread while others queue behind it for seconds.
  // Closed after each reply, requests are served in the order they came.
  server_->set_keep_alive_max_count(1);
  AddRoutes();
  // The library's options for its listening socket, and the socket kept to
  // listen on it again with a longer queue (Linux takes a second listen()
  // on a listening socket as a new backlog).
  int listening = -1;
  server_->set_socket_options([&listening](socket_t socket) {
    httplib::default_socket_options(socket);
    listening = socket;
  });
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    return UnavailableError(
        StrCat({"cannot listen on ", options_.host, ":", std::to_string(options_.port),
                ": is the address in use, or not this machine's?"}));
  }
  server_->set_socket_options(httplib::default_socket_options);  // `listening` goes now.
  if (::listen(listening, kListenBacklog) != 0) {
    return InternalError(StrCat({"cannot lengthen the queue of connections on ", options_.host, ":",
                                 std::to_string(port_), ": ", std::strerror(errno)}));
  }
  return OkStatus();
}

void Gateway::AddRoutes() {
  httplib::Server& server = *server_;
  server.set_post_routing_handler(
      [tls = tls()](const httplib::Request& req, httplib::Response& res) {
        // Over HTTPS, browsers are told to come back only over HTTPS (a proxy
        // that terminates TLS sets this header itself).
        if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Content-Security-Policy", kSecurityPolicy);
        if (req.path.rfind("/api/", 0) == 0 && !res.has_header("Cache-Control")) {
          res.set_header("Cache-Control", "no-store");
        }
      });
  AddSessionRoutes(server, api_);
  AddRequestRoutes(server, api_);
  AddSupervisionRoutes(server, api_);
  AddAdminRoutes(server, api_);
  const auto unknown = [](const httplib::Request&, httplib::Response& res) {
    SendError(res, 404, "not_found", "no such API endpoint: see docs/web-api.md");
  };
  server.Get(R"(/api/.*)", unknown);
  server.Post(R"(/api/.*)", unknown);
  server.Get(R"(/([A-Za-z0-9_./-]*))", ServeStatic);
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendError(res, 500, "internal",
                  "the gateway failed to answer; reload the page to see what was recorded");
      });
}

void Gateway::Run() { server_->listen_after_bind(); }

void Gateway::Stop() {
  alerts_.Stop();
  if (server_) server_->stop();
}

}  // namespace gongkai::web
