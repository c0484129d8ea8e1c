#include "cli/args.h"

#include <charconv>

namespace gongkai::cli {

StatusOr<Args> Args::Parse(const std::vector<std::string>& words, const OptionSpec& spec) {
  Args args;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i];
    if (word.rfind("--", 0) != 0 || word == "--") {
      args.positional_.push_back(word);
      continue;
    }
    std::optional<std::string> inline_value;
    if (size_t eq = word.find('='); eq != std::string::npos) {
      inline_value = word.substr(eq + 1);
      word = word.substr(0, eq);
    }
    if (spec.flags.count(word)) {
      if (inline_value) return InvalidArgumentError(word + " takes no value");
      args.values_[word].push_back("");
      continue;
    }
    if (!spec.with_value.count(word)) {
      return InvalidArgumentError("unknown option " + Excerpt(word, 40));
    }
    if (!inline_value && i + 1 >= words.size()) {
      return InvalidArgumentError(word + " needs a value");
    }
    if (args.values_.count(word) && !spec.repeatable.count(word)) {
      return InvalidArgumentError(word + " is given twice");
    }
    args.values_[word].push_back(inline_value ? *inline_value : words[++i]);
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second.front();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Status Args::ExpectPositional(size_t count, const std::string& usage) const {
  if (positional_.size() != count) return InvalidArgumentError("usage: " + usage);
  return OkStatus();
}

StatusOr<std::string> Args::Require(const std::string& name) const {
  auto value = Get(name);
  if (!value) return InvalidArgumentError(name + " is required");
  return *value;
}

StatusOr<int> ParseInt(const std::string& text, const std::string& what, int min, int max) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return InvalidArgumentError(what + " must be a whole number from " + std::to_string(min) +
                                " to " + std::to_string(max) + ", not '" + Excerpt(text, 20) + "'");
  }
  return value;
}

}  // namespace gongkai::cli
