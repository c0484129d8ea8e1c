// The Chinese of the client's help (cli/command_docs.h): per command, its
// description and each option's, keyed by the command's path and the
// option's name; the shared options, the section headings and the fixed
// words. command_docs.cpp lays them over the English table when the user's
// language is Chinese; what has no Chinese stays English.
//
// Thread safety: read-only static tables.
#ifndef GONGKAI_CLI_COMMAND_DOCS_ZH_H_
#define GONGKAI_CLI_COMMAND_DOCS_ZH_H_

#include <string_view>
#include <utility>
#include <vector>

#include "cli/command_docs.h"

namespace gongkai::cli {

struct ZhCommandDoc {
  std::string_view path;
  std::string_view description;
  std::vector<std::pair<std::string_view, std::string_view>> options;  // {name, description}
};

const std::vector<ZhCommandDoc>& ZhCommandDocs();
const std::vector<std::pair<std::string_view, std::string_view>>& ZhSharedOptions();
// The Chinese of an English section heading, or the heading itself.
std::string_view ZhSection(std::string_view english);
const HelpWords& ZhWords();

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_COMMAND_DOCS_ZH_H_
