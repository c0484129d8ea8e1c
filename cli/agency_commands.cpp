// gongkai agencies [--tree], and agencies named by name wherever a command
// takes --agency: the engine's registry, as far as the person's scope goes.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/agency_names.h"
#include "cli/daemon_commands.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

// The code of every agency's parent chain length (0 for a root in scope).
int DepthOf(const v1::AgencyInfo& agency,
            const std::map<std::string, const v1::AgencyInfo*>& by_code) {
  int depth = 0;
  for (auto it = by_code.find(agency.parent_code()); it != by_code.end() && depth < 64;
       it = by_code.find(it->second->parent_code())) {
    ++depth;
  }
  return depth;
}

// Children after their parent, in code order: a depth-first walk.
void Walk(const std::string& parent,
          const std::map<std::string, std::vector<std::string>>& children,
          std::vector<std::string>& order, int guard) {
  auto it = children.find(parent);
  if (it == children.end() || guard > 64) return;
  for (const std::string& code : it->second) {
    order.push_back(code);
    Walk(code, children, order, guard + 1);
  }
}

void PrintAgencies(const v1::Reply& reply, bool tree, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : reply.agencies()) {
      list.push_back({{"code", a.code()}, {"name", a.name()}, {"parent", a.parent_code()}});
    }
    out << list.dump() << "\n";
    return;
  }
  std::map<std::string, const v1::AgencyInfo*> by_code;
  size_t width = 0;
  for (const auto& a : reply.agencies()) {
    by_code[a.code()] = &a;
    width = std::max(width, a.code().size());  // Codes are ASCII: one column each.
  }
  std::vector<std::string> order;
  if (tree) {
    // Roots of the scope: agencies whose parent is not listed.
    std::map<std::string, std::vector<std::string>> children;
    for (const auto& [code, a] : by_code) {
      children[by_code.count(a->parent_code()) ? a->parent_code() : std::string()].push_back(code);
    }
    Walk("", children, order, 0);
  } else {
    for (const auto& [code, a] : by_code) order.push_back(code);
  }
  for (const std::string& code : order) {
    const v1::AgencyInfo& a = *by_code.at(code);
    const int indent = tree ? 2 * DepthOf(a, by_code) : 0;
    out << std::string(size_t(indent), ' ') << a.code()
        << std::string(width - a.code().size() + 2, ' ') << a.name() << "\n";
  }
}

}  // namespace

void AddAgencyCommands(CommandLine& line) {
  auto tree = std::make_shared<bool>(false);
  CLI::App& agencies = line.Add(line.root(), "agencies", [tree](const CommandContext& c) {
    v1::Command command;
    command.mutable_agencies();
    int exit_code = 0;
    auto reply = Send(command, c.global, c.err, exit_code);
    if (!reply) return exit_code;
    PrintAgencies(*reply, *tree, c.global.json, c.out);
    return 0;
  });
  line.Flag(agencies, "--tree", *tree);
}

}  // namespace gongkai::cli
