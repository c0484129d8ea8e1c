#include "workers/request_search.h"

#include <algorithm>
#include <memory>

#include "engine/access.h"
#include "engine/date.h"
#include "engine/keys.h"
#include "gongkai/v1/command.pb.h"
#include "workers/records.h"

namespace gongkai {
namespace {

// What a stream's Next() came to.
struct Step {
  enum class Kind { kFound, kEnd, kOutOfWork } kind;
  std::string position;  // kFound: the candidate; kOutOfWork: where to go on from.
};

// The positions (SearchOrder bytes and request id) every posting list of
// one field's bigrams holds, in order. Invariant: no position below from_
// is in all the lists, other than those already returned.
class Leapfrog {
 public:
  Leapfrog(const StoreReader& store, SearchField field, const std::vector<Bigram>& grams,
           std::string from, std::string end, size_t& seeks)
      : from_(std::move(from)), end_(std::move(end)), seeks_(seeks) {
    for (const Bigram& gram : grams) {
      prefixes_.push_back(SearchPrefix(field, gram));
      cursors_.push_back(store.NewCursor(Table::kSearch));
    }
  }

  StatusOr<Step> Next() {
    std::string candidate = from_;
    for (size_t agreed = 0, list = 0; agreed < prefixes_.size();
         list = (list + 1) % prefixes_.size()) {
      if (++seeks_ > kMaxSeeks) return Step{Step::Kind::kOutOfWork, candidate};
      auto found = Seek(list, candidate);
      if (!found.ok()) return found.status();
      if (!found->has_value()) return Step{Step::Kind::kEnd, ""};
      if (**found == candidate) {
        ++agreed;
      } else {
        candidate = std::move(**found);
        agreed = 1;
      }
    }
    from_ = candidate + '\0';  // The smallest position after the candidate.
    return Step{Step::Kind::kFound, candidate};
  }

 private:
  // The first position of list `list` at or after `from`; none past the end.
  StatusOr<std::optional<std::string>> Seek(size_t list, const std::string& from) {
    const std::string& prefix = prefixes_[list];
    auto key = cursors_[list]->Seek(prefix, prefix + from);
    if (!key.ok()) return key.status();
    std::optional<std::string> position;
    if (key->has_value()) position = std::string((*key)->substr(prefix.size()));
    if (position && !end_.empty() && *position >= end_) position.reset();
    return position;
  }

  std::vector<std::string> prefixes_;
  std::vector<std::unique_ptr<StoreReader::Cursor>> cursors_;
  std::string from_;
  std::string end_;  // Positions from here on are outside the year; empty: none.
  size_t& seeks_;
};

// Whether the stored subject (subject) or applicant's name (!subject) of
// request `id` really contains the needle.
StatusOr<bool> Verified(const StoreReader& store, std::string_view id, bool subject,
                        const std::u32string& needle) {
  auto stored = store.Get(subject ? Table::kRequests : Table::kApplicants, id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return false;
  if (subject) {
    auto state = ParseStored<v1::RequestState>(**stored, "request");
    if (!state.ok()) return state.status();
    return MatchesSearch(state->subject(), needle);
  }
  auto applicant = ParseStored<v1::ApplicantPersonalData>(**stored, "applicant record");
  if (!applicant.ok()) return applicant.status();
  return MatchesSearch(applicant->name(), needle);
}

// The positions of the year: [from, end).
std::pair<std::string, std::string> YearRange(int year) {
  if (year == 0) return {"", ""};
  return {SearchOrderFrom(MakeDate(year, 12, 31)), SearchOrderFrom(MakeDate(year - 1, 12, 31))};
}

// Bigrams that cover every character of the needle (every other one, and
// the last): a request holding the needle holds them all, and the stored
// subject or name is checked anyway. Fewer lists, fewer seeks per step.
std::vector<Bigram> CoveringBigrams(const std::u32string& needle) {
  std::vector<Bigram> grams;
  for (size_t i = 0; i + 1 < needle.size(); i += 2) grams.emplace_back(needle[i], needle[i + 1]);
  if (needle.size() % 2 == 1 && needle.size() > 1) {
    grams.emplace_back(needle[needle.size() - 2], needle.back());
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

}  // namespace

StatusOr<SearchPage> SearchRequests(const StoreReader& store, const SearchQuery& query) {
  const std::vector<Bigram> grams = CoveringBigrams(query.needle);
  SearchPage page;
  if (grams.empty()) return page;
  auto [from, end] = YearRange(query.year);
  from = std::max(from, query.after);
  size_t seeks = 0;
  Leapfrog subjects(store, SearchField::kSubject, grams, from, end, seeks);
  std::optional<Leapfrog> names;
  if (query.sees_names) names.emplace(store, SearchField::kApplicantName, grams, from, end, seeks);
  // The pending step of each stream (names: kEnd when not searched).
  auto subject_step = subjects.Next();
  StatusOr<Step> name_step = names ? names->Next() : Step{Step::Kind::kEnd, ""};
  while (true) {
    if (!subject_step.ok()) return subject_step.status();
    if (!name_step.ok()) return name_step.status();
    const Step& s = *subject_step;
    const Step& n = *name_step;
    if (s.kind == Step::Kind::kEnd && n.kind == Step::Kind::kEnd) return page;
    const bool use_subject =
        n.kind == Step::Kind::kEnd || (s.kind != Step::Kind::kEnd && s.position <= n.position);
    const bool use_name =
        s.kind == Step::Kind::kEnd || (n.kind != Step::Kind::kEnd && n.position <= s.position);
    const Step& step = use_subject ? s : n;
    if (step.kind == Step::Kind::kOutOfWork || page.positions.size() >= query.limit) {
      page.next = step.position;
      return page;
    }
    const std::string position = step.position;
    const std::string_view id = SearchPositionId(position);
    const std::string agency = AgencyOfRequestId(id);
    bool match = false;
    if (query.in_scope(agency)) {
      if (use_subject && s.kind == Step::Kind::kFound) {
        auto verified = Verified(store, id, true, query.needle);
        if (!verified.ok()) return verified.status();
        match = *verified;
      }
      if (!match && use_name && n.kind == Step::Kind::kFound && query.sees_names(agency)) {
        auto verified = Verified(store, id, false, query.needle);
        if (!verified.ok()) return verified.status();
        match = *verified;
      }
    }
    if (match) page.positions.push_back(position);
    if (use_subject) subject_step = subjects.Next();
    if (use_name) name_step = names->Next();
  }
}

std::string_view SearchPositionId(std::string_view position) {
  return position.size() > kSearchOrderBytes ? position.substr(kSearchOrderBytes) : "";
}

std::string EncodeSearchCursor(const std::string& position) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string cursor;
  for (unsigned char c : position) {
    cursor.push_back(kHex[c >> 4]);
    cursor.push_back(kHex[c & 15]);
  }
  return cursor;
}

StatusOr<std::string> DecodeSearchCursor(const std::string& cursor) {
  const auto nibble = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  std::string position;
  for (size_t i = 0; i + 1 < cursor.size(); i += 2) {
    const int high = nibble(cursor[i]), low = nibble(cursor[i + 1]);
    if (high < 0 || low < 0) break;
    position.push_back(char(high << 4 | low));
  }
  if (cursor.size() % 2 != 0 || position.size() * 2 != cursor.size() || cursor.size() > 200) {
    return InvalidArgumentError("the cursor is malformed: send back a reply's next_cursor");
  }
  return position;
}

}  // namespace gongkai
