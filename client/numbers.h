// Checked parsing of the numbers given on the command line (std::from_chars:
// no exceptions, nothing read past a bad character). Every mistake is a
// one-line invalid_argument Status naming the option; the caller prints it
// and exits with code 2.
#ifndef GONGKAI_CLIENT_NUMBERS_H_
#define GONGKAI_CLIENT_NUMBERS_H_

#include <cstdint>
#include <string>

#include "engine/status.h"

namespace gongkai::client {

// A decimal integer in [min, max]; `what` names it in the error.
StatusOr<int> ParseInt(const std::string& text, const std::string& what, int min, int max);

// An amount in yuan with at most two decimals ("12.50", "3") in fen (1250,
// 300), at most 999999999.99 yuan; `what` names it in the error.
StatusOr<int64_t> ParseYuan(const std::string& text, const std::string& what);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_NUMBERS_H_
