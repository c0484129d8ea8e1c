// The events a person may record on a request now: the buttons of the web
// console's request page (RequestView.allowed_events in show's reply),
// named as the CLI's commands (kEventCommands).
//
// Not a copy of the rules: a kind is allowed when the role matrix
// (Authorize, engine/access.h) lets the person send it and the state
// machine (Apply, engine/request_machine.h) accepts an event of that kind
// dated today, as the command would send it with its defaults:
//   correction-request   the default window
//   consult-start        a party not consulted at the moment
//   consult-end          the only consultation, or any of those under way
//   extend               the regime's maximum, approved by the sender
//   fee-notice           one fen
//   decide               granted
//   appeal               any kind of appeal
//   appeal-resolve       upheld, for the only pending appeal or any of them
//   amend                a new subject (the one amendment that every open
//                        request takes, whatever the year's lock)
//   the others           no words at all.
// Events dated earlier (--on) are not considered: a kind whose time has
// passed today (a consultation after the due date) is not listed even when
// a backdated one would still be accepted. A year whose report is locked
// is always before today's (report lock refuses the current year), so no
// event of today falls in one.
//
// Thread safety: pure function.
#ifndef GONGKAI_ENGINE_ALLOWED_EVENTS_H_
#define GONGKAI_ENGINE_ALLOWED_EVENTS_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/agencies.h"
#include "engine/request_machine.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

// Every kind a person records on a request, in the CLI's order.
inline constexpr std::array<std::string_view, 15> kEventCommands = {"correction-request",
                                                                    "correction-receive",
                                                                    "correction-lapse",
                                                                    "consult-start",
                                                                    "consult-end",
                                                                    "extend",
                                                                    "fee-notice",
                                                                    "fee-paid",
                                                                    "fee-lapse",
                                                                    "decide",
                                                                    "deliver",
                                                                    "withdraw",
                                                                    "appeal",
                                                                    "appeal-resolve",
                                                                    "amend"};

// The kinds of kEventCommands, in that order, that `who` may record on the
// registered request `state` on `context.today`.
std::vector<std::string> AllowedEvents(const v1::RequestState& state, const v1::Principal& who,
                                       const AgencyRegistry& agencies,
                                       const MachineContext& context);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_ALLOWED_EVENTS_H_
