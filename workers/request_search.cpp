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

// The candidates of one field, in order: the postings of the query's
// rarest bigram (by the store's estimate) whose signature holds every
// other bigram of the query. Read with Next() on one cursor, so a step
// costs no seek; the stored text is checked by the caller.
class PostingStream {
 public:
  PostingStream(const StoreReader& store, SearchField field, const std::vector<Bigram>& grams,
                std::string from, std::string end, size_t& steps, size_t max_steps)
      : cursor_(store.NewCursor(Table::kSearch)),
        grams_(grams),
        from_(std::move(from)),
        end_(std::move(end)),
        steps_(steps),
        max_steps_(max_steps) {
    uint64_t smallest = UINT64_MAX;
    for (const Bigram& gram : grams) {
      std::string prefix = SearchPrefix(field, gram);
      const uint64_t size = store.ApproximateSize(Table::kSearch, prefix);
      if (prefix_.empty() || size < smallest) {
        smallest = size;
        prefix_ = std::move(prefix);
      }
    }
  }

  StatusOr<Step> Next() {
    while (true) {
      auto positioned = started_ ? cursor_->Next() : cursor_->Seek(prefix_, prefix_ + from_);
      started_ = true;
      if (!positioned.ok()) return positioned.status();
      if (!*positioned) return Step{Step::Kind::kEnd, ""};
      std::string position(cursor_->key().substr(prefix_.size()));
      if (!end_.empty() && position >= end_) return Step{Step::Kind::kEnd, ""};
      if (++steps_ > max_steps_) {
        started_ = false;  // A later Next() would go on from here.
        from_ = position;
        return Step{Step::Kind::kOutOfWork, std::move(position)};
      }
      if (SignatureHolds(cursor_->value(), grams_)) return Step{Step::Kind::kFound, position};
    }
  }

 private:
  std::unique_ptr<StoreReader::Cursor> cursor_;
  const std::vector<Bigram>& grams_;
  std::string prefix_;  // The posting list read.
  std::string from_;
  std::string end_;  // Positions from here on are outside the year; empty: none.
  size_t& steps_;
  const size_t max_steps_;
  bool started_ = false;
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

// Where the next page starts, never naming a request the page did not
// return (a candidate not yet checked may be outside the asker's scope, or
// found by a name the asker may not see): after the last request returned,
// else at the order bytes where the work ran out (a day and a number, no
// agency), and always past `from`.
std::string Resume(const Step& stop, const std::string& from, const SearchPage& page) {
  std::string at;
  if (stop.kind == Step::Kind::kOutOfWork) at = stop.position.substr(0, kSearchOrderBytes);
  if (!page.positions.empty()) at = std::max(at, page.positions.back() + '\0');
  if (at <= from) {
    // All the work was spent among the postings of one order (impossible
    // in practice: one per request of that day and number): past them.
    at = stop.position.substr(0, kSearchOrderBytes) + '\xff';
  }
  return at;
}

}  // namespace

StatusOr<SearchPage> SearchRequests(const StoreReader& store, const SearchQuery& query) {
  const std::vector<Bigram> grams = BigramsOf(query.needle);
  SearchPage page;
  if (grams.empty()) return page;
  auto [from, end] = YearRange(query.year);
  from = std::max(from, query.after);
  size_t steps = 0;
  PostingStream subjects(store, SearchField::kSubject, grams, from, end, steps, query.max_steps);
  std::optional<PostingStream> names;
  if (query.sees_names)
    names.emplace(store, SearchField::kApplicantName, grams, from, end, steps, query.max_steps);
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
      page.next = Resume(step, from, page);
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
