// Status and StatusOr<T>: the error vocabulary of every boundary (abseil's
// words, our own small implementation). A Status is either OK or carries a
// code and a message a clerk can act on. Messages never hold personal data.
//
// Thread safety: values; safe to copy between threads.
#ifndef GONGKAI_ENGINE_STATUS_H_
#define GONGKAI_ENGINE_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gongkai {

// At most `max_bytes` of `text`, for quoting input in a message: cut before
// a UTF-8 character that would not fit whole, so that a message quoting
// valid UTF-8 stays valid UTF-8 (a protobuf string field, a terminal line).
std::string Excerpt(std::string_view text, size_t max_bytes);

// The reply codes of DESIGN.md ("Errors"), plus kInternal for bugs and
// corrupted storage.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kFailedPrecondition,
  kPermissionDenied,
  kUnavailable,
  kInternal,
  // Past a bound (memory held for one connection or in all, a quota): the
  // engine keeps serving others; retry later.
  kResourceExhausted,
};

// "ok", "invalid_argument", ... (the words used in JSON and the CLI).
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "failed_precondition: the extension was already used ..."
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status NotFoundError(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status FailedPreconditionError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status PermissionDeniedError(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status UnavailableError(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status ResourceExhaustedError(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

namespace internal {
// Prints "`what`: <status>" to stderr and aborts: accessing a StatusOr's
// value when it holds an error is a bug, in every build type.
[[noreturn]] void DieOnBadAccess(const Status& status, const char* what);
}  // namespace internal

// Either a value or a non-OK Status. Accessing value() of an error aborts
// the process with the status printed (in every build type); a StatusOr
// made from an OK Status holds internal "an OK status without a value".
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT: implicit.
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "an OK status without a value");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& {
    Check();
    return *value_;
  }
  T& value() & {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  void Check() const {
    if (!ok()) internal::DieOnBadAccess(status_, "StatusOr::value() of an error");
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace gongkai

// Returns from the enclosing function when `expr` is not OK.
#define GONGKAI_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::gongkai::Status gongkai_status_ = (expr);        \
    if (!gongkai_status_.ok()) return gongkai_status_; \
  } while (false)

#endif  // GONGKAI_ENGINE_STATUS_H_
