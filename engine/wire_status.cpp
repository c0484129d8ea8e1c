#include "engine/wire_status.h"

namespace gongkai {

v1::StatusCode ToWire(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return v1::STATUS_CODE_OK;
    case StatusCode::kInvalidArgument:
      return v1::STATUS_CODE_INVALID_ARGUMENT;
    case StatusCode::kNotFound:
      return v1::STATUS_CODE_NOT_FOUND;
    case StatusCode::kFailedPrecondition:
      return v1::STATUS_CODE_FAILED_PRECONDITION;
    case StatusCode::kPermissionDenied:
      return v1::STATUS_CODE_PERMISSION_DENIED;
    case StatusCode::kUnavailable:
      return v1::STATUS_CODE_UNAVAILABLE;
    case StatusCode::kInternal:
      return v1::STATUS_CODE_INTERNAL;
    case StatusCode::kResourceExhausted:
      return v1::STATUS_CODE_RESOURCE_EXHAUSTED;
  }
  return v1::STATUS_CODE_INTERNAL;
}

StatusCode FromWire(v1::StatusCode code) {
  switch (code) {
    case v1::STATUS_CODE_OK:
      return StatusCode::kOk;
    case v1::STATUS_CODE_INVALID_ARGUMENT:
      return StatusCode::kInvalidArgument;
    case v1::STATUS_CODE_NOT_FOUND:
      return StatusCode::kNotFound;
    case v1::STATUS_CODE_FAILED_PRECONDITION:
      return StatusCode::kFailedPrecondition;
    case v1::STATUS_CODE_PERMISSION_DENIED:
      return StatusCode::kPermissionDenied;
    case v1::STATUS_CODE_UNAVAILABLE:
      return StatusCode::kUnavailable;
    case v1::STATUS_CODE_RESOURCE_EXHAUSTED:
      return StatusCode::kResourceExhausted;
    default:
      return StatusCode::kInternal;
  }
}

v1::Reply ReplyFor(const Status& status) {
  v1::Reply reply;
  reply.set_code(ToWire(status.code()));
  reply.set_message(status.ok() ? "ok" : status.message());
  return reply;
}

Status StatusOfReply(const v1::Reply& reply) {
  if (reply.code() == v1::STATUS_CODE_OK) return OkStatus();
  return Status(FromWire(reply.code()), reply.message());
}

}  // namespace gongkai
