#include "workers/records.h"

namespace gongkai {

std::string DeadlineKey(Date on, const std::string& request_id) {
  return FormatDate(on) + "|" + request_id;
}

std::string SequenceKey(const std::string& agency, int year) {
  return "seq|" + agency + "|" + std::to_string(year);
}

}  // namespace gongkai
