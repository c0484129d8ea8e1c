#include "workers/ledger_server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <set>
#include <thread>
#include <zmq_addon.hpp>

#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/wire_status.h"
#include "workers/command_frames.h"
#include "workers/ledger_reader.h"
#include "workers/server_queues.h"

namespace gongkai {

struct LedgerServer::Shared {
  Shared(size_t changes_capacity, size_t queries_capacity)
      : changes(changes_capacity), queries(queries_capacity) {}
  JobQueue changes;
  JobQueue queries;
  ReplyQueue replies;
};

namespace {

constexpr std::chrono::milliseconds kWorkerWait(100);
constexpr std::chrono::milliseconds kIdlePoll(100);
constexpr std::chrono::milliseconds kBlockedPoll(2);
constexpr int kMessagesPerRead = 1024;
constexpr int kSendHighWaterMark = 16;

std::string KindOf(const v1::Command& command) {
  const auto* field = command.GetDescriptor()->FindFieldByNumber(int(command.body_case()));
  return field != nullptr ? field->name() : "empty command";
}

Outgoing ReplyTo(Job& job, const v1::Reply& reply, bool query) {
  return Outgoing{std::move(job.peer), job.order, std::move(job.envelope),
                  reply.SerializeAsString(), query};
}

// --- The ledger thread ---------------------------------------------------

void Publish(Ledger& ledger, zmq::socket_t* publisher, const std::vector<v1::Alert>& alerts) {
  if (alerts.empty()) return;
  if (publisher != nullptr) {
    for (const auto& alert : alerts) {
      const std::string topic = IsReminderLevel(alert.level())
                                    ? kReminderTopicPrefix + alert.agency_path()
                                    : alert.agency_path();
      publisher->send(zmq::buffer(topic), zmq::send_flags::sndmore);
      publisher->send(zmq::buffer(alert.SerializeAsString()), zmq::send_flags::dontwait);
    }
  }
  // Losing this mark in a crash only republishes (see the header).
  if (Status marked = ledger.MarkPublished(alerts); !marked.ok()) {
    spdlog::warn("alerts: cannot note {} alerts as published: {}", alerts.size(), marked.message());
  }
}

void PublishRecorded(Ledger& ledger, zmq::socket_t* publisher, bool crash_after_recording) {
  const std::vector<v1::Alert> alerts = ledger.TakeRecordedAlerts();
  if (!alerts.empty() && crash_after_recording) std::_Exit(70);
  Publish(ledger, publisher, alerts);
}

// Publishes what a crash left unpublished, then sweeps once.
void StartLedger(Ledger& ledger, zmq::socket_t* publisher, bool crash_after_recording) {
  auto unpublished = ledger.UnpublishedAlerts();
  if (unpublished.ok()) {
    Publish(ledger, publisher, *unpublished);
  } else {
    spdlog::error("alerts: cannot read the unpublished alerts: {}", unpublished.status().message());
  }
  if (Status swept = ledger.Sweep(); !swept.ok()) {
    spdlog::error("sweep at start failed: {}", swept.message());
  }
  PublishRecorded(ledger, publisher, crash_after_recording);
}

void LogRefusals(const std::vector<Job>& jobs, const std::vector<v1::Reply>& replies) {
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (replies[i].code() == v1::STATUS_CODE_OK) continue;
    // Refusal messages never hold personal data (engine/status.h).
    spdlog::info("refused {} from {}: {}: {}", KindOf(jobs[i].command),
                 jobs[i].sender.empty() ? "-" : jobs[i].sender, CodeOf(replies[i].code()),
                 replies[i].message());
  }
}

void LedgerLoop(Ledger& ledger, zmq::socket_t* publisher, LedgerServer::Shared& shared,
                const LedgerServerOptions& options, const std::atomic<bool>& stop,
                std::atomic<uint64_t>& groups) {
  StartLedger(ledger, publisher, options.crash_after_recording_alerts);
  while (!stop.load()) {
    std::vector<Job> jobs =
        shared.changes.Pop(options.max_group, options.max_group_bytes, kWorkerWait);
    if (jobs.empty()) continue;
    std::vector<v1::Command> commands;
    std::vector<std::string> senders;
    for (const Job& job : jobs) {
      commands.push_back(job.command);
      senders.push_back(job.sender);
    }
    const std::vector<v1::Reply> replies = ledger.HandleGroup(commands, senders);
    ++groups;
    LogRefusals(jobs, replies);
    std::vector<Outgoing> out;
    for (size_t i = 0; i < jobs.size(); ++i) out.push_back(ReplyTo(jobs[i], replies[i], false));
    shared.replies.Push(std::move(out));
    PublishRecorded(ledger, publisher, options.crash_after_recording_alerts);
  }
}

// --- The readers ---------------------------------------------------------

void ReaderLoop(const Ledger& ledger, LedgerServer::Shared& shared,
                const LedgerServerOptions& options, const std::atomic<bool>& stop) {
  // Queries yield the processor to acknowledgements.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
  while (!stop.load()) {
    std::vector<Job> jobs = shared.queries.Pop(1, SIZE_MAX, kWorkerWait);
    for (Job& job : jobs) {
      const auto started = std::chrono::steady_clock::now();
      const LedgerReader reader(ledger.reader_config(), ledger.read_state());
      const v1::Reply reply = reader.Handle(job.command);
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      if (took > options.slow_query) {
        spdlog::warn("slow query: {} took {} ms", KindOf(job.command), took.count());
      }
      std::vector<Outgoing> out;
      out.push_back(ReplyTo(job, reply, true));
      shared.replies.Push(std::move(out));
    }
  }
}

// --- The I/O thread --------------------------------------------------------

// What the server holds for one connection.
struct Peer {
  uint64_t next_order = 0;             // The rank of its next message.
  uint64_t next_reply = 0;             // The rank of the next reply to send.
  std::map<uint64_t, Outgoing> early;  // Replies ready before an earlier one.
  std::deque<Outgoing> unsent;         // In order; the first could not be queued.
  size_t unsent_bytes = 0;             // Of `early` and `unsent`.
  size_t queries = 0;                  // Waiting for a reader or being answered.
  bool idle() const {
    return early.empty() && unsent.empty() && queries == 0 && next_reply == next_order;
  }
};

size_t SizeOf(const Outgoing& out) {
  size_t bytes = out.body.size();
  for (const auto& frame : out.envelope) bytes += frame.size();
  return bytes;
}

class Frontend {
 public:
  Frontend(zmq::socket_t& socket, LedgerServer::Shared& shared, const LedgerServerOptions& options,
           std::atomic<uint64_t>& served)
      : socket_(socket), shared_(shared), options_(options), served_(served) {}

