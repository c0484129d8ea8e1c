// gongkaid's configuration file: TOML read with toml++ (Debian's
// libtomlplusplus-dev) for CLI11, so that every daemon option may be set
// there by its long name without the dashes (`data = "/var/lib/gongkai"`,
// `due-soon-days = 5`, or `due_soon_days`), and a flag on the command line
// overrides the file. Tables name subcommands (`[init]`). Strings, integers,
// booleans and arrays of them are accepted; anything else, or a file that is
// not TOML, is refused naming the line.
#ifndef GONGKAI_CLIENT_TOML_CONFIG_H_
#define GONGKAI_CLIENT_TOML_CONFIG_H_

#include <CLI/CLI.hpp>
#include <istream>
#include <vector>

namespace gongkai {

class TomlConfig : public CLI::ConfigTOML {
 public:
  // Throws CLI::ConversionError with "line L: what" for a bad file (CLI11
  // reports it as a parse error and gongkaid exits 2).
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
};

}  // namespace gongkai

#endif  // GONGKAI_CLIENT_TOML_CONFIG_H_
