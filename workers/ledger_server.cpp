#include "workers/ledger_server.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <set>
#include <thread>
#include <zmq_addon.hpp>

#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/request_ids.h"
#include "engine/strings.h"
#include "engine/wire_status.h"
#include "workers/backup.h"
#include "workers/command_frames.h"
#include "workers/ledger_reader.h"
#include "workers/ledger_workers.h"
#include "workers/server_queues.h"

namespace gongkai {

namespace {

constexpr std::chrono::milliseconds kIdlePoll(100);
constexpr std::chrono::milliseconds kBlockedPoll(2);
constexpr int kMessagesPerRead = 1024;
constexpr int kSendHighWaterMark = 16;

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
  // `external` may be null (no client endpoints), `internal` too.
  Frontend(zmq::socket_t* external, zmq::socket_t* internal, Ledger& ledger,
           LedgerServer::Shared& shared, const LedgerServerOptions& options,
           std::atomic<uint64_t>& served)
      : external_(external),
        internal_(internal),
        ledger_(ledger),
        shared_(shared),
        options_(options),
        served_(served) {}

  void Serve(const std::atomic<bool>& stop) {
    while (!stop.load()) {
      std::vector<zmq::pollitem_t> items = {{nullptr, shared_.replies.fd(), ZMQ_POLLIN, 0},
                                            {nullptr, shared_.query_replies.fd(), ZMQ_POLLIN, 0}};
      for (zmq::socket_t* socket : {external_, internal_}) {
        items.push_back({socket != nullptr ? socket->handle() : nullptr, 0,
                         short(socket != nullptr ? ZMQ_POLLIN : 0), 0});
      }
      // Something to retry (a reader held a queue's lock): come back soon,
      // leaving the processor free meanwhile.
      const bool retry = !blocked_.empty() || retry_query_replies_ || !waiting_queries_.empty();
      try {
        zmq::poll(items.data(), items.size(), retry ? kBlockedPoll : kIdlePoll);
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;  // A signal: Stop() may have been called.
        throw;
      }
      if (items[0].revents & ZMQ_POLLIN) SendReplies(shared_.replies.TakeAll());
      if ((items[1].revents & ZMQ_POLLIN) || retry_query_replies_) SendQueryReplies();
      if (items[2].revents & ZMQ_POLLIN) ReadMessages(*external_, false);
      if (items[3].revents & ZMQ_POLLIN) ReadMessages(*internal_, true);
      PushWaitingQueries();
      // Connections that do not read are tried again at most every
      // kBlockedPoll: with hundreds of them, trying each after every
      // message would keep the others' replies waiting.
      // (Half the poll's timeout: a poll that returns a little early still flushes.)
      if (const auto now = std::chrono::steady_clock::now();
          now - last_flush_ >= kBlockedPoll / 2) {
        last_flush_ = now;
        FlushBlocked();
      }
    }
  }

 private:
  enum class Sent { kSent, kBlocked, kGone };

  void ReadMessages(zmq::socket_t& socket, bool internal) {
    for (int n = 0; n < kMessagesPerRead; ++n) {
      zmq::message_t frame;
      if (!socket.recv(frame, zmq::recv_flags::dontwait)) return;
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
        if (!socket.recv(frame, zmq::recv_flags::none)) break;
      }
      if (!frames.empty()) Accept(std::move(frames), total, truncated, internal);
    }
  }

  void Accept(std::vector<zmq::message_t> frames, size_t total, bool truncated, bool internal) {
    std::vector<std::string_view> views;
    for (const auto& frame : frames) views.emplace_back(frame.data<char>(), frame.size());
    DecodedMessage decoded =
        DecodeCommandFrames(views, total, options_.max_message_bytes, truncated);
    Job job;
    job.internal = internal;
    job.peer = StrCat({internal ? "i" : "e", frames[0].to_string_view()});
    Peer& peer = peers_[job.peer];
    job.order = peer.next_order++;
    job.bytes = total;
    job.received = std::chrono::steady_clock::now();
    // The connection's principal: the key the ZAP handler admitted. The
    // routing frame is the ROUTER's own; a frame read from the wire carries
    // the connection's metadata.
    const std::string user_id = internal ? std::string() : UserIdOf(frames.back());
    for (size_t i = 0; i < decoded.envelope_frames && i < frames.size(); ++i) {
      job.envelope.push_back(std::move(frames[i]));
    }
    if (!decoded.has_delimiter) job.envelope.emplace_back();
    if (!decoded.refusal.ok()) return Refuse(job, decoded.refusal);
    job.command = std::move(decoded.command);
    if (!internal) {
      auto caller = ResolveKey(user_id, job.command);
      if (!caller.ok()) return Refuse(job, caller.status());
      job.caller = std::move(caller).value();
      // "2012-1" stands for a request of the person's own agency.
      ExpandRequestIds(job.command, job.caller.principal.agency_code());
      const Status allowed =
          Authorize(job.caller.principal, job.command, *ledger_.reader_config().agencies);
      if (!allowed.ok()) return Refuse(job, allowed);
    }
    if (peer.unsent_bytes > options_.max_unsent_bytes_per_connection ||
        unsent_bytes_ > options_.max_unsent_bytes) {
      return Refuse(job, ResourceExhaustedError(
                             "the replies waiting for this connection are not being read: read "
                             "them, then retry"));
    }
    // Queries, and an admin backup, go to the readers.
    const bool query = IsQuery(job.command) || job.command.has_admin_backup();
    if (query && peer.queries >= options_.max_queries_per_connection) {
      return Refuse(job, ResourceExhaustedError(
                             "this connection has " + std::to_string(peer.queries) +
                             " queries waiting for their answers: wait for them, then retry"));
    }
    if (query) return AcceptQuery(job, peer);
    if (!shared_.changes.Push(job)) {
      return Refuse(job, ResourceExhaustedError("the engine is busy; retry shortly"));
    }
  }

