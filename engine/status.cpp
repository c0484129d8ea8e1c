#include "engine/status.h"

#include <cstdio>
#include <cstdlib>

namespace gongkai {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
  }
  return "internal";
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // text[end] starts the first character left out, unless it continues one
  // (10xxxxxx): then back to that character's first byte (at most 3 back).
  for (int back = 0; back < 3 && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80;
       ++back) {
    --end;
  }
  return std::string(text.substr(0, end));
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

namespace internal {

void DieOnBadAccess(const Status& status, const char* what) {
  std::fprintf(stderr, "gongkai: fatal: %s: %s\n", what, status.ToString().c_str());
  std::abort();
}

}  // namespace internal
}  // namespace gongkai
