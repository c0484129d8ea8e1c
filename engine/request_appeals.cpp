#include "engine/request_appeals.h"

#include <algorithm>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/request_machine.h"

namespace gongkai {
namespace {

using v1::RequestState;

const v1::Appeal* PendingAppeal(const RequestState& state, v1::AppealKind kind) {
  for (const auto& appeal : state.appeals()) {
    if (appeal.kind() == kind && appeal.result() == v1::APPEAL_RESULT_UNSPECIFIED) return &appeal;
  }
  return nullptr;
}

// The appeal a resolution is about: the pending one of its kind, or, when
// no kind is given, the only pending appeal.
StatusOr<v1::AppealKind> AppealToResolve(const RequestState& state, v1::AppealKind kind) {
  if (kind != v1::APPEAL_KIND_UNSPECIFIED) {
    if (!IsKnownCode<v1::AppealKind>(kind)) {
      return InvalidArgumentError(
          "the appeal kind is unknown: use reconsideration, "
          "litigation or litigation_after_reconsideration");
    }
    if (PendingAppeal(state, kind) == nullptr) {
      return FailedPreconditionError("no " + CodeOf(kind) + " is pending on this request");
    }
    return kind;
  }
  std::vector<v1::AppealKind> pending;
  for (const auto& appeal : state.appeals()) {
    if (appeal.result() == v1::APPEAL_RESULT_UNSPECIFIED) pending.push_back(appeal.kind());
  }
  if (pending.empty()) return FailedPreconditionError("no appeal is pending on this request");
  if (pending.size() > 1) {
    return FailedPreconditionError("several appeals are pending: say which kind is resolved");
  }
  return pending.front();
}

}  // namespace

Status ApplyAppealFiled(const RequestState& before, const v1::AppealFiled& filed, Date on,
                        RequestState& after) {
  const auto kind = filed.kind();
  if (!IsKnownCode<v1::AppealKind>(kind)) {
    return InvalidArgumentError(
        "the appeal kind is missing or unknown: use reconsideration, "
        "litigation or litigation_after_reconsideration");
  }
  const auto status = before.status();
  if (!IsClosed(status) || status == v1::REQUEST_STATUS_WITHDRAWN) {
    return FailedPreconditionError("an appeal is recorded against an answer, and the request is " +
                                   CodeWords(status));
  }
  if (const v1::Appeal* pending = PendingAppeal(before, kind)) {
    return FailedPreconditionError("a " + CodeOf(kind) + " filed on " +
                                   FormatCivil(pending->filed_on()) +
                                   " is still pending: resolve it first");
  }
  if (kind == v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION &&
      std::none_of(before.appeals().begin(), before.appeals().end(), [](const v1::Appeal& a) {
        return a.kind() == v1::APPEAL_KIND_RECONSIDERATION &&
               a.result() != v1::APPEAL_RESULT_UNSPECIFIED;
      })) {
    return FailedPreconditionError(
        "litigation after reconsideration needs a resolved "
        "reconsideration: record it first, or file litigation");
  }
  v1::Appeal* appeal = after.add_appeals();
  appeal->set_kind(kind);
  *appeal->mutable_filed_on() = ToCivil(on);
  return OkStatus();
}

Status ApplyAppealResolved(const RequestState& before, const v1::AppealResolved& resolved, Date on,
                           RequestState& after) {
  if (!IsKnownCode<v1::AppealResult>(resolved.result())) {
    return InvalidArgumentError(
        "the appeal result is missing or unknown: use upheld, "
        "corrected or other");
  }
  auto kind = AppealToResolve(before, resolved.kind());
  if (!kind.ok()) return kind.status();
  for (auto& appeal : *after.mutable_appeals()) {
    if (appeal.kind() == *kind && appeal.result() == v1::APPEAL_RESULT_UNSPECIFIED) {
      appeal.set_result(resolved.result());
      *appeal.mutable_resolved_on() = ToCivil(on);
    }
  }
  return OkStatus();
}

}  // namespace gongkai
