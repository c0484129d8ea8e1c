#include "workers/daemon_log.h"

#include <google/protobuf/stubs/logging.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <chrono>
#include <mutex>

namespace gongkai {
namespace {

// Protobuf's log lines, rate-limited: a flood of bad input must not flood
// the log (or the disk holding it).
void ProtobufToLog(google::protobuf::LogLevel level, const char* file, int line,
                   const std::string& message) {
  static std::mutex mutex;
  static auto window = std::chrono::steady_clock::now();
  static int lines = 0, dropped = 0;
  std::lock_guard<std::mutex> lock(mutex);
  const auto now = std::chrono::steady_clock::now();
  if (now - window > std::chrono::minutes(1)) {
    if (dropped > 0) spdlog::warn("protobuf: {} more messages left out", dropped);
    window = now;
    lines = dropped = 0;
  }
  if (++lines > kProtobufLinesPerMinute) {
    ++dropped;
    return;
  }
  const auto spd = level >= google::protobuf::LOGLEVEL_ERROR     ? spdlog::level::err
                   : level == google::protobuf::LOGLEVEL_WARNING ? spdlog::level::warn
                                                                 : spdlog::level::info;
  spdlog::log(spd, "protobuf {}:{}: {}", file, line, message);
}

}  // namespace

void SetUpDaemonLog(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("gongkaid");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  google::protobuf::SetLogHandler(&ProtobufToLog);
}

void NotifySystemd(const std::string& state) {
  // A failure to notify is not the daemon's to handle: systemd times out.
  (void)sd_notify(0, state.c_str());
}

}  // namespace gongkai
