// The client's checked number parsing (client/numbers.h), named in the
// command files' namespace.
#ifndef GONGKAI_CLI_NUMBERS_H_
#define GONGKAI_CLI_NUMBERS_H_

#include "client/numbers.h"

namespace gongkai::cli {

using client::ParseInt;
using client::ParseYuan;

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_NUMBERS_H_
