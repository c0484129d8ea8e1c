#include "cli/daemon_commands.h"

#include "cli/agency_names.h"
#include "cli/language.h"
#include "engine/wire_status.h"

namespace gongkai::cli {

int UsageFailure(const Status& status, std::ostream& err) {
  err << "gongkai: " << Say(status.message()) << "\n";
  return 2;
}

int EngineFailure(const Status& status, std::ostream& err) {
  err << "gongkai: " << DescribeStatus(status, UserLang()) << "\n";
  return status.code() == StatusCode::kUnavailable ? 4 : 3;
}

int CallFailure(const Status& status, std::ostream& err) {
  // Unavailable: nothing answered; internal: a broken reply; permission
  // denied: the engine refused the key; anything else (no identity, a bad
  // endpoint) was refused before anything was sent.
  if (status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kInternal ||
      status.code() == StatusCode::kPermissionDenied) {
    return EngineFailure(status, err);
  }
  return UsageFailure(status, err);
}

std::optional<v1::Reply> Send(const v1::Command& command, const GlobalOptions& global,
                              std::ostream& err, int& exit_code) {
  EngineClient client(global.client);
  v1::Command sent = command;
  if (global.on_behalf_of) sent.set_on_behalf_of(*global.on_behalf_of);
  // An agency given by name: the scope's agencies are asked for first.
  const Status named = ResolveAgencyNames(sent, [&]() -> StatusOr<v1::Reply> {
    v1::Command list;
    list.mutable_agencies();
    if (global.on_behalf_of) list.set_on_behalf_of(*global.on_behalf_of);
    auto listed = client.Call(list);
    if (listed.ok()) GONGKAI_RETURN_IF_ERROR(StatusOfReply(*listed));
    return listed;
  });
  if (!named.ok()) {
    exit_code = CallFailure(named, err);
    return std::nullopt;
  }
  auto reply = client.Call(sent);
  if (!reply.ok()) {
    exit_code = CallFailure(reply.status(), err);
    return std::nullopt;
  }
  if (Status refused = StatusOfReply(*reply); !refused.ok()) {
    exit_code = EngineFailure(refused, err);
    return std::nullopt;
  }
  return std::move(reply).value();
}

}  // namespace gongkai::cli
