// gongkaid's log: spdlog to standard error (journald under systemd), one
// line an event with its level. Never personal data: refusal messages hold
// none (engine/status.h), and requests are named by their ids. Protobuf's
// own messages (e.g. a string that is not UTF-8 in a fuzzed command) go
// through it too, at most kProtobufLinesPerMinute a minute.
//
// Thread safety: SetUpDaemonLog() once, from main(), before any thread.
#ifndef GONGKAI_WORKERS_DAEMON_LOG_H_
#define GONGKAI_WORKERS_DAEMON_LOG_H_

#include <string>

namespace gongkai {

inline constexpr int kProtobufLinesPerMinute = 10;

// `level`: debug, info, warn or error.
void SetUpDaemonLog(const std::string& level);

// Tells systemd (Type=notify) how the daemon stands: "READY=1", "STOPPING=1",
// "STATUS=...". Does nothing when not started by systemd (no NOTIFY_SOCKET).
void NotifySystemd(const std::string& state);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_DAEMON_LOG_H_
