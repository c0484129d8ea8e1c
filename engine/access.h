// Who may do what (DOMAIN.md, "People, roles and what each may see"): the
// role matrix and the agency scope, checked before any command is applied
// or answered.
//
//   command                      roles                        scope: the agency of
//   intake                       clerk                        the new request
//   correction-receive, amend    clerk, officer, head         the request
//   extend                       head                         the request
//   every other event            officer, head                the request
//   show, list, search           clerk, officer, head,        the request / the list
//                                supervisor, auditor          (search: names only for
//                                                             those who see personal data)
//   alerts (fetch)               supervisor, auditor          the agency asked
//   reminders (fetch)            officer, head, auditor       the agency asked
//   alerts ack                   supervisor                   the alert (ledger)
//   overdue                      supervisor, auditor          the agency asked
//   report annual                reporter, auditor            the agency asked
//   report lock                  reporter of a root agency    (every agency)
//   audit                        auditor                      the agency asked
//   clock advance, calendar load,
//   admin verify, admin backup   operator
//   user ... (passwd too),
//   applicant erase              operator                     the person's / request's
//   login                        a service with the delegate right (the web
//                                console), sent for itself: no on_behalf_of
//   sweep                        scheduler, operator
//   clock show                   anyone enrolled
// Personal data of applicants are shown to clerks, officers, heads and
// auditors in scope, and to no one else. An empty agency in a query means
// the person's own scope. A refusal is permission_denied, names the missing
// role or the scope, and says nothing of the request.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_ACCESS_H_
#define GONGKAI_ENGINE_ACCESS_H_

#include <string>
#include <string_view>

#include "engine/agencies.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

bool HasRole(const v1::Principal& who, v1::Role role);
// True when `agency` is the person's scope or lies under it.
bool InScope(const v1::Principal& who, std::string_view agency, const AgencyRegistry& agencies);
bool SeesPersonalData(const v1::Principal& who, std::string_view agency,
                      const AgencyRegistry& agencies);

// The agency of an engine-made request id: "210300-2012-000001" -> "210300".
std::string AgencyOfRequestId(std::string_view id);

// OK when `who` may send `command` (as far as the command itself tells:
// the scope of an alert to acknowledge or of a person to revoke is checked
// by the ledger, which reads them); permission_denied otherwise.
Status Authorize(const v1::Principal& who, const v1::Command& command,
                 const AgencyRegistry& agencies);

// permission_denied naming the scope, for checks made later (an alert's
// agency, a person's).
Status CheckScope(const v1::Principal& who, std::string_view agency,
                  const AgencyRegistry& agencies);

// "clerk" for ROLE_CLERK; the roles of a principal, comma separated.
std::string RoleWord(v1::Role role);
std::string RolesOf(const v1::Principal& who);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_ACCESS_H_
