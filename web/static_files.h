// The console's static files (web/static/**), built into the binary by
// web/embed_static.cmake: the pages, their script and style. Nothing is
// read from disk or fetched from elsewhere at run time.
//
// Thread safety: constant data.
#ifndef GONGKAI_WEB_STATIC_FILES_H_
#define GONGKAI_WEB_STATIC_FILES_H_

#include <span>
#include <string_view>

namespace gongkai::web {

struct StaticFile {
  std::string_view path;   // "/index.html": the URL path.
  std::string_view bytes;  // The file's content.
};

// Every file, sorted by path.
std::span<const StaticFile> StaticFiles();

// The Content-Type for `path` by its extension (text types in UTF-8).
std::string_view ContentTypeOf(std::string_view path);

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_STATIC_FILES_H_
