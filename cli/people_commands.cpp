// The operator's and the auditor's commands over people: user add | list |
// grant | revoke | rotate (passwd: cli/passwd_command.cpp), applicant erase,
// audit. The engine checks who may send them (engine/access.h); the client
// only shapes the words.
#include <sys/stat.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "client/identity.h"
#include "client/views_json.h"
#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/date.h"
#include "engine/messages.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

// The words of the user commands.
struct UserWords {
  std::string name;
  std::optional<std::string> roles, agency, out;
  std::string add_roles, add_agency;  // user add: required.
  bool delegate = false;
};

StatusOr<std::vector<v1::Role>> ParseRoles(const std::string& text) {
  std::vector<v1::Role> roles;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string word = text.substr(start, comma - start);
    auto role = ParseCode<v1::Role>(word);
    if (!role.ok()) {
      return InvalidArgumentError(
          StrCat({"--role: unknown role '", word,
                  "'; the roles are clerk, officer, head, supervisor, reporter, auditor, "
                  "operator, scheduler"}));
    }
    roles.push_back(*role);
    start = comma + 1;
  }
  return roles;
}

// The roles for the user: in Chinese their names, else the code words.
std::string RolesText(const v1::Principal& p) {
  if (UserLang() == Lang::kEn) return RolesOf(p);
  std::string text;
  for (int role : p.roles()) {
    text += (text.empty() ? "" : "、") + NameOf(v1::Role(role), Lang::kZh);
  }
  return text;
}

void PrintPrincipal(const v1::Principal& p, std::ostream& out) {
  out << "  " << p.name() << "  " << RolesText(p) << "  " << Say("scope") << " " << p.agency_code()
      << (p.may_delegate() ? "  " + Say("delegate") : "")
      << (p.revoked() ? "  " + Say("REVOKED") : "") << "  " << Say("key") << " "
      << p.public_key().substr(0, 8) << "…\n";
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Writes the identity of `name` with `keys` after the engine accepted it.
int WriteNewIdentity(const std::string& name, const client::KeyPair& keys, const v1::Reply& reply,
                     const std::string& path, const CommandContext& c) {
  EngineClient probe(c.global.client);
  client::Identity identity{name, "", reply.server_public_key(), keys.public_key, keys.secret_key};
  identity.endpoint = probe.Load().ok() ? probe.endpoint() : c.global.client.endpoint;
  if (Status written = client::WriteIdentity(identity, path); !written.ok()) {
    c.err << "gongkai: "
          << Say(StrCat({name, " is enrolled but the identity file could not be written (",
                         written.message(), "); give them a new key with: gongkai user rotate ",
                         name, " --out FILE"}))
          << "\n";
    return 3;
  }
  return 0;
}

// The identity file to write (--out, default NAME.identity); refused when
// it exists, before anything is sent.
StatusOr<std::string> NewIdentityPath(const UserWords& w) {
  std::string path = w.out.value_or(w.name + ".identity");
  if (Exists(path)) {
    return InvalidArgumentError(StrCat(
        {path, " exists: an identity file is never overwritten; choose another with --out"}));
  }
  return path;
}

int RunUserAdd(const UserWords& w, const CommandContext& c) {
  auto path = NewIdentityPath(w);
  if (!path.ok()) return UsageFailure(path.status(), c.err);
  auto roles = ParseRoles(w.add_roles);
  if (!roles.ok()) return UsageFailure(roles.status(), c.err);
  const client::KeyPair keys = client::NewKeyPair();
  v1::Command command;
  command.set_idempotency_key(NewIdempotencyKey());
  v1::Principal* p = command.mutable_user_add()->mutable_principal();
  p->set_name(w.name);
  for (v1::Role role : *roles) p->add_roles(role);
  p->set_agency_code(w.add_agency);
  p->set_public_key(keys.public_key);
  p->set_may_delegate(w.delegate);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (int failed = WriteNewIdentity(w.name, keys, *reply, *path, c)) return failed;
  if (c.global.json) {
    nlohmann::json j = client::PrincipalJson(reply->principals(0));
    j["identity_file"] = *path;
    c.out << j.dump() << "\n";
  } else {
    c.out << Say(reply->message()) << "\n"
          << Say(StrCat({"identity file: ", *path, " (mode 0600; give it to ", w.name,
                         " privately, it holds their secret key)"}))
          << "\n";
  }
  return 0;
}

int RunUserRotate(const UserWords& w, const CommandContext& c) {
  auto path = NewIdentityPath(w);
  if (!path.ok()) return UsageFailure(path.status(), c.err);
  const client::KeyPair keys = client::NewKeyPair();
  v1::Command command;
  command.set_idempotency_key(NewIdempotencyKey());
  command.mutable_user_rotate()->set_name(w.name);
  command.mutable_user_rotate()->set_public_key(keys.public_key);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (int failed = WriteNewIdentity(w.name, keys, *reply, *path, c)) return failed;
  c.out << (c.global.json ? nlohmann::json{{"name", w.name}, {"identity_file", *path}}.dump()
                          : reply->message() + "\nidentity file: " + *path)
        << "\n";
  return 0;
}

int RunUserChange(const std::string& what, const UserWords& w, const CommandContext& c) {
  v1::Command command;
  command.set_idempotency_key(NewIdempotencyKey());
  if (what == "revoke") {
    command.mutable_user_revoke()->set_name(w.name);
  } else {
    if (!w.roles && !w.agency) {
      return UsageFailure(InvalidArgumentError("user grant needs --role or --agency"), c.err);
    }
    auto* grant = command.mutable_user_grant();
    grant->set_name(w.name);
    if (w.roles) {
      auto roles = ParseRoles(*w.roles);
      if (!roles.ok()) return UsageFailure(roles.status(), c.err);
      for (v1::Role role : *roles) grant->add_roles(role);
    }
    grant->set_agency_code(w.agency.value_or(""));
  }
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (c.global.json) {
    c.out << client::PrincipalJson(reply->principals(0)).dump() << "\n";
  } else {
    c.out << Say(reply->message()) << "\n";
  }
  return 0;
}

int RunUserList(const CommandContext& c) {
  v1::Command command;
  command.mutable_user_list();
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (c.global.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : reply->principals()) rows.push_back(client::PrincipalJson(p));
    c.out << rows.dump() << "\n";
    return 0;
  }
  c.out << Say(StrCat({"people enrolled: ", std::to_string(reply->principals_size())})) << "\n";
  for (const auto& p : reply->principals()) PrintPrincipal(p, c.out);
  return 0;
}

