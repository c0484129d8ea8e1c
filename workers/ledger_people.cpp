// The ledger's people: enrolling, granting, revoking and rotating the keys of
// people and services (gongkai user ...); erasing an applicant's personal
// data, by an operator or when the retention period runs out; and the audit
// log of every command.
#include <sodium.h>
#include <zmq.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/keys.h"
#include "engine/passwords.h"
#include "engine/request_machine.h"
#include "engine/wire_status.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr size_t kMaxNameBytes = 64;
constexpr char kErased[] = "已删除";

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return InvalidArgumentError("a person's name is 1 to 64 bytes");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '|') {
      return InvalidArgumentError("a person's name holds no control characters and no '|'");
    }
  }
  return OkStatus();
}

Status CheckPublicKey(const std::string& key) {
  uint8_t raw[32];
  if (key.size() != 40 || zmq_z85_decode(raw, key.c_str()) == nullptr) {
    return InvalidArgumentError("the public key is not a CURVE key in Z85 (40 characters)");
  }
  return OkStatus();
}

Status CheckRoles(const google::protobuf::RepeatedField<int>& roles, bool may_delegate) {
  if (roles.empty() && !may_delegate) {
    return InvalidArgumentError("give at least one role (--role clerk,officer,...)");
  }
  for (int role : roles) {
    if (!IsKnownCode<v1::Role>(role)) return InvalidArgumentError("a role is unknown");
  }
  return OkStatus();
}

v1::ApplicantPersonalData ErasedApplicant() {
  v1::ApplicantPersonalData erased;
  erased.set_name(kErased);
  erased.set_id_number(kErased);
  erased.set_phone(kErased);
  erased.set_address(kErased);
  erased.set_contact(kErased);
  return erased;
}

std::string KindOf(const v1::Command& command) {
  if (command.has_record_event()) {
    const v1::Event& event = command.record_event().event();
    const auto* field = event.GetDescriptor()->FindFieldByNumber(int(event.body_case()));
    return field != nullptr ? field->name() : "event";
  }
  const auto* field = command.GetDescriptor()->FindFieldByNumber(int(command.body_case()));
  return field != nullptr ? field->name() : "empty";
}

}  // namespace

StatusOr<v1::Reply> Ledger::UserAdd(const v1::Command& command, Txn& txn) {
  v1::Principal principal = command.user_add().principal();
  GONGKAI_RETURN_IF_ERROR(CheckName(principal.name()));
  GONGKAI_RETURN_IF_ERROR(CheckRoles(principal.roles(), principal.may_delegate()));
  GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(principal.agency_code()));
  GONGKAI_RETURN_IF_ERROR(CheckPublicKey(principal.public_key()));
  auto existing = txn.Get(Table::kPrincipals, PrincipalKey(principal.name()));
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return FailedPreconditionError(principal.name() +
                                   " is already enrolled: use user grant, rotate or revoke");
  }
  auto key_used = txn.Get(Table::kPrincipals, PrincipalKeyIndex(principal.public_key()));
  if (!key_used.ok()) return key_used.status();
  if (key_used->has_value()) return FailedPreconditionError("this key is already enrolled");
  principal.set_revoked(false);
  *principal.mutable_enrolled_on() = ToCivil(today());
  *principal.mutable_changed_on() = ToCivil(today());
  txn.Put(Table::kPrincipals, PrincipalKey(principal.name()), principal.SerializeAsString());
  txn.Put(Table::kPrincipals, PrincipalKeyIndex(principal.public_key()), principal.name());
  edit_.principals.push_back(principal);
  auto server_key = store_.Get(Table::kMeta, kMetaServerPublicKey);
  if (!server_key.ok()) return server_key.status();
  v1::Reply reply = ReplyFor(OkStatus());
  *reply.add_principals() = principal;
  reply.set_server_public_key(server_key->value_or(""));
  reply.set_message("enrolled " + principal.name());
  return reply;
}