  // Hands a query to the readers with the ledger's read state of now,
  // never waiting for the queue's lock (a reader may hold it): it waits in
  // waiting_queries_ instead, in order.
  void AcceptQuery(Job& job, Peer& peer) {
    job.state = ledger_.read_state();
    ++peer.queries;
    if (waiting_queries_.size() >= options_.max_waiting_queries) {
      --peer.queries;
      return Refuse(job, ResourceExhaustedError("the engine is busy; retry shortly"));
    }
    waiting_queries_.push_back(std::move(job));
    PushWaitingQueries();
  }

  void PushWaitingQueries() {
    while (!waiting_queries_.empty()) {
      Job& job = waiting_queries_.front();
      const JobQueue::TryResult pushed = shared_.queries.TryPush(job);
      if (pushed == JobQueue::TryResult::kBusy) return;
      if (pushed == JobQueue::TryResult::kFull) {
        auto it = peers_.find(job.peer);
        if (it != peers_.end() && it->second.queries > 0) --it->second.queries;
        Refuse(job, ResourceExhaustedError("the engine is busy; retry shortly"));
      }
      waiting_queries_.pop_front();
    }
  }

  static std::string UserIdOf(const zmq::message_t& frame) {
    const char* key = zmq_msg_gets(frame.handle(), "User-Id");
    return key == nullptr ? std::string() : std::string(key);
  }

  // The principal of an external message: its key's (the User-Id the ZAP
  // handler gave the connection), then the person it acts for when it has
  // the delegate right.
  StatusOr<Caller> ResolveKey(const std::string& user_id, const v1::Command& command) {
    auto principal = user_id.empty() ? std::nullopt : ledger_.principals()->ByKey(user_id);
    if (!principal) {
      return PermissionDeniedError(
          "this key is not enrolled, or was revoked or replaced: ask an operator for an "
          "identity (gongkai user add)");
    }
    if (command.on_behalf_of().empty()) return Caller{*principal, ""};
    if (!principal->may_delegate()) {
      return PermissionDeniedError(principal->name() + " may not act on behalf of others");
    }
    auto person = ledger_.principals()->ByName(command.on_behalf_of());
    if (!person || person->revoked()) {
      return PermissionDeniedError("the person acted for is not enrolled, or was revoked");
    }
    return Caller{*person, principal->name()};
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
    const v1::Reply reply = ReplyFor(status);
    if (status.code() == StatusCode::kPermissionDenied) {
      // Never personal data: the message names a role or a scope.
      spdlog::warn("refused {} from {}: permission_denied: {}", KindOf(job.command), Who(job),
                   status.message());
      ledger_.NoteAudit(
          {AuditOf(job.command, job.caller.principal.name().empty() ? nullptr : &job.caller, reply,
                   ledger_.Today())});
    }
    Respond(ReplyTo(job, reply, false));
  }

  void SendQueryReplies() {
    std::optional<std::vector<Outgoing>> taken = shared_.query_replies.TryTakeAll();
    retry_query_replies_ = !taken.has_value();
    if (taken) SendReplies(std::move(*taken));
  }

