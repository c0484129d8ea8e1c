#include "populate.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/store/rocks_store.h"
#include "workers/ledger.h"

namespace gongkai::bench {
namespace {

StatusOr<AgencyRegistry> LoadAgencies() {
  std::ifstream in(AgenciesPath());
  std::ostringstream text;
  text << in.rdbuf();
  return AgencyRegistry::Parse(text.str(), AgenciesPath());
}

}  // namespace

v1::Command BenchIntake(int64_t number, const std::string& agency, Date received,
                        const std::string& key_prefix) {
  static const v1::ApplicantType kTypes[] = {
      v1::APPLICANT_TYPE_NATURAL_PERSON, v1::APPLICANT_TYPE_BUSINESS,
      v1::APPLICANT_TYPE_RESEARCH,       v1::APPLICANT_TYPE_NONPROFIT,
      v1::APPLICANT_TYPE_LEGAL_SERVICES, v1::APPLICANT_TYPE_OTHER_ORG};
  v1::Command command;
  command.set_idempotency_key(key_prefix + std::to_string(number));
  command.set_actor("bench");
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(received);
  auto* r = intake->mutable_received();
  r->set_agency_code(agency);
  r->set_channel(number % 3 == 0 ? v1::CHANNEL_IN_PERSON : v1::CHANNEL_ONLINE);
  r->set_applicant_type(kTypes[number % 6]);
  r->set_subject("benchmark request " + std::to_string(number));
  r->mutable_applicant()->set_name("applicant " + std::to_string(number));
  return command;
}

StatusOr<int64_t> Populate(const std::string& directory, Date today,
                           const std::vector<IntakeBatch>& batches, int group_size) {
  auto agencies = LoadAgencies();
  if (!agencies.ok()) return agencies.status();
  std::vector<std::string> codes;
  for (const auto& [code, agency] : agencies->all()) codes.push_back(code);
  auto store = CreateStore(directory);
  if (!store.ok()) return store.status();
  auto ledger = Ledger::Open(**store, std::make_unique<ManualClock>(today), Calendar::Builtin(),
                             std::move(agencies).value(), BulkLedgerOptions());
  if (!ledger.ok()) return ledger.status();
  int64_t number = 0;
  // The last of each stream (alerts, reminders): what MarkPublished needs.
  std::map<bool, v1::Alert> last_of_stream;
  for (const auto& batch : batches) {
    for (int64_t done = 0; done < batch.count;) {
      std::vector<v1::Command> group;
      for (; done < batch.count && int(group.size()) < group_size; ++done, ++number) {
        group.push_back(BenchIntake(number, codes[size_t(number) % codes.size()], batch.received));
        if (batch.on_the_spot_every > 0 && number % batch.on_the_spot_every == 0) {
          group.back().mutable_intake()->set_on_the_spot_outcome(
              number % 2 ? v1::OUTCOME_GRANTED : v1::OUTCOME_UNABLE_NOT_HELD);
        }
      }
      for (const auto& reply : (*ledger)->HandleGroup(group)) {
        if (reply.code() != v1::STATUS_CODE_OK) {
          return InternalError("populating failed: " + reply.message());
        }
      }
      for (auto& alert : (*ledger)->TakeRecordedAlerts()) {
        last_of_stream[IsReminderLevel(alert.level())] = std::move(alert);
      }
    }
  }
  // A bulk load has no subscribers: what it recorded counts as published,
  // as it would be after a daemon had run through it.
  std::vector<v1::Alert> last;
  for (auto& [reminder, alert] : last_of_stream) last.push_back(alert);
  GONGKAI_RETURN_IF_ERROR((*ledger)->MarkPublished(last));
  // An office's database grows by a few thousand requests a day, not by a
  // million at once: the daemon measured next must not be compacting the
  // bulk load in the background.
  GONGKAI_RETURN_IF_ERROR((*store)->CompactAll());
  return number;
}

LedgerOptions BulkLedgerOptions() {
  LedgerOptions options;
  options.intake_quota_per_day = 0;
  return options;
}

StatusOr<std::unique_ptr<RocksStore>> CreateStore(const std::string& directory) {
  GONGKAI_RETURN_IF_ERROR(InitBenchDirectory(directory));
  return RocksStore::Open(directory);
}

std::string MakeTempDirectory(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

void RemoveTree(const std::string& directory) {
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
  std::filesystem::remove(IdentityPathOf(directory), ignored);
}

}  // namespace gongkai::bench