  void Serve(const std::atomic<bool>& stop) {
    while (!stop.load()) {
      zmq::pollitem_t items[] = {{socket_.handle(), 0, ZMQ_POLLIN, 0},
                                 {nullptr, shared_.replies.fd(), ZMQ_POLLIN, 0}};
      try {
        zmq::poll(items, 2, blocked_.empty() ? kIdlePoll : kBlockedPoll);
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;  // A signal: Stop() may have been called.
        throw;
      }
      if (items[1].revents & ZMQ_POLLIN) SendReplies();
      if (items[0].revents & ZMQ_POLLIN) ReadMessages();
      FlushBlocked();
    }
  }

 private:
  enum class Sent { kSent, kBlocked, kGone };

  void ReadMessages() {
    for (int n = 0; n < kMessagesPerRead; ++n) {
      zmq::message_t frame;
      if (!socket_.recv(frame, zmq::recv_flags::dontwait)) return;
      std::vector<zmq::message_t> frames;
      size_t total = 0;
      bool truncated = false;
      for (;;) {
        const bool more = frame.more();
        total += frame.size();
        // Past the limit, the rest of the message is read and dropped.
        if (!truncated && total <= options_.max_message_bytes) {
          frames.push_back(std::move(frame));
        } else {
          truncated = true;
        }
        if (!more) break;
        frame = zmq::message_t();
        if (!socket_.recv(frame, zmq::recv_flags::none)) break;
      }
      if (!frames.empty()) Accept(std::move(frames), total, truncated);
    }
  }