  void SendReplies(std::vector<Outgoing> replies) {
    std::vector<v1::AuditRecord> audit;
    for (Outgoing& out : replies) {
      if (out.audit) audit.push_back(std::move(*out.audit));
    }
    if (!audit.empty()) ledger_.NoteAudit(std::move(audit));
    for (Outgoing& out : replies) {
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
    zmq::socket_t& socket = out.internal ? *internal_ : *external_;
    try {
      for (size_t i = 0; i < out.envelope.size(); ++i) {
        auto sent =
            socket.send(out.envelope[i], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        // Only the first frame can be refused: a full queue takes no new
        // message; the rest of one already started always goes.
        if (!sent) return Sent::kBlocked;
      }
      socket.send(zmq::buffer(out.body), zmq::send_flags::dontwait);
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

  zmq::socket_t* external_;
  zmq::socket_t* internal_;
  Ledger& ledger_;
  LedgerServer::Shared& shared_;
  const LedgerServerOptions& options_;
  std::atomic<uint64_t>& served_;
  std::map<std::string, Peer> peers_;
  std::set<std::string> blocked_;
  size_t unsent_bytes_ = 0;
  std::deque<Job> waiting_queries_;                   // Accepted, not yet handed to the readers.
  bool retry_query_replies_ = false;                  // A reader held the replies' lock.
  std::chrono::steady_clock::time_point last_flush_;  // Of the blocked connections.
  std::chrono::steady_clock::time_point last_exhausted_log_;
};

}  // namespace

LedgerServer::LedgerServer(zmq::context_t& context, Ledger& ledger, LedgerServerOptions options)
    : context_(context), ledger_(ledger), options_(std::move(options)) {}

LedgerServer::~LedgerServer() = default;

Status LedgerServer::Bind() {
  if (!options_.endpoints.empty() && options_.curve_secret_key.size() != 40) {
    return FailedPreconditionError(
        "the server has no CURVE key: its data directory was not made by gongkaid init");
  }
  std::string binding;
  try {
    auto curve_server = [this](zmq::socket_t& socket) {
      socket.set(zmq::sockopt::curve_server, true);
      socket.set(zmq::sockopt::curve_secretkey, options_.curve_secret_key);
      socket.set(zmq::sockopt::zap_domain, "gongkai");
    };
    if (!options_.endpoints.empty() || !options_.alerts_endpoint.empty()) {
      zap_ = std::make_unique<ZapHandler>(context_, ledger_.principals());
      GONGKAI_RETURN_IF_ERROR(zap_->Start());
    }
    auto router = [this](std::unique_ptr<zmq::socket_t>& socket) {
      socket = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::router);
      socket->set(zmq::sockopt::linger, 0);
      socket->set(zmq::sockopt::maxmsgsize, int64_t(options_.max_message_bytes));
      socket->set(zmq::sockopt::router_mandatory, true);
      socket->set(zmq::sockopt::sndhwm, kSendHighWaterMark);
    };
    if (!options_.endpoints.empty()) {
      router(socket_);
      curve_server(*socket_);
      for (const auto& endpoint : options_.endpoints) {
        binding = endpoint;
        socket_->bind(endpoint);
        bound_.push_back(socket_->get(zmq::sockopt::last_endpoint));
      }
    }
    if (!options_.internal_endpoints.empty()) {
      router(internal_);
      for (const auto& endpoint : options_.internal_endpoints) {
        binding = endpoint;
        internal_->bind(endpoint);
        bound_.push_back(internal_->get(zmq::sockopt::last_endpoint));
      }
    }
    if (!options_.alerts_endpoint.empty()) {
      publisher_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pub);
      publisher_->set(zmq::sockopt::linger, 0);
      if (options_.curve_secret_key.size() == 40) curve_server(*publisher_);
      binding = options_.alerts_endpoint;
      publisher_->bind(options_.alerts_endpoint);
      bound_alerts_ = publisher_->get(zmq::sockopt::last_endpoint);
    }
  } catch (const zmq::error_t& e) {
    return UnavailableError("cannot listen on " + binding + ": " + e.what());
  }
  return OkStatus();
}

Status LedgerServer::Run() {
  if (!socket_ && !internal_) return FailedPreconditionError("Bind() first");
  Shared shared(options_.max_waiting_changes, options_.max_waiting_queries);
  // The publisher is the ledger thread's from here on.
  std::thread ledger_thread(LedgerLoop, std::ref(ledger_), publisher_.get(), std::ref(shared),
                            std::cref(options_), std::cref(stop_), std::ref(groups_served_));
  std::vector<std::thread> readers;
  for (int i = 0; i < std::max(1, options_.reader_threads); ++i) {
    readers.emplace_back(ReaderLoop, std::ref(ledger_), std::ref(shared), std::cref(options_),
                         std::cref(stop_));
  }
  Status result = OkStatus();
  try {
    Frontend(socket_.get(), internal_.get(), ledger_, shared, options_, messages_served_)
        .Serve(stop_);
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
  if (zap_) zap_->Stop();
  return result;
}

}  // namespace gongkai
