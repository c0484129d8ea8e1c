#include "client/toml_config.h"

#include <toml++/toml.h>

#include <iterator>
#include <sstream>
#include <string>

namespace gongkai {
namespace {

std::string Line(const toml::source_region& where) {
  return "the configuration file, line " + std::to_string(where.begin.line);
}

// A value as CLI11 reads it from the command line.
std::string Input(const toml::node& node, const std::string& key) {
  if (auto text = node.value<std::string>(); node.is_string() && text) return *text;
  if (auto number = node.value<int64_t>(); node.is_integer() && number) {
    return std::to_string(*number);
  }
  if (auto flag = node.value<bool>(); node.is_boolean() && flag) return *flag ? "true" : "false";
  throw CLI::ConversionError(Line(node.source()) + ": " + key +
                             " must be a string, a whole number or true/false");
}

std::string OptionName(std::string key) {
  for (char& c : key) {
    if (c == '_') c = '-';
  }
  return key;
}

void Collect(const toml::table& table, const std::vector<std::string>& parents,
             std::vector<CLI::ConfigItem>& items) {
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (const toml::table* sub = node.as_table()) {
      std::vector<std::string> path = parents;
      path.push_back(name);
      Collect(*sub, path, items);
      continue;
    }
    CLI::ConfigItem item;
    item.parents = parents;
    item.name = OptionName(name);
    if (const toml::array* list = node.as_array()) {
      for (const toml::node& element : *list) item.inputs.push_back(Input(element, name));
    } else {
      item.inputs.push_back(Input(node, name));
    }
    items.push_back(std::move(item));
  }
}

}  // namespace

std::vector<CLI::ConfigItem> TomlConfig::from_config(std::istream& input) const {
  const std::string text((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& error) {
    throw CLI::ConversionError(Line(error.source()) +
                               ": not TOML: " + std::string(error.description()));
  }
  std::vector<CLI::ConfigItem> items;
  Collect(table, {}, items);
  return items;
}

}  // namespace gongkai
