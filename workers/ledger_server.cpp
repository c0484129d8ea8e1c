#include "workers/ledger_server.h"

#include <cstdlib>
#include <zmq_addon.hpp>

#include "engine/deadline.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr std::chrono::milliseconds kPollInterval(100);

struct Incoming {
  std::vector<zmq::message_t> envelope;  // Routing frames and the delimiter.
  v1::Command command;
  std::optional<v1::Reply> refusal;  // Set when the message is malformed.
};

// Splits a received multipart message into its envelope and Command.
Incoming Decode(std::vector<zmq::message_t>& frames, size_t max_bytes) {
  Incoming in;
  size_t delimiter = 0;
  while (delimiter < frames.size() && frames[delimiter].size() != 0) ++delimiter;
  if (delimiter == frames.size()) {
    // No delimiter: answer the sender (the first frame is its identity).
    in.envelope.push_back(std::move(frames[0]));
    in.envelope.emplace_back();
    in.refusal = ReplyFor(InvalidArgumentError(
        "malformed message: expected an empty delimiter frame, then one Command frame"));
    return in;
  }
  for (size_t i = 0; i <= delimiter; ++i) in.envelope.push_back(std::move(frames[i]));
  const size_t body_frames = frames.size() - delimiter - 1;
  if (body_frames != 1) {
    in.refusal = ReplyFor(InvalidArgumentError(
        "malformed message: expected exactly one Command frame after the delimiter, got " +
        std::to_string(body_frames)));
    return in;
  }
  const zmq::message_t& body = frames[delimiter + 1];
  if (body.size() > max_bytes) {
    in.refusal = ReplyFor(InvalidArgumentError("the message is " + std::to_string(body.size()) +
                                               " bytes; at most " + std::to_string(max_bytes) +
                                               " are accepted"));
  } else if (!in.command.ParseFromArray(body.data(), int(body.size()))) {
    in.refusal = ReplyFor(InvalidArgumentError(
        "the message is not a gongkai.v1.Command (protobuf): check the client's schema"));
  }
  return in;
}

}  // namespace

LedgerServer::LedgerServer(zmq::context_t& context, Ledger& ledger, LedgerServerOptions options)
    : context_(context), ledger_(ledger), options_(std::move(options)) {}

LedgerServer::~LedgerServer() = default;

Status LedgerServer::Bind() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::router);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->set(zmq::sockopt::maxmsgsize, int64_t(options_.max_message_bytes) * 16);
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
                                 : std::string("the command endpoint")) +
                            ": " + e.what());
  }
  return OkStatus();
}

Status LedgerServer::Run() {
  if (!socket_) return FailedPreconditionError("Bind() first");
  try {
    // Alerts recorded before a crash, then whatever came due meanwhile.
    auto unpublished = ledger_.UnpublishedAlerts();
    if (!unpublished.ok()) return unpublished.status();
    Publish(*unpublished);
    GONGKAI_RETURN_IF_ERROR(ledger_.Sweep());
    PublishRecordedAlerts();
    while (!stop_.load()) {
      zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
      try {
        zmq::poll(&item, 1, kPollInterval);
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;  // A signal: Stop() may have been called.
        throw;
      }
      if (item.revents & ZMQ_POLLIN) ServeGroup();
    }
  } catch (const zmq::error_t& e) {
    if (e.num() == ETERM) return OkStatus();
    return UnavailableError(std::string("the command socket failed: ") + e.what());
  }
  return OkStatus();
}

void LedgerServer::ServeGroup() {
  std::vector<Incoming> group;
  while (group.size() < options_.max_group) {
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(*socket_, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
      break;
    }
    if (frames.empty()) continue;
    group.push_back(Decode(frames, options_.max_message_bytes));
  }
  std::vector<v1::Command> commands;
  for (const auto& in : group) {
    if (!in.refusal) commands.push_back(in.command);
  }
  std::vector<v1::Reply> replies = ledger_.HandleGroup(commands);
  messages_served_ += group.size();
  ++groups_served_;
  size_t next = 0;
  for (auto& in : group) {
    const v1::Reply& reply = in.refusal ? *in.refusal : replies[next++];
    for (auto& frame : in.envelope) socket_->send(frame, zmq::send_flags::sndmore);
    const std::string bytes = reply.SerializeAsString();
    socket_->send(zmq::buffer(bytes), zmq::send_flags::dontwait);
  }
  PublishRecordedAlerts();
}

void LedgerServer::PublishRecordedAlerts() {
  const std::vector<v1::Alert> alerts = ledger_.TakeRecordedAlerts();
  if (!alerts.empty() && options_.crash_after_recording_alerts) std::_Exit(70);
  Publish(alerts);
}

void LedgerServer::Publish(const std::vector<v1::Alert>& alerts) {
  if (alerts.empty()) return;
  if (publisher_) {
    for (const auto& alert : alerts) {
      const std::string topic = IsReminderLevel(alert.level())
                                    ? kReminderTopicPrefix + alert.agency_path()
                                    : alert.agency_path();
      publisher_->send(zmq::buffer(topic), zmq::send_flags::sndmore);
      publisher_->send(zmq::buffer(alert.SerializeAsString()), zmq::send_flags::dontwait);
    }
  }
  // Losing this mark in a crash only republishes (see the header).
  (void)ledger_.MarkPublished(alerts);
}

}  // namespace gongkai
