// The ledger's side of search: the postings of a request's subject and of
// its applicant's name (engine/keys.h, SearchKey), written in the same
// group as the change that makes them true, and the index of a database
// from before search built once at start.
#include <spdlog/spdlog.h>

#include "engine/civil_date.h"
#include "engine/keys.h"
#include "engine/search_text.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

void PutPostings(Txn& txn, SearchField field, std::string_view text, Date received_on,
                 const std::string& id, bool put) {
  const std::vector<Bigram> grams = BigramsOf(NormalizeForSearch(text));
  const std::string signature = put ? BigramSignature(grams) : std::string();
  for (const Bigram& gram : grams) {
    std::string key = SearchKey(field, gram, received_on, id);
    if (put) {
      txn.PutUnread(Table::kSearch, std::move(key), signature);
    } else {
      txn.DeleteUnread(Table::kSearch, std::move(key));
    }
  }
}

// The applicant's name as stored for request `id`; empty when none.
StatusOr<std::string> StoredName(const std::string& id, Txn& txn) {
  auto stored = txn.Get(Table::kApplicants, id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::string();
  auto applicant = ParseStored<v1::ApplicantPersonalData>(**stored, "applicant record");
  if (!applicant.ok()) return applicant.status();
  return applicant->name();
}

// An erased applicant's name (已删除) is not a name anyone searches for.
std::string IndexedName(const v1::RequestState& state, std::string name) {
  return state.applicant_erased() ? std::string() : name;
}

}  // namespace

Status Ledger::ReindexSearch(const v1::RequestState& before, const v1::RequestState& after,
                             Txn& txn) {
  const bool moved = !before.id().empty() && FromCivilTrusted(before.received_on()) !=
                                                 FromCivilTrusted(after.received_on());
  if (!before.id().empty() && before.subject() == after.subject() && !moved) return OkStatus();
  const Date received_on = FromCivilTrusted(after.received_on());
  if (!before.id().empty()) {
    PutPostings(txn, SearchField::kSubject, before.subject(),
                FromCivilTrusted(before.received_on()), before.id(), false);
  }
  PutPostings(txn, SearchField::kSubject, after.subject(), received_on, after.id(), true);
  if (!moved) return OkStatus();
  auto name = StoredName(after.id(), txn);
  if (!name.ok()) return name.status();
  const std::string indexed = IndexedName(before, *name);
  PutPostings(txn, SearchField::kApplicantName, indexed, FromCivilTrusted(before.received_on()),
              before.id(), false);
  PutPostings(txn, SearchField::kApplicantName, indexed, received_on, after.id(), true);
  return OkStatus();
}

Status Ledger::PutApplicant(const v1::RequestState& state,
                            const v1::ApplicantPersonalData& applicant, Txn& txn) {
  auto old_name = StoredName(state.id(), txn);
  if (!old_name.ok()) return old_name.status();
  PutApplicant(state, *old_name, applicant, txn);
  return OkStatus();
}

void Ledger::PutApplicant(const v1::RequestState& state, std::string_view old_name,
                          const v1::ApplicantPersonalData& applicant, Txn& txn) {
  const Date received_on = FromCivilTrusted(state.received_on());
  PutPostings(txn, SearchField::kApplicantName, old_name, received_on, state.id(), false);
  PutPostings(txn, SearchField::kApplicantName, IndexedName(state, applicant.name()), received_on,
              state.id(), true);
  txn.Put(Table::kApplicants, state.id(), applicant.SerializeAsString());
}

Status Ledger::BuildSearchIndex() {
  auto indexed =
      BackfillOnce(kMetaSearchIndex, [this](v1::RequestState& state, Txn& txn) -> StatusOr<bool> {
        GONGKAI_RETURN_IF_ERROR(ReindexSearch(v1::RequestState(), state, txn));
        auto name = StoredName(state.id(), txn);
        if (!name.ok()) return name.status();
        PutPostings(txn, SearchField::kApplicantName, IndexedName(state, *name),
                    FromCivilTrusted(state.received_on()), state.id(), true);
        return true;
      });
  if (!indexed.ok()) return indexed.status();
  if (*indexed > 0) spdlog::info("search: {} stored requests indexed (once)", *indexed);
  return OkStatus();
}

}  // namespace gongkai
