// The reader's login (workers/ledger_reader.h): a person's web console
// password checked against the hash `gongkai user passwd` stored.
#include "client/passwords.h"
#include "engine/keys.h"
#include "engine/passwords.h"
#include "engine/wire_status.h"
#include "workers/ledger.h"
#include "workers/ledger_reader.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr size_t kMaxNameBytes = 64;  // As user add (workers/ledger_people.cpp).

// A hash of no one's password, made once: an unknown name is verified
// against it so that it costs the time a known one does.
const std::string& StandInHash() {
  static const std::string hash = [] {
    auto made = client::HashPassword("no one's password, ever");
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

void LedgerReader::NameLoginAttempt(const v1::Command& login, const v1::Reply& reply,
                                    v1::AuditRecord& audit) const {
  const std::string& name = login.login().name();
  if (reply.code() == v1::STATUS_CODE_OK || audit.principal() != kUnknownLoginName ||
      name.empty() || name.size() > kMaxNameBytes) {
    return;
  }
  auto stored = store_.Get(Table::kPrincipals, PrincipalKey(name));
  if (stored.ok() && stored->has_value()) audit.set_principal(name);
}

StatusOr<v1::Reply> LedgerReader::Login(const v1::LoginCommand& login) const {
  const std::string& name = login.name();
  if (name.empty() || name.size() > kMaxNameBytes || login.password().empty() ||
      login.password().size() > kMaxPasswordBytes) {
    return PermissionDeniedError(kWrongLogin);
  }
  std::optional<v1::Principal> person;
  std::optional<std::string> hash;
  auto stored = store_.Get(Table::kPrincipals, PrincipalKey(name));
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    auto parsed = ParseStored<v1::Principal>(**stored, "principal");
    if (!parsed.ok()) return parsed.status();
    person = std::move(parsed).value();
    auto password = store_.Get(Table::kPrincipals, PasswordKey(name));
    if (!password.ok()) return password.status();
    hash = std::move(password).value();
  }
  const bool usable = person && !person->revoked() && !person->may_delegate() && hash;
  // Verified whatever the name, so that the time taken does not tell.
  const bool matches = client::VerifyPassword(usable ? *hash : StandInHash(), login.password());
  if (!usable || !matches) return PermissionDeniedError(kWrongLogin);
  v1::Reply reply = ReplyFor(OkStatus());
  v1::Principal* shown = reply.add_principals();
  shown->set_name(person->name());
  *shown->mutable_roles() = person->roles();
  shown->set_agency_code(person->agency_code());
  reply.set_message("logged in " + person->name());
  return reply;
}

}  // namespace gongkai