StatusOr<v1::Principal> Ledger::TargetPrincipal(const std::string& name, Txn& txn) {
  auto stored = txn.Get(Table::kPrincipals, PrincipalKey(name));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return NotFoundError(Excerpt(name, 64) + " is not enrolled: see gongkai user list");
  }
  auto principal = ParseStored<v1::Principal>(**stored, "principal");
  if (!principal.ok()) return principal.status();
  if (caller_ != nullptr) {
    GONGKAI_RETURN_IF_ERROR(CheckScope(caller_->principal, principal->agency_code(), agencies_));
  }
  return principal;
}

StatusOr<v1::Reply> Ledger::UserChange(const v1::Command& command, Txn& txn) {
  const std::string& name = command.has_user_grant()    ? command.user_grant().name()
                            : command.has_user_revoke() ? command.user_revoke().name()
                                                        : command.user_rotate().name();
  auto principal = TargetPrincipal(name, txn);
  if (!principal.ok()) return principal.status();
  if (principal->revoked()) return FailedPreconditionError(name + " was revoked");
  std::string done;
  if (command.has_user_grant()) {
    const auto& grant = command.user_grant();
    if (!grant.roles().empty()) {
      GONGKAI_RETURN_IF_ERROR(CheckRoles(grant.roles(), principal->may_delegate()));
      *principal->mutable_roles() = grant.roles();
    }
    if (!grant.agency_code().empty()) {
      GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(grant.agency_code()));
      principal->set_agency_code(grant.agency_code());
    }
    done = "granted " + name + ": " + RolesOf(*principal) + " in " + principal->agency_code();
  } else if (command.has_user_revoke()) {
    txn.Delete(Table::kPrincipals, PrincipalKeyIndex(principal->public_key()));
    txn.Delete(Table::kPrincipals, PasswordKey(name));  // No web login either.
    principal->set_revoked(true);
    done = "revoked " + name + ": the next message from that key is refused";
  } else {
    const std::string& key = command.user_rotate().public_key();
    GONGKAI_RETURN_IF_ERROR(CheckPublicKey(key));
    auto used = txn.Get(Table::kPrincipals, PrincipalKeyIndex(key));
    if (!used.ok()) return used.status();
    if (used->has_value()) return FailedPreconditionError("this key is already enrolled");
    txn.Delete(Table::kPrincipals, PrincipalKeyIndex(principal->public_key()));
    txn.Put(Table::kPrincipals, PrincipalKeyIndex(key), name);
    principal->set_public_key(key);
    done = "rotated the key of " + name + ": the old one is refused from now on";
  }
  *principal->mutable_changed_on() = ToCivil(today());
  txn.Put(Table::kPrincipals, PrincipalKey(name), principal->SerializeAsString());
  edit_.principals.push_back(*principal);
  auto server_key = store_.Get(Table::kMeta, kMetaServerPublicKey);
  if (!server_key.ok()) return server_key.status();
  v1::Reply reply = ReplyFor(OkStatus());
  *reply.add_principals() = *principal;
  reply.set_server_public_key(server_key->value_or(""));
  reply.set_message(done);
  return reply;
}

StatusOr<v1::Reply> Ledger::UserPassword(const v1::Command& command, Txn& txn) {
  const v1::UserPasswordCommand& change = command.user_password();
  auto principal = TargetPrincipal(change.name(), txn);
  if (!principal.ok()) return principal.status();
  if (principal->revoked()) return FailedPreconditionError(change.name() + " was revoked");
  if (principal->may_delegate()) {
    return FailedPreconditionError(change.name() +
                                   " is a service with the delegate right: it proves who it is "
                                   "with its key, never with a password");
  }
  GONGKAI_RETURN_IF_ERROR(CheckPasswordHash(change.password_hash()));
  // Apart from the Principal: user list and every reply carrying a
  // Principal never hold it.
  txn.Put(Table::kPrincipals, PasswordKey(change.name()), change.password_hash());
  v1::Reply reply = ReplyFor(OkStatus());
  v1::Principal* shown = reply.add_principals();
  shown->set_name(principal->name());
  *shown->mutable_roles() = principal->roles();
  shown->set_agency_code(principal->agency_code());
  reply.set_message("set the web console password of " + change.name());
  return reply;
}

