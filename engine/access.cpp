#include "engine/access.h"

#include <algorithm>
#include <vector>

#include "engine/codes.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

using Role = v1::Role;
using Roles = std::vector<Role>;

const Roles kReaders = {v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_SUPERVISOR,
                        v1::ROLE_AUDITOR};

// What a command needs: any of `roles`, and `agency` in scope (when set).
struct Need {
  Roles roles;
  std::string agency;
  std::string what;  // The command's words, for the refusal.
};

Status NeedRole(const v1::Principal& who, const Need& need) {
  if (need.roles.empty())
    return PermissionDeniedError(StrCat({need.what, " cannot be sent by anyone"}));
  for (Role role : need.roles) {
    if (HasRole(who, role)) return OkStatus();
  }
  std::string wanted;
  for (Role role : need.roles) {
    if (!wanted.empty()) wanted += " or ";
    wanted += RoleWord(role);
  }
  return PermissionDeniedError(StrCat({need.what, " needs the role ", wanted, "; ", who.name(),
                                       " has ", who.roles_size() ? RolesOf(who) : "no role"}));
}

Need EventNeed(const v1::Event& event) {
  const std::string agency = AgencyOfRequestId(event.request_id());
  switch (event.body_case()) {
    case v1::Event::kCorrectionReceived:
      return {{v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD}, agency, "correction-receive"};
    case v1::Event::kExtensionApproved:
      return {{v1::ROLE_HEAD}, agency, "an extension (extend)"};
    case v1::Event::kIntakeAmended:
      return {{}, agency, "intake_amended, recorded by the amend command,"};
    case v1::Event::kReceived:
    case v1::Event::kDeadlineRecomputed:
    case v1::Event::kApplicantErased:
      return {{}, agency, "this event, which the engine records itself,"};
    default:
      return {{v1::ROLE_OFFICER, v1::ROLE_HEAD}, agency, "recording an event"};
  }
}

Need NeedOf(const v1::Command& c) {
  switch (c.body_case()) {
    case v1::Command::kIntake:
      return {{v1::ROLE_CLERK}, c.intake().received().agency_code(), "intake"};
    case v1::Command::kAmend:
      return {{v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD},
              AgencyOfRequestId(c.amend().request_id()),
              "amend"};
    case v1::Command::kRecordEvent:
      return EventNeed(c.record_event().event());
    case v1::Command::kShow:
      return {kReaders, AgencyOfRequestId(c.show().request_id()), "show"};
    case v1::Command::kList:
      return {kReaders, c.list().agency_code(), "list"};
    case v1::Command::kSearch:
      return {kReaders, c.search().agency_code(), "search"};
    case v1::Command::kAlertsFetch:
      return c.alerts_fetch().reminders()
                 ? Need{{v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_AUDITOR},
                        c.alerts_fetch().agency_code(),
                        "reminders"}
                 : Need{{v1::ROLE_SUPERVISOR, v1::ROLE_AUDITOR},
                        c.alerts_fetch().agency_code(),
                        "alerts"};
    case v1::Command::kAlertAck:
      return {{v1::ROLE_SUPERVISOR}, "", "alerts ack"};
    case v1::Command::kOverdue:
      return {{v1::ROLE_SUPERVISOR, v1::ROLE_AUDITOR}, c.overdue().agency_code(), "overdue"};
    case v1::Command::kReportAnnual:
      return {
          {v1::ROLE_REPORTER, v1::ROLE_AUDITOR}, c.report_annual().agency_code(), "report annual"};
    case v1::Command::kReportLock:
      return {{v1::ROLE_REPORTER}, "", "report lock"};
    case v1::Command::kAudit:
      return {{v1::ROLE_AUDITOR}, c.audit().agency_code(), "audit"};
    case v1::Command::kClockShow:
    case v1::Command::kAgencies:  // Every enrolled person; the reply keeps to the scope.
    case v1::Command::kLogin:     // Checked by AuthorizeLogin first.
      return {{}, "", ""};
    case v1::Command::kClockAdvance:
      return {{v1::ROLE_OPERATOR}, "", "clock advance"};
    case v1::Command::kCalendarLoad:
      return {{v1::ROLE_OPERATOR}, "", "calendar load"};
    case v1::Command::kAdminVerify:
      return {{v1::ROLE_OPERATOR}, "", "admin verify"};
    case v1::Command::kAdminBackup:
      return {{v1::ROLE_OPERATOR}, "", "admin backup"};
    case v1::Command::kUserAdd:
      return {{v1::ROLE_OPERATOR}, c.user_add().principal().agency_code(), "user add"};
    case v1::Command::kUserGrant:
      return {{v1::ROLE_OPERATOR}, c.user_grant().agency_code(), "user grant"};
    case v1::Command::kUserRevoke:
    case v1::Command::kUserRotate:
    case v1::Command::kUserList:
    case v1::Command::kUserPassword:
      return {{v1::ROLE_OPERATOR}, "", "managing people"};
    case v1::Command::kApplicantErase:
      return {{v1::ROLE_OPERATOR},
              AgencyOfRequestId(c.applicant_erase().request_id()),
              "applicant erase"};
    case v1::Command::kSweep:
      return {{v1::ROLE_SCHEDULER, v1::ROLE_OPERATOR}, "", "a sweep"};
    case v1::Command::BODY_NOT_SET:
      break;
  }
  return {{}, "", ""};  // An empty command: refused as such later.
}

