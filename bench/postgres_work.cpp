#include "postgres_work.h"

#include <array>
#include <fstream>
#include <sstream>

#include "engine/calendar.h"
#include "engine/strings.h"
#include "intake_work.h"
#include "pg_load.h"

namespace gongkai::bench {
namespace {

// Statements are prepared once per connection and sent by name.
constexpr const char* kKeySql =
    "INSERT INTO idempotency_keys (key, sender, request_id, reply) VALUES ($1, $2, $3, $4)";
constexpr const char* kRequestSql =
    "INSERT INTO requests (id, agency, received_on, due_on, status, channel, applicant_type, "
    "applicant_name, applicant_phone, subject) "
    "VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9)";
constexpr const char* kEventSql =
    "INSERT INTO events (request_id, seq, kind, payload, recorded_at) "
    "VALUES ($1, $2, $3, $4, now())";
constexpr const char* kStatusSql =
    "UPDATE requests SET status = $2, due_on = $3, updated_at = now() WHERE id = $1";

// The reply date: 20 working days after the receipt; 40 once extended.
const std::string& DueOn(bool extended) {
  static const std::string due[2] = {
      FormatDate(Calendar::Builtin()->AddWorkingDays(IntakeBenchToday(), 20)->date),
      FormatDate(Calendar::Builtin()->AddWorkingDays(IntakeBenchToday(), 40)->date)};
  return due[extended ? 1 : 0];
}

std::string RequestId(const std::string& run, int64_t i) {
  return StrCat({kIntakeAgencies[i % 5], "-2024-", run, "-", std::to_string(i)});
}

template <size_t N>
bool Send(PGconn* connection, const char* statement, const std::array<std::string, N>& values) {
  std::array<const char*, N> pointers;
  for (size_t k = 0; k < N; ++k) pointers[k] = values[k].c_str();
  return PQsendQueryPrepared(connection, statement, int(N), pointers.data(), nullptr, nullptr, 0) ==
         1;
}

struct Step {
  const char* kind;
  const char* payload;
  bool extended;
};
// LifecycleEventCommand's four steps.
constexpr Step kSteps[4] = {
    {"consultation_started", R"({"party": "第三方"})", false},
    {"consultation_ended", "{}", false},
    {"extension_approved", R"({"approved_by": "主任"})", true},
    {"decided", R"({"outcome": "granted"})", true},
};

}  // namespace

Status LoadPgSchema(const std::string& conninfo, const std::string& schema_path) {
  std::ifstream in(schema_path);
  if (!in) return FailedPreconditionError(StrCat({"cannot read ", schema_path}));
  std::stringstream sql;
  sql << in.rdbuf();
  return PgQuery(conninfo, sql.str()).status();
}

StatusOr<std::string> CheckPgDurability(const std::string& conninfo) {
  auto settings =
      PgQuery(conninfo,
              "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) "
              "FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', "
              "'wal_level', 'wal_sync_method', 'shared_buffers', 'wal_buffers', 'max_wal_size')");
  if (!settings.ok()) return settings.status();
  for (const char* required : {"fsync=on", "full_page_writes=on", "synchronous_commit=on"}) {
    if (settings->find(required) == std::string::npos) {
      return FailedPreconditionError(
          StrCat({"PostgreSQL is not durable (", required, " is required): ", *settings}));
    }
  }
  return settings;
}

Status ResetPgTables(const std::string& conninfo) {
  return PgQuery(conninfo, "TRUNCATE events, idempotency_keys, requests; CHECKPOINT").status();
}

Status PreparePgStatements(PGconn* connection) {
  const std::pair<const char*, const char*> statements[] = {
      {"key", kKeySql}, {"request", kRequestSql}, {"event", kEventSql}, {"status", kStatusSql}};
  for (const auto& [name, sql] : statements) {
    PGresult* r = PQprepare(connection, name, sql, 0, nullptr);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) return InternalError(StrCat({"PREPARE ", name, ": ", PQerrorMessage(connection)}));
  }
  return OkStatus();
}

bool SendPgIntake(PGconn* connection, const std::string& run, int64_t i) {
  static const std::string today = FormatDate(IntakeBenchToday());
  const std::string id = RequestId(run, i);
  const std::string reply =
      StrCat({R"({"request_id": ")", id, R"(", "due_on": ")", DueOn(false), R"("})"});
  return Send<4>(connection, "key",
                 {StrCat({"pg-", run, "-", std::to_string(i)}), "bench", id, reply}) &&
         Send<9>(connection, "request",
                 {id, kIntakeAgencies[i % 5], today, DueOn(false), "online", "natural_person",
                  "张某某", "13800000000", "2024年城市低保对象名单及审批程序"}) &&
         Send<4>(connection, "event",
                 {id, "1", "received",
                  StrCat({R"({"channel": "online", "applicant_type": "natural_person", )",
                          R"("received_on": ")", today, R"(", "actor": "bench"})"})});
}

bool SendPgLifecycleEvent(PGconn* connection, const std::string& run, int64_t lives, int64_t i) {
  const int64_t life = i % lives, step = i / lives;
  if (step >= 4) return false;
  const std::string id = RequestId(run, life);
  const Step& s = kSteps[step];
  return Send<4>(connection, "key",
                 {StrCat({"pg-event-", run, "-", std::to_string(i)}), "bench", id,
                  R"({"ok": true})"}) &&
         Send<4>(connection, "event", {id, std::to_string(step + 2), s.kind, s.payload}) &&
         Send<3>(connection, "status", {id, s.kind, DueOn(s.extended)});
}

Status CheckPgTables(const std::string& conninfo, int64_t intakes, int64_t events) {
  // One row: requests, events, keys, whole intakes, requests whose status
  // is not their last event's kind.
  auto counts = PgQuery(
      conninfo,
      "SELECT (SELECT count(*) FROM requests) || ' ' || (SELECT count(*) FROM events) || ' ' || "
      "(SELECT count(*) FROM idempotency_keys) || ' ' || "
      "(SELECT count(*) FROM requests r JOIN events e ON e.request_id = r.id AND e.seq = 1 "
      "  JOIN idempotency_keys k ON k.request_id = r.id AND k.key LIKE 'pg-%' "
      "  AND k.key NOT LIKE 'pg-event-%') || ' ' || "
      "(SELECT count(*) FROM requests r WHERE r.status <> (SELECT kind FROM events e "
      "  WHERE e.request_id = r.id ORDER BY seq DESC LIMIT 1))");
  if (!counts.ok()) return counts.status();
  const std::string expected =
      StrCat({std::to_string(intakes), " ", std::to_string(intakes + events), " ",
              std::to_string(intakes + events), " ", std::to_string(intakes), " 0"});
  if (*counts != expected) {
    return InternalError(
        StrCat({"PostgreSQL holds (requests events keys whole-intakes "
                "wrong-status) ",
                *counts, ", acknowledged: ", expected}));
  }
  return OkStatus();
}

}  // namespace gongkai::bench