Status Ledger::EraseApplicant(const v1::RequestState& before, const std::string& reason, Txn& txn) {
  v1::Event event;
  event.set_request_id(before.id());
  event.set_sequence(before.event_count() + 1);
  *event.mutable_on() = ToCivil(std::max(today(), FromCivilTrusted(before.last_event_on())));
  event.set_actor(maker());
  event.set_calendar_generation(generation());
  event.mutable_applicant_erased()->set_reason(reason);
  const MachineContext context{calendar(), options_.policy, MakeDate(kMaxYear, 12, 31)};
  auto after = Apply(before, event, context);
  if (!after.ok()) return after.status();
  GONGKAI_RETURN_IF_ERROR(SaveStep(before, *after, event, txn));
  return PutApplicant(*after, ErasedApplicant(), txn);
}

StatusOr<v1::Reply> Ledger::ApplicantErase(const v1::Command& command, Txn& txn) {
  const auto& erase = command.applicant_erase();
  if (erase.request_id().empty() || erase.request_id().size() > 64) {
    return InvalidArgumentError("the request id is missing or too long");
  }
  if (erase.reason().empty() || erase.reason().size() > 4000) {
    return InvalidArgumentError(
        "say why the personal data are erased (--reason, at most 4000 bytes)");
  }
  auto stored = txn.Get(Table::kRequests, erase.request_id());
  if (!stored.ok()) return stored.status();
  if (!stored->has_value())
    return NotFoundError("request " + Excerpt(erase.request_id(), 64) +
                         " does not exist: check the id");
  auto before = ParseStored<v1::RequestState>(**stored, "request");
  if (!before.ok()) return before.status();
  GONGKAI_RETURN_IF_ERROR(EraseApplicant(*before, erase.reason(), txn));
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(before->id());
  reply.set_message("erased the applicant's personal data of " + before->id());
  return reply;
}

StatusOr<bool> Ledger::ReindexRetention(v1::RequestState& state, Txn& txn) {
  const std::optional<Date> due = EraseDueOn(state, options_.retention_years);
  const std::optional<Date> old =
      IsSet(state.erase_on()) ? std::optional(FromCivilTrusted(state.erase_on())) : std::nullopt;
  if (due == old) return false;
  if (old) txn.Delete(Table::kRetention, DeadlineKey(*old, state.id()));
  state.clear_erase_on();
  if (due) {
    *state.mutable_erase_on() = ToCivil(*due);
    txn.Put(Table::kRetention, DeadlineKey(*due, state.id()), "");
  }
  return true;
}

