// The gateway's one subscription to gongkaid's alert wake-ups (the PUB
// socket: topic the agency path, body the sequence; no alert content), for
// every live alert stream (GET /api/v1/alerts/stream). A wake-up only says
// "fetch again": each stream then fetches the alert bodies on behalf of its
// own person, so no one sees another scope's alerts (DESIGN.md, "Trust and
// access"). The socket is CURVE with the gateway's identity and reconnects
// by itself when gongkaid restarts.
//
// Thread safety: every method may be called from any thread; the
// subscription runs on a thread of its own, ended by Stop() or the
// destructor.
#ifndef GONGKAI_WEB_ALERT_HUB_H_
#define GONGKAI_WEB_ALERT_HUB_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "web/engine_pool.h"

namespace gongkai::web {

class AlertHub {
 public:
  explicit AlertHub(EnginePool& engine);
  ~AlertHub();
  AlertHub(const AlertHub&) = delete;
  AlertHub& operator=(const AlertHub&) = delete;

  // Subscribes to the alerts endpoint the engine named in an alerts fetch
  // reply (tcp://0.0.0.0:7502 is reached at the engine's host); when a
  // later reply names another (gongkaid restarted elsewhere), moves there.
  void Watch(const std::string& endpoint);
  // How many wake-ups have been heard.
  uint64_t wakeups();
  // Waits until more than `seen` wake-ups have been heard, `limit` has
  // passed, or Stop(); returns wakeups().
  uint64_t WaitPast(uint64_t seen, std::chrono::milliseconds limit);
  // Ends the subscription and every wait.
  void Stop();
  bool stopping();

 private:
  void Run();
  std::string wanted();

  EnginePool& engine_;
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t wakeups_ = 0;
  bool stopping_ = false;
  bool watching_ = false;
  std::string wanted_;  // The endpoint to be subscribed to.
  std::thread thread_;
};

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_ALERT_HUB_H_
