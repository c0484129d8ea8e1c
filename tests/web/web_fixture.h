// The web gateway under test: a real gongkaid (tests/e2e/daemon_process.h)
// with the demo office's people enrolled and given passwords, and a real
// gongkai-web process in front of it on 127.0.0.1 (a free port), spoken to
// with httplib::Client. Nothing sleeps: the gateway is ready when its
// first line names its address (read with a deadline).
//
// Thread safety: one test thread; Client() may be called from others.
#ifndef GONGKAI_TESTS_WEB_WEB_FIXTURE_H_
#define GONGKAI_TESTS_WEB_WEB_FIXTURE_H_

#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/daemon_process.h"

namespace gongkai::web_test {

inline constexpr char kPassword[] = "correct horse 2012";

// The people enrolled: name, roles, agency.
inline constexpr char kClerk[] = "李受理";             // clerk, 210300
inline constexpr char kOfficer[] = "张承办";           // officer, 210300
inline constexpr char kHead[] = "赵负责";              // head, 210300
inline constexpr char kSupervisor[] = "钱督办";        // supervisor, 210300
inline constexpr char kCountySupervisor[] = "孙督办";  // supervisor, 210302
inline constexpr char kReporter[] = "周统计";          // reporter, 210300
inline constexpr char kOperator[] = "operator";        // the first operator

// A logged-in person: the cookie to send and the CSRF token.
struct Login {
  std::string cookie;  // "gongkai_session=..."
  std::string csrf;
  nlohmann::json body;
};

class WebFixture {
 public:
  // `web_args` are appended to gongkai-web's command line (--config, say).
  explicit WebFixture(std::vector<std::string> web_args = {});
  ~WebFixture();

  httplib::Client Client() const;
  // POST /api/v1/login as `name`; REQUIREs 200.
  Login LogIn(const std::string& name, const std::string& password = kPassword);
  // GET `path` as `who`, the reply's status and parsed JSON body.
  httplib::Result Get(const Login& who, const std::string& path);
  // POST `body` to `path` as `who` with the CSRF token (or without).
  httplib::Result Post(const Login& who, const std::string& path, const std::string& body,
                       bool with_csrf = true);
  // Sets `name`'s password through the engine as the operator.
  void SetPassword(const std::string& name, const std::string& password);
  // Identity file of an enrolled person (for the CLI).
  std::string IdentityOf(const std::string& name) const;

  e2e::DaemonProcess& daemon() { return daemon_; }
  const std::string& endpoint() const { return endpoint_; }
  // gongkai-web's first line ("gongkai-web: serving URL").
  std::string serving_line() const { return web_->lines().front(); }
  int port() const { return port_; }

 private:
  e2e::DaemonProcess daemon_;
  std::string endpoint_;
  std::map<std::string, std::string> identities_;
  std::unique_ptr<e2e::BackgroundProcess> web_;
  int port_ = 0;
};

// The JSON of a reply body (discarded when it is not JSON).
nlohmann::json JsonOf(const httplib::Result& result);
// The path of gongkai-web (compile definition).
std::string WebPath();

}  // namespace gongkai::web_test

#endif  // GONGKAI_TESTS_WEB_WEB_FIXTURE_H_