Status Ledger::SweepRetention(Txn& txn, bool full) {
  if (!full) return OkStatus();  // Erase days come with a new day.
  // At most `limit` erasures a group; a backlog goes on after the last key
  // erased (earlier keys are gone), and a day's first sweep after it ends
  // starts from the beginning again, so nothing due is left behind.
  const size_t limit = std::max<size_t>(1, options_.max_erasures_per_sweep);
  std::vector<std::string> due;
  std::string last_key;
  bool more = false;
  const std::string end = DeadlineKeyAfter(today());
  GONGKAI_RETURN_IF_ERROR(store_.Scan(Table::kRetention, "", retention_resume_.value_or(""),
                                      [&](std::string_view key, std::string_view) {
                                        if (key >= end) return false;
                                        if (due.size() == limit) {
                                          more = true;
                                          return false;
                                        }
                                        auto entry = ParseDeadlineKey(key);
                                        if (entry) due.emplace_back(entry->request_id);
                                        last_key = key;
                                        return true;
                                      }));
  edit_.retention_swept = true;
  edit_.retention_resume = more ? std::optional<std::string>(last_key) : std::nullopt;
  for (const auto& id : due) {
    auto stored = txn.Get(Table::kRequests, id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return InternalError("the retention index names a missing request");
    auto state = ParseStored<v1::RequestState>(**stored, "request");
    if (!state.ok()) return state.status();
    GONGKAI_RETURN_IF_ERROR(
        EraseApplicant(*state,
                       "the retention period ended: " + std::to_string(options_.retention_years) +
                           " years after the request closed and its last appeal was resolved",
                       txn));
  }
  return OkStatus();
}

v1::AuditRecord AuditOf(const v1::Command& command, const Caller* caller, const v1::Reply& reply,
                        Date today) {
  v1::AuditRecord record;
  record.set_principal(caller != nullptr ? caller->principal.name() : "gongkaid");
  if (caller != nullptr) record.set_on_behalf_of(caller->via);
  if (command.has_login() && caller != nullptr && caller->principal.may_delegate()) {
    // The person who logged in, through the service that asked. A refused
    // login names nobody here (the server names an enrolled person, see
    // workers/ledger_server.cpp): the name typed could be a password typed
    // in the wrong box. A login refused to its sender is recorded as any
    // refusal is: the sender's.
    record.set_principal(reply.code() == v1::STATUS_CODE_OK && reply.principals_size() > 0
                             ? reply.principals(0).name()
                             : kUnknownLoginName);
    record.set_on_behalf_of(caller->principal.name());
  }
  record.set_command(KindOf(command));
  std::string id = reply.request_id();
  if (id.empty() && command.has_record_event()) id = command.record_event().event().request_id();
  if (id.empty() && command.has_show()) id = command.show().request_id();
  if (id.empty() && command.has_applicant_erase()) id = command.applicant_erase().request_id();
  if (id.empty() && command.has_amend()) id = command.amend().request_id();
  record.set_request_id(Excerpt(id, 64));
  record.set_agency_code(command.has_intake()
                             ? Excerpt(command.intake().received().agency_code(), 16)
                             : AgencyOfRequestId(record.request_id()));
  *record.mutable_on() = ToCivil(today);
  record.set_at_unix(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  record.set_code(reply.code());
  // Refusal messages never hold personal data (engine/status.h).
  if (reply.code() != v1::STATUS_CODE_OK) record.set_message(Excerpt(reply.message(), 400));
  return record;
}

void Ledger::NoteAudit(std::vector<v1::AuditRecord> records) {
  std::lock_guard<std::mutex> lock(audit_mutex_);
  for (auto& record : records) pending_audit_.push_back(std::move(record));
}

void Ledger::WriteAudit() {
  std::vector<v1::AuditRecord> records;
  {
    std::lock_guard<std::mutex> lock(audit_mutex_);
    records = pending_audit_;
  }
  if (records.empty()) return;
  Txn txn(group_);
  uint64_t sequence = edit_.last_audit_sequence.value_or(last_audit_sequence_);
  for (auto& record : records) {
    record.set_sequence(++sequence);
    txn.Put(Table::kAudit, AuditKey(sequence), record.SerializeAsString());
  }
  txn.Put(Table::kMeta, kMetaAuditSequence, std::to_string(sequence));
  txn.Commit();
  edit_.last_audit_sequence = sequence;
  edit_.audit_written = records.size();
}

Status Ledger::FlushAudit() {
  {
    std::lock_guard<std::mutex> lock(audit_mutex_);
    if (pending_audit_.empty()) return OkStatus();
  }
  group_.Clear();
  edit_ = Edit{};
  WriteAudit();
  Status written = store_.Write(group_.Collect(), /*sync=*/true);
  group_.Clear();
  if (written.ok()) Commit(std::move(edit_));
  edit_ = Edit{};
  return written;
}

}  // namespace gongkai
