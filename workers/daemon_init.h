// gongkaid init: the only way to create a database. It makes the data
// directory (mode 0700) with an empty database, the server's CURVE key pair
// (kept in the database: its files are the service account's alone), and
// the first operator, whose identity file (client/identity.h) it writes,
// mode 0600. The operator then enrols everyone else (gongkai user add).
//
// Thread safety: call from main() only.
#ifndef GONGKAI_WORKERS_DAEMON_INIT_H_
#define GONGKAI_WORKERS_DAEMON_INIT_H_

#include <string>

#include "engine/status.h"

namespace gongkai {

struct InitOptions {
  std::string data;
  std::string operator_name = "operator";
  std::string out;  // The identity file; empty: "<operator_name>.identity".
  std::string endpoint = "tcp://127.0.0.1:7501";  // Written into the identity.
  std::string agencies;  // The registry: the operator's scope is its root...
  std::string agency;    // ...unless given.
};

// The path of the identity file written. failed_precondition when the
// directory is not empty or the identity file exists (nothing is made).
StatusOr<std::string> InitializeDataDirectory(const InitOptions& options);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_DAEMON_INIT_H_
