// RequestSearch: the requests whose subject, or applicant's name, contains
// a text (gongkai search), found in the search table (engine/keys.h,
// SearchKey) of one snapshot.
//
// Every bigram of the text has a posting list ordered newest receipt first,
// each posting carrying the signature of its text's bigrams
// (engine/search_text.h). The rarest list of the text's bigrams (by the
// store's size estimate) is read in order; a posting whose signature lacks
// one of the other bigrams is passed over without a read, and each one
// left is checked against the stored subject or name, since the bigrams of
// "信息公开" also occur in "公开信息息公". Subjects and names are searched as two
// streams merged in order.
//
// Work is bounded: after kMaxSteps postings read a page ends where it got
// to, with a cursor to go on from, even if it holds fewer than `limit`
// requests.
//
// Thread safety: one thread per RequestSearch; the snapshot may be shared.
#ifndef GONGKAI_WORKERS_REQUEST_SEARCH_H_
#define GONGKAI_WORKERS_REQUEST_SEARCH_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/search_text.h"
#include "engine/store.h"

namespace gongkai {

inline constexpr size_t kMaxSteps = 400000;

struct SearchQuery {
  std::u32string needle;  // Normalised (NormalizeForSearch); two code points at least.
  int year = 0;           // Of receipt; 0 for all.
  std::string after;      // A position returned as `next`: the page after it.
  size_t limit = 50;
  // Whether a request of `agency` is in the asker's scope (and the asked
  // agency's subtree), and whether its applicant's name may be searched.
  std::function<bool(std::string_view agency)> in_scope;
  // Unset: names are not searched at all.
  std::function<bool(std::string_view agency)> sees_names;
  size_t max_steps = kMaxSteps;  // Postings read per page at most.
};

struct SearchPage {
  // Newest receipt first: each found request's position (SearchOrder: the
  // order bytes, then the id; a page may also start there).
  std::vector<std::string> positions;
  // Where the next page starts; none: the end. It names no request the
  // page did not return.
  std::optional<std::string> next;
};

// The request id of a position.
std::string_view SearchPositionId(std::string_view position);

// invalid_argument for a malformed `after`; internal/unavailable from the store.
StatusOr<SearchPage> SearchRequests(const StoreReader& store, const SearchQuery& query);

// A position as a cursor a client can send back (text), and back.
std::string EncodeSearchCursor(const std::string& position);
StatusOr<std::string> DecodeSearchCursor(const std::string& cursor);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_REQUEST_SEARCH_H_
