// Fuzz harness agency_registry: the agency registry file (engine/agencies.h).
// For any bytes, AgencyRegistry::Parse returns a registry or an error, never
// crashes. When the bytes parse, every agency is consistent:
//  - Find(code) is the agency, CheckKnown(code) is ok;
//  - its path is its parent's path followed by "code/" (a root's is
//    "code/"), and every code in the path is a listed agency;
//  - InSubtree(code, x) holds exactly for the codes x of its path (itself,
//    its parent, ... its root), checked against every listed agency while
//    the registry is small;
// and an unknown code is not found, with a message that is valid UTF-8 when
// the code is (it goes back to the client in a protobuf string).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "engine/agencies.h"
#include "fuzz/fuzz_check.h"

namespace gongkai::fuzz {
namespace {

constexpr size_t kMaxAgenciesForPairs = 64;  // All pairs: n^2 InSubtree calls.

// "210300/210321/" -> {"210300", "210321"}.
std::set<std::string> PathCodes(const std::string& path) {
  std::set<std::string> codes;
  size_t start = 0;
  for (size_t slash = path.find('/'); slash != std::string::npos;
       start = slash + 1, slash = path.find('/', start)) {
    FUZZ_CHECK(slash > start);  // No empty segment.
    codes.insert(path.substr(start, slash - start));
  }
  FUZZ_CHECK(start == path.size());  // Ends with '/'.
  return codes;
}

int TestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto registry = AgencyRegistry::Parse(text, "fuzz.tsv");
  if (!registry.ok()) {
    FUZZ_CHECK(!registry.status().message().empty());
    if (IsValidUtf8(text)) FUZZ_CHECK(IsValidUtf8(registry.status().message()));
    return 0;
  }
  const auto& all = registry->all();
  FUZZ_CHECK(!all.empty());
  for (const auto& [code, agency] : all) {
    FUZZ_CHECK(agency.code == code);
    FUZZ_CHECK(registry->Find(code) == &agency);
    FUZZ_CHECK(registry->CheckKnown(code).ok());
    const std::string own = code + "/";
    FUZZ_CHECK(agency.path.size() >= own.size());
    FUZZ_CHECK(agency.path.compare(agency.path.size() - own.size(), own.size(), own) == 0);
    if (agency.parent_code.empty()) {
      FUZZ_CHECK(agency.path == own);
    } else {
      const Agency* parent = registry->Find(agency.parent_code);
      FUZZ_CHECK(parent != nullptr);
      FUZZ_CHECK(agency.path == parent->path + own);
      FUZZ_CHECK(registry->InSubtree(code, agency.parent_code));
      FUZZ_CHECK(!registry->InSubtree(agency.parent_code, code));
    }
    const std::set<std::string> ancestors = PathCodes(agency.path);
    FUZZ_CHECK(ancestors.count(code) == 1);
    for (const auto& ancestor : ancestors) {
      FUZZ_CHECK(registry->Find(ancestor) != nullptr);
      FUZZ_CHECK(registry->InSubtree(code, ancestor));
    }
    if (all.size() <= kMaxAgenciesForPairs) {
      for (const auto& [other, unused] : all) {
        FUZZ_CHECK(registry->InSubtree(code, other) == (ancestors.count(other) == 1));
      }
    }
  }
  // An unknown code: the input's last line, whatever it holds.
  const size_t eol = text.rfind('\n');
  const std::string_view last = eol == std::string_view::npos ? text : text.substr(eol + 1);
  if (registry->Find(last) == nullptr) {
    FUZZ_CHECK(!registry->InSubtree(last, all.begin()->first));
    const Status known = registry->CheckKnown(last);
    FUZZ_CHECK(!known.ok());
    if (IsValidUtf8(last)) FUZZ_CHECK(IsValidUtf8(known.message()));
  }
  return 0;
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongkai::fuzz::TestOneInput(data, size);
}