  void Accept(std::vector<zmq::message_t> frames, size_t total, bool truncated) {
    std::vector<std::string_view> views;
    for (const auto& frame : frames) views.emplace_back(frame.data<char>(), frame.size());
    DecodedMessage decoded =
        DecodeCommandFrames(views, total, options_.max_message_bytes, truncated);
    Job job;
    job.peer = frames[0].to_string();
    Peer& peer = peers_[job.peer];
    job.order = peer.next_order++;
    job.bytes = total;
    job.received = std::chrono::steady_clock::now();
    for (size_t i = 0; i < decoded.envelope_frames && i < frames.size(); ++i) {
      job.envelope.push_back(std::move(frames[i]));
    }
    if (!decoded.has_delimiter) job.envelope.emplace_back();
    if (!decoded.refusal.ok()) return Refuse(job, decoded.refusal);
    job.command = std::move(decoded.command);
    // Until people are authenticated, the sender is the name the client gives.
    job.sender = job.command.actor();
    if (peer.unsent_bytes > options_.max_unsent_bytes_per_connection ||
        unsent_bytes_ > options_.max_unsent_bytes) {
      return Refuse(job, ResourceExhaustedError(
                             "the replies waiting for this connection are not being read: read "
                             "them, then retry"));
    }
    const bool query = IsQuery(job.command);
    if (query && peer.queries >= options_.max_queries_per_connection) {
      return Refuse(job, ResourceExhaustedError(
                             "this connection has " + std::to_string(peer.queries) +
                             " queries waiting for their answers: wait for them, then retry"));
    }
    JobQueue& queue = query ? shared_.queries : shared_.changes;
    if (!queue.Push(job)) {
      return Refuse(job, ResourceExhaustedError("the engine is busy; retry shortly"));
    }
    if (query) ++peer.queries;
  }

  void Refuse(Job& job, const Status& status) {
    if (status.code() == StatusCode::kResourceExhausted) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_exhausted_log_ > std::chrono::seconds(1)) {
        spdlog::warn("resource_exhausted: {} ({} bytes of replies unsent in all)", status.message(),
                     unsent_bytes_);
        last_exhausted_log_ = now;
      }
    }
    Respond(ReplyTo(job, ReplyFor(status), false));
  }

  void SendReplies() {
    for (Outgoing& out : shared_.replies.TakeAll()) {
      if (out.query) {
        auto it = peers_.find(out.peer);
        if (it != peers_.end() && it->second.queries > 0) --it->second.queries;
      }
      Respond(std::move(out));
    }
  }

  // Releases the peer's replies in the order of its messages.
  void Respond(Outgoing out) {
    ++served_;
    const std::string id = out.peer;
    Peer& peer = peers_[id];
    const size_t bytes = SizeOf(out);
    peer.unsent_bytes += bytes;
    unsent_bytes_ += bytes;
    peer.early.emplace(out.order, std::move(out));
    for (auto it = peer.early.begin(); it != peer.early.end() && it->first == peer.next_reply;
         it = peer.early.erase(it)) {
      ++peer.next_reply;
      peer.unsent.push_back(std::move(it->second));
    }
    SendUnsent(peer);
    if (!peer.unsent.empty()) blocked_.insert(id);
    Forget(id);
  }

  // Sends the peer's replies in order until its queue is full.
  void SendUnsent(Peer& peer) {
    while (!peer.unsent.empty()) {
      const Sent sent = TrySend(peer.unsent.front());
      if (sent == Sent::kBlocked) return;
      const size_t bytes = SizeOf(peer.unsent.front());
      peer.unsent_bytes -= bytes;
      unsent_bytes_ -= bytes;
      peer.unsent.pop_front();
    }
  }

  Sent TrySend(Outgoing& out) {
    try {
      for (size_t i = 0; i < out.envelope.size(); ++i) {
        auto sent =
            socket_.send(out.envelope[i], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        // Only the first frame can be refused: a full queue takes no new
        // message; the rest of one already started always goes.
        if (!sent) return Sent::kBlocked;
      }
      socket_.send(zmq::buffer(out.body), zmq::send_flags::dontwait);
      return Sent::kSent;
    } catch (const zmq::error_t& e) {
      if (e.num() != EHOSTUNREACH) throw;
      return Sent::kGone;  // The connection closed: nobody to answer.
    }
  }

  void FlushBlocked() {
    for (auto it = blocked_.begin(); it != blocked_.end();) {
      const std::string id = *it;
      Peer& peer = peers_[id];
      SendUnsent(peer);
      it = peer.unsent.empty() ? blocked_.erase(it) : std::next(it);
      Forget(id);
    }
  }

  // Drops what is kept for a connection with nothing held or waiting.
  void Forget(const std::string& id) {
    auto it = peers_.find(id);
    if (it != peers_.end() && it->second.idle()) peers_.erase(it);
  }

  zmq::socket_t& socket_;
  LedgerServer::Shared& shared_;
  const LedgerServerOptions& options_;
  std::atomic<uint64_t>& served_;
  std::map<std::string, Peer> peers_;
  std::set<std::string> blocked_;
  size_t unsent_bytes_ = 0;
  std::chrono::steady_clock::time_point last_exhausted_log_;
};

}  // namespace

