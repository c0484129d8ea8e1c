// Conversions between the engine's Status and the wire's status codes.
#ifndef GONGKAI_ENGINE_WIRE_STATUS_H_
#define GONGKAI_ENGINE_WIRE_STATUS_H_

#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

v1::StatusCode ToWire(StatusCode code);
// Unknown wire codes become kInternal.
StatusCode FromWire(v1::StatusCode code);
// A Reply carrying `status` (message "ok" when OK).
v1::Reply ReplyFor(const Status& status);
// The Status a Reply carries.
Status StatusOfReply(const v1::Reply& reply);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_WIRE_STATUS_H_
