#include "engine/keys.h"

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "engine/codes.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

std::string Sequenced(const char* prefix, uint64_t sequence) {
  char key[32];
  std::snprintf(key, sizeof key, "%s%020" PRIu64, prefix, sequence);
  return key;
}

std::vector<std::string_view> Split(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t bar; (bar = text.find('|', start)) != std::string_view::npos; start = bar + 1) {
    parts.push_back(text.substr(start, bar - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool ParseInt(std::string_view text, int& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

template <typename Enum>
bool ParseEnum(std::string_view word, Enum& value) {
  auto parsed = ParseCode<Enum>(word);
  if (parsed.ok()) value = *parsed;
  return parsed.ok();
}

// The metric words after "<agency>|<year>|".
std::string MetricWords(const Metric& m) {
  using Kind = Metric::Kind;
  switch (m.kind) {
    case Kind::kReceived:
      return StrCat({"received|", CodeOf(m.applicant)});
    case Kind::kChannel:
      return StrCat({"channel|", CodeOf(m.channel)});
    case Kind::kClosed:
      return StrCat({"closed|", CodeOf(m.outcome), "|", CodeOf(m.applicant)});
    case Kind::kLate:
      return "late";
    case Kind::kReplied:
      return "replied";
    case Kind::kReplyDays:
      return "reply_days";
    case Kind::kReplyHistogram:
      return StrCat({"reply_hist|", std::to_string(m.days)});
    case Kind::kFeeFen:
      return "fee_fen";
    case Kind::kAppealFiled:
      return StrCat({"appeal_filed|", CodeOf(m.appeal)});
    case Kind::kAppealResolved:
      return StrCat({"appeal_resolved|", CodeOf(m.appeal), "|", CodeOf(m.result)});
    case Kind::kReceivedInMonth: {
      char month[3];
      std::snprintf(month, sizeof month, "%02d", std::clamp(m.month, 0, 99));
      return StrCat({"received_month|", month});
    }
  }
  return "unknown";
}

bool ParseMetric(const std::vector<std::string_view>& w, Metric& m) {
  using Kind = Metric::Kind;
  const std::string_view name = w[0];
  const size_t n = w.size();
  if (name == "received" && n == 2) {
    m.kind = Kind::kReceived;
    return ParseEnum(w[1], m.applicant);
  }
  if (name == "channel" && n == 2) {
    m.kind = Kind::kChannel;
    return ParseEnum(w[1], m.channel);
  }
  if (name == "closed" && n == 3) {
    m.kind = Kind::kClosed;
    return ParseEnum(w[1], m.outcome) && ParseEnum(w[2], m.applicant);
  }
  if (name == "reply_hist" && n == 2) {
    m.kind = Kind::kReplyHistogram;
    return ParseInt(w[1], m.days) && m.days >= 0;
  }
  if (name == "received_month" && n == 2) {
    m.kind = Kind::kReceivedInMonth;
    return w[1].size() == 2 && ParseInt(w[1], m.month) && m.month >= 1 && m.month <= 12;
  }
  if (name == "appeal_filed" && n == 2) {
    m.kind = Kind::kAppealFiled;
    return ParseEnum(w[1], m.appeal);
  }
  if (name == "appeal_resolved" && n == 3) {
    m.kind = Kind::kAppealResolved;
    return ParseEnum(w[1], m.appeal) && ParseEnum(w[2], m.result);
  }
  if (n != 1) return false;
  for (Kind kind : {Kind::kLate, Kind::kReplied, Kind::kReplyDays, Kind::kFeeFen}) {
    if (name == MetricWords(Metric::Of(kind))) {
      m.kind = kind;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string EventPrefix(std::string_view request_id) {
  std::string key(request_id);
  key.push_back('\0');
  return key;
}

std::string EventKey(std::string_view request_id, uint64_t sequence) {
  std::string key = EventPrefix(request_id);
  for (int i = 7; i >= 0; --i) key.push_back(char((sequence >> (8 * i)) & 0xff));
  return key;
}

std::string DeadlineKey(Date on, std::string_view request_id) {
  return StrCat({FormatDate(on), "|", request_id});
}

std::string DeadlineKeyAfter(Date day) { return StrCat({FormatDate(day), "|\x7f"}); }

std::optional<DeadlineEntry> ParseDeadlineKey(std::string_view key) {
  const size_t bar = key.find('|');
  if (bar == std::string_view::npos || bar + 1 >= key.size()) return std::nullopt;
  auto on = ParseDate(key.substr(0, bar));
  if (!on.ok()) return std::nullopt;
  return DeadlineEntry{*on, key.substr(bar + 1)};
}

std::string EncodeDueIndexValue(const DueIndexValue& value) {
  return StrCat({std::to_string(value.year_received), "|", value.agency_code});
}

std::optional<DueIndexValue> ParseDueIndexValue(std::string_view value) {
  const size_t bar = value.find('|');
  if (bar != 4 || bar + 1 >= value.size()) return std::nullopt;
  DueIndexValue parsed;
  const auto [end, error] = std::from_chars(value.data(), value.data() + bar, parsed.year_received);
  if (error != std::errc() || end != value.data() + bar) return std::nullopt;
  parsed.agency_code = value.substr(bar + 1);
  return parsed;
}

std::string AlertKey(uint64_t sequence) { return Sequenced("seq|", sequence); }
std::string ReminderKey(uint64_t sequence) { return Sequenced("rem|", sequence); }
std::string AlertStreamPrefix(bool reminders) { return reminders ? "rem|" : "seq|"; }
std::string AckKey(uint64_t sequence) { return Sequenced("ack|", sequence); }

std::string FiredKey(std::string_view request_id, v1::AlertLevel level, int version) {
  return StrCat({"fired|", request_id, "|", CodeOf(level), "|", std::to_string(version)});
}

std::string PrincipalKey(std::string_view name) { return StrCat({kPrincipalNamePrefix, name}); }
std::string PrincipalKeyIndex(std::string_view public_key) { return StrCat({"key|", public_key}); }
std::string PasswordKey(std::string_view name) { return StrCat({"pw|", name}); }
std::string AuditKey(uint64_t sequence) { return Sequenced("", sequence); }

std::string SequenceKey(std::string_view agency, int year) {
  return StrCat({kMetaSequencePrefix, agency, "|", std::to_string(year)});
}

std::string CalendarKey(uint64_t generation) {
  char key[40];
  std::snprintf(key, sizeof key, "%s%04" PRIu64, kMetaCalendarPrefix, generation);
  return key;
}

std::string LockKey(int year) { return StrCat({"locked|", std::to_string(year)}); }

Metric Metric::Received(v1::ApplicantType applicant) {
  Metric m;
  m.kind = Kind::kReceived;
  m.applicant = applicant;
  return m;
}

Metric Metric::ByChannel(v1::Channel channel) {
  Metric m;
  m.kind = Kind::kChannel;
  m.channel = channel;
  return m;
}

Metric Metric::Closed(v1::Outcome outcome, v1::ApplicantType applicant) {
  Metric m;
  m.kind = Kind::kClosed;
  m.outcome = outcome;
  m.applicant = applicant;
  return m;
}

Metric Metric::Of(Kind kind) {
  Metric m;
  m.kind = kind;
  return m;
}

Metric Metric::ReplyHistogram(int days) {
  Metric m;
  m.kind = Kind::kReplyHistogram;
  m.days = days;
  return m;
}

Metric Metric::AppealFiled(v1::AppealKind kind) {
  Metric m;
  m.kind = Kind::kAppealFiled;
  m.appeal = kind;
  return m;
}

Metric Metric::ReceivedInMonth(int month) {
  Metric m;
  m.kind = Kind::kReceivedInMonth;
  m.month = month;
  return m;
}

Metric Metric::AppealResolved(v1::AppealKind kind, v1::AppealResult result) {
  Metric m;
  m.kind = Kind::kAppealResolved;
  m.appeal = kind;
  m.result = result;
  return m;
}

std::string EncodeCounterKey(std::string_view agency, int year, const Metric& metric) {
  return StrCat({agency, "|", std::to_string(year), "|", MetricWords(metric)});
}

std::string EncodeCounterKey(const CounterKey& key) {
  return EncodeCounterKey(key.agency, key.year, key.metric);
}

std::string CounterPrefix(std::string_view agency) { return StrCat({agency, "|"}); }

StatusOr<CounterKey> ParseCounterKey(std::string_view key) {
  const std::vector<std::string_view> parts = Split(key);
  CounterKey parsed;
  if (parts.size() >= 3 && !parts[0].empty() && ParseInt(parts[1], parsed.year)) {
    parsed.agency = std::string(parts[0]);
    const std::vector<std::string_view> words(parts.begin() + 2, parts.end());
    if (ParseMetric(words, parsed.metric)) return parsed;
  }
  return InvalidArgumentError(StrCat({"'", key.substr(0, 80), "' is not a report counter key"}));
}

namespace {

void AppendBigEndian(std::string& out, uint32_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.push_back(char(value >> shift));
}

// The number at the end of an engine-made id ("...-000012" -> 12); 0 for
// anything else.
uint32_t RequestNumber(std::string_view id) {
  const size_t dash = id.rfind('-');
  int number = 0;
  if (dash == std::string_view::npos || !ParseInt(id.substr(dash + 1), number)) return 0;
  return number > 0 && number <= 0xFFFFFF ? uint32_t(number) : 0;
}

uint32_t InvertedDay(Date day) {
  const auto count = day.time_since_epoch().count();
  return uint32_t(0xFFFF - std::clamp<int64_t>(count, 0, 0xFFFF));
}

}  // namespace

std::string SearchOrderFrom(Date day) {
  std::string order;
  AppendBigEndian(order, InvertedDay(day), 2);
  return order;
}

std::string SearchOrder(Date received_on, std::string_view request_id) {
  std::string order = SearchOrderFrom(received_on);
  AppendBigEndian(order, 0xFFFFFF - RequestNumber(request_id), 3);
  order.append(request_id);
  return order;
}

std::string SearchPrefix(SearchField field, Bigram gram) {
  std::string prefix(1, char(field));
  AppendBigEndian(prefix, gram.first, 3);
  AppendBigEndian(prefix, gram.second, 3);
  return prefix;
}

std::string SearchKey(SearchField field, Bigram gram, Date received_on,
                      std::string_view request_id) {
  return SearchPrefix(field, gram) + SearchOrder(received_on, request_id);
}

std::optional<SearchPosting> ParseSearchKey(std::string_view key) {
  if (key.size() <= kSearchPrefixBytes + kSearchOrderBytes) return std::nullopt;
  return SearchPosting{key.substr(kSearchPrefixBytes, kSearchOrderBytes),
                       key.substr(kSearchPrefixBytes + kSearchOrderBytes)};
}

}  // namespace gongkai
