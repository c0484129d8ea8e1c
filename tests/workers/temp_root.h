// TempRoot: a fresh directory for one test, under $TMPDIR (or /tmp), made
// with mkdtemp and removed with everything in it when the test ends.
#ifndef GONGKAI_TESTS_WORKERS_TEMP_ROOT_H_
#define GONGKAI_TESTS_WORKERS_TEMP_ROOT_H_

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace gongkai::test {

class TempRoot {
 public:
  // `prefix` names the directory ("gongkai-backup" -> /tmp/gongkai-backup-XXXXXX).
  explicit TempRoot(const std::string& prefix) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    root_ = pattern;
  }
  ~TempRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;

  const std::string& path() const { return root_; }
  // A path inside the root (nothing is made).
  std::string operator/(const std::string& name) const { return root_ + "/" + name; }

 private:
  std::string root_;
};

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_TEMP_ROOT_H_
