// A small command-line parser for the gongkai client: positional words and
// --name VALUE options (also --name=VALUE), some repeatable, some flags.
// Every mistake is a one-line invalid_argument Status; the caller prints it
// and exits with code 2.
#ifndef GONGKAI_CLI_ARGS_H_
#define GONGKAI_CLI_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/status.h"

namespace gongkai::cli {

struct OptionSpec {
  std::set<std::string> with_value;  // "--received", ...
  std::set<std::string> flags;       // "--json", ...
  std::set<std::string> repeatable;  // Subset of with_value.
};

class Args {
 public:
  // Parses `words` (the command's words, after its name) against `spec`.
  static StatusOr<Args> Parse(const std::vector<std::string>& words, const OptionSpec& spec);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  // Refuses anything but exactly `count` positional words.
  Status ExpectPositional(size_t count, const std::string& usage) const;
  // A required option; invalid_argument names it when absent.
  StatusOr<std::string> Require(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> values_;
};

// Parses a decimal integer in [min, max]; `what` names it in the error.
StatusOr<int> ParseInt(const std::string& text, const std::string& what, int min, int max);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_ARGS_H_
