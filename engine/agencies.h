// The agency registry: who may receive requests, and the tree that alerts
// and reports roll up (DOMAIN.md, "Agencies"). Read from a TSV file with the
// columns code<TAB>name<TAB>parent_code<TAB>tier; '#' lines are comments; a
// root has an empty parent_code. deploy/agencies/anshan.tsv is the example.
//
// Thread safety: immutable after Parse; share freely.
#ifndef GONGKAI_ENGINE_AGENCIES_H_
#define GONGKAI_ENGINE_AGENCIES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace gongkai {

struct Agency {
  std::string code;  // Digits and ASCII letters, at most 16 characters.
  std::string name;
  std::string parent_code;  // Empty for a root.
  std::string tier;         // city, county, township, department.
  std::string path;         // "210300/210321/": root first, '/' after each.
};

// True when `text` is written as an agency code: 1 to 16 ASCII letters and
// digits (whether an agency has it is the registry's to say).
bool IsAgencyCode(std::string_view text);

class AgencyRegistry {
 public:
  // Errors (invalid_argument, with `source` and the line number): a wrong
  // column count, a bad code, an unknown tier, a duplicate code, a parent
  // that is not listed, a cycle.
  static StatusOr<AgencyRegistry> Parse(std::string_view text, std::string_view source);

  // nullptr when unknown.
  const Agency* Find(std::string_view code) const;
  // not_found with a message a clerk can act on.
  Status CheckKnown(std::string_view code) const;
  // True when `code` is `ancestor` or lies under it.
  bool InSubtree(std::string_view code, std::string_view ancestor) const;
  const std::map<std::string, Agency, std::less<>>& all() const { return agencies_; }

 private:
  std::map<std::string, Agency, std::less<>> agencies_;
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_AGENCIES_H_
