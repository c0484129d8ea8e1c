// The annual report (JSON, CSV, XLSX), people, the calendar and backups.
#include "client/identity.h"
#include "client/numbers.h"
#include "client/passwords.h"
#include "client/report_xlsx.h"
#include "client/views_json.h"
#include "engine/agencies.h"
#include "engine/codes.h"
#include "engine/date.h"
#include "engine/passwords.h"
#include "engine/report.h"
#include "engine/strings.h"
#include "web/api.h"
#include "web/http_json.h"

namespace gongkai::web {
namespace {

constexpr std::chrono::hours kBackupWait(1);  // As gongkai admin backup.

using httplib::Request;
using httplib::Response;
using nlohmann::json;

void Annual(Api& api, const Request& req, Response& res, const Session& session) {
  auto year = client::ParseInt(Param(req, "year").value_or(""), "year", kMinYear, kMaxYear);
  if (!year.ok()) return SendStatus(res, year.status());
  const std::string format = Param(req, "format").value_or("json");
  if (format != "json" && format != "csv" && format != "xlsx") {
    return SendStatus(res, InvalidArgumentError("format must be json, csv or xlsx"));
  }
  v1::Command command;
  command.mutable_report_annual()->set_year(*year);
  command.mutable_report_annual()->set_agency_code(Param(req, "agency").value_or(""));
  const std::string agency = command.report_annual().agency_code();
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  const std::map<std::string, int64_t> counters(reply->counters().begin(), reply->counters().end());
  const gongkai::AnnualReport built = BuildAnnualReport(counters, *year);
  const client::ReportScope scope = client::ScopeOfReport(*reply, agency);
  // The file's name takes the agency only when written as a code (letters
  // and digits): nothing else a client sent can reach the header.
  const bool named = IsAgencyCode(agency);
  const std::string file =
      StrCat({"report-", std::to_string(*year), named ? "-" : "", named ? agency : ""});
  if (format == "csv") {
    res.set_header("Content-Disposition", StrCat({"attachment; filename=\"", file, ".csv\""}));
    res.set_content(ReportCsv(built), "text/csv; charset=utf-8");
    return;
  }
  if (format == "xlsx") {
    auto bytes = client::ReportXlsxBytes(built, client::ReportXlsxTitle(scope, *year));
    if (!bytes.ok()) return SendStatus(res, bytes.status());
    res.set_header("Content-Disposition", StrCat({"attachment; filename=\"", file, ".xlsx\""}));
    res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return;
  }
  json j = client::ReportJson(built);
  j["agency"] = agency;
  j["title"] = client::ReportXlsxTitle(scope, *year);
  j["agency_names"] = scope.names;
  SendJson(res, j);
}

// Roles as an array of code words (or one "clerk,officer" string).
StatusOr<std::vector<v1::Role>> RolesField(const json& body) {
  auto it = body.find("roles");
  std::vector<std::string> words;
  if (it != body.end() && it->is_string()) {
    for (std::string_view rest = it->get_ref<const std::string&>(); !rest.empty();) {
      const size_t comma = std::min(rest.find(','), rest.size());
      words.emplace_back(rest.substr(0, comma));
      rest.remove_prefix(std::min(comma + 1, rest.size()));
    }
  } else if (it != body.end() && it->is_array()) {
    for (const auto& word : *it) {
      if (!word.is_string()) return InvalidArgumentError("roles must be role words");
      words.push_back(word.get<std::string>());
    }
  } else if (it != body.end() && !it->is_null()) {
    return InvalidArgumentError("roles must be role words");
  }
  std::vector<v1::Role> roles;
  for (const std::string& word : words) {
    auto role = ParseCode<v1::Role>(word);
    if (!role.ok()) return InvalidArgumentError(StrCat({"roles: ", role.status().message()}));
    roles.push_back(*role);
  }
  return roles;
}

void Users(Api& api, const Request&, Response& res, const Session& session) {
  v1::Command command;
  command.mutable_user_list();
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  json users = json::array();
  for (const auto& p : reply->principals()) users.push_back(client::PrincipalJson(p));
  SendJson(res, {{"users", users}});
}

// Sets `name`'s password (hashed here) on behalf of the session's person.
std::optional<v1::Reply> SetPassword(Api& api, const Session& session, const std::string& name,
                                     const std::string& password, Response& res) {
  auto hash = client::HashPassword(password);
  if (!hash.ok()) {
    SendStatus(res, hash.status());
    return std::nullopt;
  }
  v1::Command command;
  command.mutable_user_password()->set_name(name);
  command.mutable_user_password()->set_password_hash(*hash);
  return Ask(api, session, std::move(command), res);
}

// A person enrolled from the console works in the console: their key pair
// is made and its secret forgotten (`gongkai user rotate` gives them an
// identity file for the CLI).
void AddUser(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto name = RequiredString(*body, "name");
  auto agency = RequiredString(*body, "agency_code");
  auto roles = RolesField(*body);
  auto password = OptionalString(*body, "password");
  for (const Status& s : {name.status(), agency.status(), roles.status(), password.status()}) {
    if (!s.ok()) return SendStatus(res, s);
  }
  if (*password) {  // Refused before anything is sent.
    if (Status usable = CheckNewPassword(**password); !usable.ok()) return SendStatus(res, usable);
  }
  v1::Command command;
  v1::Principal* p = command.mutable_user_add()->mutable_principal();
  p->set_name(*name);
  for (v1::Role role : *roles) p->add_roles(role);
  p->set_agency_code(*agency);
  p->set_public_key(client::NewKeyPair().public_key);
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  if (*password && !SetPassword(api, session, *name, **password, res)) return;
  json user = reply->principals_size() > 0 ? client::PrincipalJson(reply->principals(0)) : json();
  SendJson(res, {{"user", user}, {"message", Translate(reply->message(), Lang::kZh)}}, 201);
}

void ChangeUser(Api& api, const Request& req, Response& res, const Session& session) {
  const std::string name = req.matches[1].str();
  const std::string action = req.matches[2].str();
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  v1::Command command;
  if (action == "password") {
    auto password = RequiredString(*body, "password");
    if (!password.ok()) return SendStatus(res, password.status());
    auto reply = SetPassword(api, session, name, *password, res);
    if (!reply) return;
    // A new password ends the sessions the old one opened (a stolen one's
    // included).
    api.sessions.CloseAllOf(name);
    SendJson(res, {{"name", name}, {"message", Translate(reply->message(), Lang::kZh)}});
    return;
  }
  if (action == "grant") {
    auto roles = RolesField(*body);
    auto agency = OptionalString(*body, "agency_code");
    if (!roles.ok()) return SendStatus(res, roles.status());
    if (!agency.ok()) return SendStatus(res, agency.status());
    command.mutable_user_grant()->set_name(name);
    for (v1::Role role : *roles) command.mutable_user_grant()->add_roles(role);
    command.mutable_user_grant()->set_agency_code(agency->value_or(""));
  } else {
    command.mutable_user_revoke()->set_name(name);
  }
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  if (action == "revoke") api.sessions.CloseAllOf(name);
  json user = reply->principals_size() > 0 ? client::PrincipalJson(reply->principals(0)) : json();
  SendJson(res, {{"user", user}, {"message", Translate(reply->message(), Lang::kZh)}});
}

void LoadCalendar(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto text = RequiredString(*body, "text");
  auto dry_run = OptionalBool(*body, "dry_run", false);
  auto source = OptionalString(*body, "source");
  for (const Status& s : {text.status(), dry_run.status(), source.status()}) {
    if (!s.ok()) return SendStatus(res, s);
  }
  v1::Command command;
  v1::CalendarLoadCommand* load = command.mutable_calendar_load();
  load->set_calendar_text(*text);
  load->set_source(source->value_or("web console"));
  load->set_dry_run(*dry_run);
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  json changes = json::array();
  for (const auto& change : reply->calendar_changes())
    changes.push_back(client::ChangeJson(change));
  SendJson(res, {{"message", Translate(reply->message(), Lang::kZh)},
                 {"dry_run", *dry_run},
                 {"changes", changes}});
}

void Backup(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto directory = RequiredString(*body, "directory");
  if (!directory.ok()) return SendStatus(res, directory.status());
  v1::Command command;
  command.mutable_admin_backup()->set_directory(*directory);
  // Sent once, waiting as long as a copy takes: a backup is never run twice.
  auto reply = api.engine.CallOnce(std::move(command), session.person.name, kBackupWait);
  if (!reply.ok()) return SendStatus(res, reply.status());
  const v1::BackupInfo& b = reply->backup();
  SendJson(res, {{"directory", b.directory()},
                 {"requests", b.requests()},
                 {"files", b.files()},
                 {"bytes", b.bytes()},
                 {"linked_files", b.linked_files()},
                 {"milliseconds", b.milliseconds()},
                 {"message", Translate(reply->message(), Lang::kZh)}});
}

}  // namespace

void AddAdminRoutes(httplib::Server& server, Api& api) {
  server.Get("/api/v1/reports/annual", ForPerson(api, false, Bind(api, Annual)));
  server.Get("/api/v1/users", ForPerson(api, false, Bind(api, Users)));
  server.Post("/api/v1/users", ForPerson(api, true, Bind(api, AddUser)));
  server.Post(R"(/api/v1/users/([^/]{1,200})/(grant|revoke|password))",
              ForPerson(api, true, Bind(api, ChangeUser)));
  server.Post("/api/v1/calendar", ForPerson(api, true, Bind(api, LoadCalendar)));
  server.Post("/api/v1/backup", ForPerson(api, true, Bind(api, Backup)));
}

}  // namespace gongkai::web
