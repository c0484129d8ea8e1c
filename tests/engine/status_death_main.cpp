// Reads the value of a StatusOr that holds an error: the process must abort
// with the status printed, in every build type (ctest matches the message;
// see tests/CMakeLists.txt).
#include "engine/status.h"

int main() {
  gongkai::StatusOr<int> missing = gongkai::NotFoundError("nothing here");
  return missing.value();
}