// The words of applicant erase.
struct EraseWords {
  std::string id, reason;
};

int RunApplicantErase(const EraseWords& w, const CommandContext& c) {
  v1::Command command;
  command.set_idempotency_key(NewIdempotencyKey());
  command.mutable_applicant_erase()->set_request_id(w.id);
  command.mutable_applicant_erase()->set_reason(w.reason);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  c.out << (c.global.json ? nlohmann::json{{"id", w.id}, {"erased", true}}.dump()
                          : reply->message())
        << "\n";
  return 0;
}

// The words of audit.
struct AuditWords {
  std::optional<std::string> agency, since, who, limit;
};

nlohmann::json AuditJson(const v1::AuditRecord& r) {
  return {{"seq", r.sequence()},
          {"who", r.principal()},
          {"on_behalf_of", r.on_behalf_of()},
          {"command", r.command()},
          {"request_id", r.request_id()},
          {"agency", r.agency_code()},
          {"on", r.has_on() ? FormatCivil(r.on()) : ""},
          {"at_unix", r.at_unix()},
          {"code", CodeOf(r.code())},
          {"message", r.message()}};
}

void PrintAudit(const v1::AuditRecord& r, std::ostream& out) {
  out << "  #" << r.sequence() << "  " << (r.has_on() ? FormatCivil(r.on()) : std::string("-"))
      << "  " << r.principal() << (r.on_behalf_of().empty() ? "" : " via " + r.on_behalf_of())
      << "  " << r.command() << (r.request_id().empty() ? "" : " " + r.request_id())
      << (r.agency_code().empty() ? "" : " [" + r.agency_code() + "]") << "  " << CodeOf(r.code())
      << (r.message().empty() ? "" : ": " + Say(r.message())) << "\n";
}

