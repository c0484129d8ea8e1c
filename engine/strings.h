// StrCat: concatenates by appending. Besides being cheap, it avoids GCC
// 12's false -Wrestrict warning on `"literal" + std::string` (an error with
// -Werror).
//
// Thread safety: pure function.
#ifndef GONGKAI_ENGINE_STRINGS_H_
#define GONGKAI_ENGINE_STRINGS_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace gongkai {

inline std::string StrCat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  std::string out;
  out.reserve(size);
  for (std::string_view part : parts) out.append(part);
  return out;
}

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_STRINGS_H_
