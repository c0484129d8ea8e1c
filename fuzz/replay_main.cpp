// A replay driver for the harnesses of fuzz/ in builds without libFuzzer
// (GCC, CI): runs LLVMFuzzerTestOneInput once on every regular file of the
// directories given as arguments (and on the files given as arguments), in
// name order, and prints how many it ran. A failed check aborts, and so
// fails the ctest test `fuzz_corpus_<harness>`; no input at all is an error
// too (a corpus went missing).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// The regular files named by `argument`: itself, or a directory's files.
std::vector<std::filesystem::path> FilesOf(const std::filesystem::path& argument,
                                           std::error_code& error) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(argument, error)) {
    if (!error) files.push_back(argument);
    return files;
  }
  for (std::filesystem::directory_iterator it(argument, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code error;
    const auto files = FilesOf(argv[i], error);
    if (error) {
      std::fprintf(stderr, "%s: %s\n", argv[i], error.message().c_str());
      return 1;
    }
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "%s: cannot read\n", file.c_str());
        return 1;
      }
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      std::printf("%s (%zu bytes)\n", file.c_str(), bytes.size());
      std::fflush(stdout);
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++ran;
    }
  }
  std::printf("ran %zu inputs\n", ran);
  return ran == 0 ? 1 : 0;
}
