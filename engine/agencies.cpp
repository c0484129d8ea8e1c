#include "engine/agencies.h"

#include <set>

namespace gongkai {
namespace {

constexpr size_t kMaxCodeLength = 16;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

Status LineError(std::string_view source, int line, const std::string& why) {
  return InvalidArgumentError(std::string(source) + ":" + std::to_string(line) + ": " + why);
}

// Fills in every agency's path; refuses unknown parents and cycles.
Status ComputePaths(std::map<std::string, Agency, std::less<>>& agencies, std::string_view source) {
  for (auto& [code, agency] : agencies) {
    std::vector<std::string> chain{code};
    std::set<std::string> seen{code};
    for (std::string parent = agency.parent_code; !parent.empty();) {
      auto it = agencies.find(parent);
      if (it == agencies.end()) {
        return InvalidArgumentError(std::string(source) + ": agency " + code + " names parent " +
                                    parent + ", which is not listed");
      }
      if (!seen.insert(parent).second) {
        return InvalidArgumentError(std::string(source) + ": the parents of agency " + code +
                                    " form a cycle");
      }
      chain.push_back(parent);
      parent = it->second.parent_code;
    }
    agency.path.clear();
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) agency.path += *it + "/";
  }
  return OkStatus();
}

}  // namespace

StatusOr<AgencyRegistry> AgencyRegistry::Parse(std::string_view text, std::string_view source) {
  static const std::set<std::string, std::less<>> kTiers = {"city", "county", "township",
                                                            "department"};
  AgencyRegistry registry;
  int line_number = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fields = SplitTabs(line);
    if (fields.size() != 4) {
      return LineError(source, line_number,
                       "expected 4 tab-separated columns (code, name, parent_code, tier), found " +
                           std::to_string(fields.size()));
    }
    Agency agency{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                  std::string(fields[3]), ""};
    if (!IsAgencyCode(agency.code) ||
        (!agency.parent_code.empty() && !IsAgencyCode(agency.parent_code))) {
      return LineError(source, line_number, "an agency code is 1-16 ASCII letters or digits");
    }
    if (agency.name.empty()) return LineError(source, line_number, "the name is empty");
    if (!kTiers.count(agency.tier)) {
      return LineError(source, line_number,
                       "the tier must be city, county, township or department");
    }
    if (registry.agencies_.count(agency.code)) {
      return LineError(source, line_number, "agency " + agency.code + " is listed twice");
    }
    registry.agencies_.emplace(agency.code, std::move(agency));
  }
  if (registry.agencies_.empty()) {
    return InvalidArgumentError(std::string(source) + ": no agencies are listed");
  }
  GONGKAI_RETURN_IF_ERROR(ComputePaths(registry.agencies_, source));
  return registry;
}

const Agency* AgencyRegistry::Find(std::string_view code) const {
  auto it = agencies_.find(code);
  return it == agencies_.end() ? nullptr : &it->second;
}

Status AgencyRegistry::CheckKnown(std::string_view code) const {
  if (Find(code) != nullptr) return OkStatus();
  std::string shown = Excerpt(code, 40);
  return NotFoundError("agency '" + shown +
                       "' is not in the agency registry: check the code against the "
                       "daemon's --agencies file");
}

bool AgencyRegistry::InSubtree(std::string_view code, std::string_view ancestor) const {
  const Agency* agency = Find(code);
  if (agency == nullptr) return false;
  const std::string needle = std::string(ancestor) + "/";
  const std::string& path = agency->path;
  return path.rfind(needle, 0) == 0 || path.find("/" + needle) != std::string::npos;
}

bool IsAgencyCode(std::string_view text) {
  if (text.empty() || text.size() > kMaxCodeLength) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!ok) return false;
  }
  return true;
}

}  // namespace gongkai
