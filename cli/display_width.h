// Text laid out in a terminal's columns: Chinese characters (and other East
// Asian wide characters) take two columns, the rest one. Bytes that are not
// UTF-8 count one column each.
#ifndef GONGKAI_CLI_DISPLAY_WIDTH_H_
#define GONGKAI_CLI_DISPLAY_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gongkai::cli {

// The columns `text` takes.
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `width` columns (whole characters, "~" marking a
// cut), then padded with spaces to exactly `width` columns.
std::string FitToWidth(std::string_view text, size_t width);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_DISPLAY_WIDTH_H_