// A login is the web console's own question (is this the person's
// password?), never a person's command.
Status AuthorizeLogin(const v1::Principal& who, const v1::Command& command) {
  if (!command.on_behalf_of().empty()) {
    return PermissionDeniedError(
        "login is sent by the web console for itself, never on behalf of a person");
  }
  if (!who.may_delegate()) {
    return PermissionDeniedError(
        StrCat({"login is sent by a service with the delegate right (the web console); ",
                who.name(), " has none"}));
  }
  return OkStatus();
}

}  // namespace

bool HasRole(const v1::Principal& who, v1::Role role) {
  return std::find(who.roles().begin(), who.roles().end(), role) != who.roles().end();
}

bool InScope(const v1::Principal& who, std::string_view agency, const AgencyRegistry& agencies) {
  return !who.agency_code().empty() && agencies.InSubtree(agency, who.agency_code());
}

bool SeesPersonalData(const v1::Principal& who, std::string_view agency,
                      const AgencyRegistry& agencies) {
  const bool role = HasRole(who, v1::ROLE_CLERK) || HasRole(who, v1::ROLE_OFFICER) ||
                    HasRole(who, v1::ROLE_HEAD) || HasRole(who, v1::ROLE_AUDITOR);
  return role && InScope(who, agency, agencies);
}

std::string AgencyOfRequestId(std::string_view id) {
  return std::string(id.substr(0, id.find('-')));
}

Status CheckScope(const v1::Principal& who, std::string_view agency,
                  const AgencyRegistry& agencies) {
  // An agency the registry does not know is refused as not found later;
  // the registry is no secret.
  if (agency.empty() || agencies.Find(agency) == nullptr || InScope(who, agency, agencies)) {
    return OkStatus();
  }
  const Agency* scope = agencies.Find(who.agency_code());
  return PermissionDeniedError("outside the scope of " + who.name() + ": " + who.agency_code() +
                               (scope != nullptr ? " (" + scope->name + ")" : std::string()) +
                               " and the agencies under it");
}

Status Authorize(const v1::Principal& who, const v1::Command& command,
                 const AgencyRegistry& agencies) {
  if (who.revoked()) return PermissionDeniedError(who.name() + " has been revoked");
  if (command.has_login()) return AuthorizeLogin(who, command);
  const Need need = NeedOf(command);
  if (need.what.empty()) return OkStatus();
  GONGKAI_RETURN_IF_ERROR(NeedRole(who, need));
  if (command.has_report_lock()) {
    const Agency* scope = agencies.Find(who.agency_code());
    if (scope == nullptr || !scope->parent_code.empty()) {
      return PermissionDeniedError(
          "report lock locks a year for every agency: it needs a reporter whose scope is the "
          "whole registry");
    }
  }
  return CheckScope(who, need.agency, agencies);
}

std::string RoleWord(v1::Role role) { return CodeOf(role); }

std::string RolesOf(const v1::Principal& who) {
  std::string roles;
  for (int role : who.roles()) {
    if (!roles.empty()) roles += ",";
    roles += RoleWord(v1::Role(role));
  }
  return roles;
}

}  // namespace gongkai