// Asks for pages until none follows or `limit` records came.
int RunAudit(const AuditWords& w, const CommandContext& c) {
  int limit = 1000;
  if (w.limit) {
    auto value = ParseInt(*w.limit, "--limit", 1, 1000000);
    if (!value.ok()) return UsageFailure(value.status(), c.err);
    limit = *value;
  }
  v1::Command command;
  auto* audit = command.mutable_audit();
  audit->set_agency_code(w.agency.value_or(""));
  audit->set_who(w.who.value_or(""));
  if (w.since) {
    auto since = ParseDate(*w.since);
    if (!since.ok())
      return UsageFailure(InvalidArgumentError("--since: " + since.status().message()), c.err);
    *audit->mutable_since() = ToCivil(*since);
  }
  std::vector<v1::AuditRecord> records;
  while (int(records.size()) < limit) {
    audit->set_limit(std::min(limit - int(records.size()), 1000));
    int exit_code = 0;
    auto reply = Send(command, c.global, c.err, exit_code);
    if (!reply) return exit_code;
    for (const auto& r : reply->audit()) records.push_back(r);
    if (reply->audit().empty() || reply->next_cursor().empty()) break;
    audit->set_after_sequence(reply->audit().rbegin()->sequence());
  }
  if (c.global.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : records) rows.push_back(AuditJson(r));
    c.out << rows.dump() << "\n";
    return 0;
  }
  c.out << Say(StrCat({"audit log: ", std::to_string(records.size()), " commands"})) << "\n";
  for (const auto& r : records) PrintAudit(r, c.out);
  return 0;
}

}  // namespace

void AddPeopleCommands(CommandLine& line) {
  auto w = std::make_shared<UserWords>();
  CLI::App& user = line.Add(line.root(), "user");
  CLI::App& add = line.Add(user, "add", [w](const CommandContext& c) { return RunUserAdd(*w, c); });
  line.Positional(add, "NAME", w->name);
  line.Required(add, "--role", w->add_roles);
  line.Required(add, "--agency", w->add_agency);
  line.Optional(add, "--out", w->out);
  line.Flag(add, "--delegate", w->delegate);
  line.Add(user, "list", [](const CommandContext& c) { return RunUserList(c); });
  auto g = std::make_shared<UserWords>();
  CLI::App& grant = line.Add(
      user, "grant", [g](const CommandContext& c) { return RunUserChange("grant", *g, c); });
  line.Positional(grant, "NAME", g->name);
  line.Optional(grant, "--role", g->roles);
  line.Optional(grant, "--agency", g->agency);
  auto r = std::make_shared<UserWords>();
  CLI::App& revoke = line.Add(
      user, "revoke", [r](const CommandContext& c) { return RunUserChange("revoke", *r, c); });
  line.Positional(revoke, "NAME", r->name);
  auto k = std::make_shared<UserWords>();
  CLI::App& rotate =
      line.Add(user, "rotate", [k](const CommandContext& c) { return RunUserRotate(*k, c); });
  line.Positional(rotate, "NAME", k->name);
  line.Optional(rotate, "--out", k->out);
  AddPasswdCommand(line, user);

  auto e = std::make_shared<EraseWords>();
  CLI::App& applicant = line.Add(line.root(), "applicant");
  CLI::App& erase = line.Add(applicant, "erase",
                             [e](const CommandContext& c) { return RunApplicantErase(*e, c); });
  line.Positional(erase, "ID", e->id);
  line.Required(erase, "--reason", e->reason);

  auto a = std::make_shared<AuditWords>();
  CLI::App& audit =
      line.Add(line.root(), "audit", [a](const CommandContext& c) { return RunAudit(*a, c); });
  line.Optional(audit, "--agency", a->agency);
  line.Optional(audit, "--since", a->since);
  line.Optional(audit, "--who", a->who);
  line.Optional(audit, "--limit", a->limit);
}

}  // namespace gongkai::cli