LedgerServer::LedgerServer(zmq::context_t& context, Ledger& ledger, LedgerServerOptions options)
    : context_(context), ledger_(ledger), options_(std::move(options)) {}

LedgerServer::~LedgerServer() = default;

Status LedgerServer::Bind() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::router);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->set(zmq::sockopt::maxmsgsize, int64_t(options_.max_message_bytes));
    socket_->set(zmq::sockopt::router_mandatory, true);
    socket_->set(zmq::sockopt::sndhwm, kSendHighWaterMark);
    for (const auto& endpoint : options_.endpoints) {
      socket_->bind(endpoint);
      bound_.push_back(socket_->get(zmq::sockopt::last_endpoint));
    }
    if (!options_.alerts_endpoint.empty()) {
      publisher_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pub);
      publisher_->set(zmq::sockopt::linger, 0);
      publisher_->bind(options_.alerts_endpoint);
      bound_alerts_ = publisher_->get(zmq::sockopt::last_endpoint);
    }
  } catch (const zmq::error_t& e) {
    return UnavailableError("cannot listen on " +
                            (bound_.size() < options_.endpoints.size()
                                 ? options_.endpoints[bound_.size()]
                                 : std::string("the alerts endpoint")) +
                            ": " + e.what());
  }
  return OkStatus();
}

Status LedgerServer::Run() {
  if (!socket_) return FailedPreconditionError("Bind() first");
  Shared shared(options_.max_waiting_changes, options_.max_waiting_queries);
  // The publisher is the ledger thread's from here on.
  std::thread ledger_thread(LedgerLoop, std::ref(ledger_), publisher_.get(), std::ref(shared),
                            std::cref(options_), std::cref(stop_), std::ref(groups_served_));
  std::vector<std::thread> readers;
  for (int i = 0; i < std::max(1, options_.reader_threads); ++i) {
    readers.emplace_back(ReaderLoop, std::cref(ledger_), std::ref(shared), std::cref(options_),
                         std::cref(stop_));
  }
  Status result = OkStatus();
  try {
    Frontend(*socket_, shared, options_, messages_served_).Serve(stop_);
  } catch (const zmq::error_t& e) {
    if (e.num() != ETERM)
      result = UnavailableError(std::string("the command socket failed: ") + e.what());
    spdlog::error("server: {}", e.what());
  }
  stop_.store(true);
  shared.changes.Close();
  shared.queries.Close();
  ledger_thread.join();
  for (auto& reader : readers) reader.join();
  return result;
}

}  // namespace gongkai
