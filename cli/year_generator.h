// Generates a year of requests as replay lines (the JSONL that `gongkai
// replay` reads; see cli/replay_command.cpp for the format), deterministic
// for a seed.
//
// Profiles:
//   anshan2012  the seed's city in 2012 (../shared/seed): 93 requests, 7 in
//               person and 86 by letter; 58 granted and 35 not held or not
//               existing; answered on average within 5 working days; no fees;
//               one administrative reconsideration. Some are consulted,
//               extended, corrected and answered late.
//   full        every outcome, every applicant type, fees, lapses, a
//               withdrawal, every kind of appeal, requests carried over from
//               the year before and into the next (for tests).
#ifndef GONGKAI_CLI_YEAR_GENERATOR_H_
#define GONGKAI_CLI_YEAR_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/status.h"

namespace gongkai::cli {

struct GeneratorOptions {
  int year = 2012;
  uint64_t seed = 1;
  std::string profile = "anshan2012";
};

// The lines, sorted by date, ending with a "clock" line to 31 December.
StatusOr<std::vector<std::string>> GenerateYear(const GeneratorOptions& options);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_YEAR_GENERATOR_H_
