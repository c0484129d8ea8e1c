// gongkai-web over HTTPS (--tls-cert, --tls-key, here from its TOML
// configuration file), with a certificate made for the test by openssl:
// the console answers over TLS and its session cookie is Secure.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/e2e/daemon_process.h"
#include "tests/web/web_fixture.h"

namespace gongkai::web_test {
namespace {

using nlohmann::json;

// A directory with a self-signed certificate for 127.0.0.1, its key, and a
// configuration file naming both; removed at the end.
struct TlsFiles {
  std::string dir;
  TlsFiles() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gongkai-tls-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    const e2e::ProcessResult made = e2e::RunProcess(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", dir + "/web.key", "-out", dir + "/web.crt"});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    std::ofstream(dir + "/gongkai-web.toml")
        << "# gongkai-web under test\ntls-cert = \"" << dir << "/web.crt\"\ntls-key = \"" << dir
        << "/web.key\"\nsession-minutes = 30\n";
  }
  ~TlsFiles() { std::filesystem::remove_all(dir); }
};

TEST_CASE(
    "Given a certificate in its configuration file the console serves HTTPS with Secure cookies",
    "[web][tls]") {
  if (!std::filesystem::exists("/usr/bin/openssl")) {
    WARN("skipped: openssl is not installed");
    return;
  }
  TlsFiles files;
  WebFixture web({"--config", files.dir + "/gongkai-web.toml"});
  CHECK(web.serving_line().find("https://127.0.0.1:") != std::string::npos);
  httplib::SSLClient client("127.0.0.1", web.port());
  client.enable_server_certificate_verification(false);  // Self-signed for the test.
  client.set_read_timeout(std::chrono::seconds(30));
  auto login = client.Post("/api/v1/login", json{{"name", kClerk}, {"password", kPassword}}.dump(),
                           "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string cookie = login->get_header_value("Set-Cookie");
  CHECK(cookie.find("; Secure") != std::string::npos);
  CHECK(cookie.find("Max-Age=1800") != std::string::npos);  // session-minutes = 30.
  CHECK(login->get_header_value("Strict-Transport-Security") == "max-age=31536000");
  auto session = client.Get("/api/v1/session",
                            httplib::Headers{{"Cookie", cookie.substr(0, cookie.find(';'))}});
  REQUIRE(session);
  CHECK(session->status == 200);
  httplib::Client plain("127.0.0.1", web.port());
  plain.set_read_timeout(std::chrono::seconds(5));
  auto refused = plain.Get("/");
  CHECK((!refused || refused->status != 200));  // Plain HTTP is not served.
}

TEST_CASE(
    "Behind an HTTPS proxy --secure-cookies makes the cookie Secure, and plain HTTP sends no "
    "Strict-Transport-Security",
    "[web][tls]") {
  for (const bool secure : {false, true}) {
    CAPTURE(secure);
    WebFixture web(secure ? std::vector<std::string>{"--secure-cookies"}
                          : std::vector<std::string>{});
    httplib::Client client("127.0.0.1", web.port());
    client.set_read_timeout(std::chrono::seconds(30));
    auto login =
        client.Post("/api/v1/login", json{{"name", kClerk}, {"password", kPassword}}.dump(),
                    "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 200);
    const std::string cookie = login->get_header_value("Set-Cookie");
    CHECK((cookie.find("; Secure") != std::string::npos) == secure);
    CHECK_FALSE(login->has_header("Strict-Transport-Security"));
  }
}

}  // namespace
}  // namespace gongkai::web_test
