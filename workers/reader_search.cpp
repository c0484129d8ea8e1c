// The reader's search (gongkai search): the page of requests
// SearchRequests (workers/request_search.h) finds, as views, with the
// applicant's name for those who may see it.
#include "engine/access.h"
#include "engine/keys.h"
#include "engine/strings.h"
#include "workers/ledger_reader.h"
#include "workers/records.h"
#include "workers/request_search.h"

namespace gongkai {
namespace {

constexpr size_t kMaxSearchBytes = 400;

}  // namespace

StatusOr<v1::Reply> LedgerReader::Search(const v1::SearchCommand& command) const {
  const std::string agency = ScopeOf(command.agency_code());
  if (!agency.empty()) GONGKAI_RETURN_IF_ERROR(CheckAgency(agency));
  if (command.text().size() > kMaxSearchBytes) {
    return InvalidArgumentError("the text to search for is longer than 400 bytes");
  }
  SearchQuery query;
  query.needle = NormalizeForSearch(command.text());
  if (query.needle.size() < 2) {
    return InvalidArgumentError(
        "give at least two characters to search for (spaces and punctuation do not count)");
  }
  if (command.year() != 0 && (command.year() < 1000 || command.year() > 9999)) {
    return InvalidArgumentError("--year must be a year such as 2012");
  }
  if (command.limit() < 0 || command.limit() > config_.max_list_limit) {
    return InvalidArgumentError(
        StrCat({"--limit must be from 1 to ", std::to_string(config_.max_list_limit)}));
  }
  auto built = store_.Get(Table::kMeta, kMetaSearchIndex);
  if (!built.ok()) return built.status();
  if (!built->has_value()) {
    return UnavailableError(
        "the search index is not built yet: restart the engine with free disk space");
  }
  query.year = command.year();
  query.limit = command.limit() == 0 ? size_t(config_.default_list_limit) : size_t(command.limit());
  if (!command.cursor().empty()) {
    auto after = DecodeSearchCursor(command.cursor());
    if (!after.ok()) return after.status();
    query.after = std::move(after).value();
  }
  const v1::Principal* caller = caller_;
  const AgencyRegistry& agencies = *config_.agencies;
  query.in_scope = [&](std::string_view code) {
    return agency.empty() || agencies.InSubtree(code, agency);
  };
  // Names are searched only for someone who may see them in the scope
  // asked (the candidates of a name search are never shown otherwise).
  if (caller != nullptr && SeesPersonalData(*caller, agency, agencies)) {
    query.sees_names = [caller, &agencies](std::string_view code) {
      return SeesPersonalData(*caller, code, agencies);
    };
  }
  auto page = SearchRequests(store_, query);
  if (!page.ok()) return page.status();
  return SearchReply(*page);
}

StatusOr<v1::Reply> LedgerReader::SearchReply(const SearchPage& page) const {
  v1::Reply reply = ReplyFor(OkStatus());
  size_t bytes = 0;
  for (const std::string& position : page.positions) {
    const std::string id(SearchPositionId(position));
    auto view = ViewOf(id);
    if (!view.ok()) return view.status();
    if (caller_ != nullptr &&
        SeesPersonalData(*caller_, view->state().agency_code(), *config_.agencies)) {
      auto applicant = store_.Get(Table::kApplicants, id);
      if (!applicant.ok()) return applicant.status();
      v1::ApplicantPersonalData data;
      if (applicant->has_value() && !data.ParseFromString(**applicant)) {
        return InternalError("a stored applicant record is corrupt");
      }
      view->mutable_applicant()->set_name(data.name());
    }
    view->clear_explanation();
    bytes += view->ByteSizeLong();
    // A page is bounded in bytes as a list's is: the next page starts at
    // the first request left out.
    if (bytes > config_.max_reply_bytes && reply.requests_size() > 0) {
      reply.set_next_cursor(EncodeSearchCursor(position));
      return reply;
    }
    *reply.add_requests() = std::move(view).value();
  }
  if (page.next) reply.set_next_cursor(EncodeSearchCursor(*page.next));
  return reply;
}

}  // namespace gongkai
