#include "cli/year_generator.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/calendar.h"
#include "engine/codes.h"
#include "engine/date.h"

namespace gongkai::cli {
namespace {

using nlohmann::json;

constexpr const char* kAgencies[] = {"210300",   "210302",   "210303",   "210304",   "210311",
                                     "210321",   "210323",   "210381",   "21030001", "21030002",
                                     "21030003", "21030004", "21030005", "21030006", "21030007",
                                     "21030008", "21030009", "21030010", "21030011", "21030012"};
constexpr const char* kSubjects[] = {
    "城市低保对象名单",     "征地补偿标准及批复文件", "旧城改造拆迁安置方案", "中小学招生划片范围",
    "财政专项资金使用情况", "企业环境影响评价报告",   "保障性住房分配名单",   "医疗机构收费标准",
    "道路建设项目批复",     "社会保险基金收支情况"};
constexpr const char* kApprover = "政务公开办公室主任";

// A small deterministic generator (the same lines for the same seed on every
// platform, unlike std::uniform_int_distribution).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  int Between(int low, int high) { return low + int(Next() % uint64_t(high - low + 1)); }

 private:
  uint64_t state_;
};

struct Line {
  Date on;
  int order;  // Creation order: keeps each request's steps in sequence.
  json body;
};

class Year {
 public:
  Year(int year, uint64_t seed) : year_(year), rng_(seed) {}

  Date Wd(Date from, int n) const { return calendar_.AddWorkingDays(from, n)->date; }
  // A working day from `first` to `last`.
  Date ReceiptBetween(Date first, Date last) {
    const int span = calendar_.WorkingDaysBetween(first, last);
    return Wd(first, rng_.Between(0, std::max(0, span)));
  }
  Rng& rng() { return rng_; }
  int year() const { return year_; }

  void Intake(const std::string& ref, Date on, const std::string& agency,
              const std::string& channel, const std::string& type, const std::string& spot = "") {
    json line{{"op", "intake"},
              {"ref", ref},
              {"on", FormatDate(on)},
              {"agency", agency},
              {"channel", channel},
              {"applicant_type", type},
              {"applicant", "申请人" + ref},
              {"subject", kSubjects[rng_.Next() % std::size(kSubjects)]}};
    if (!spot.empty()) line["on_the_spot"] = spot;
    received_[ref] = on;
    Add(on, std::move(line));
  }
  void Step(const std::string& ref, const std::string& op, Date on, json fields = json::object()) {
    fields["op"] = op;
    fields["ref"] = ref;
    fields["on"] = FormatDate(on);
    Add(on, std::move(fields));
  }
  void Decide(const std::string& ref, Date on, const std::string& outcome, bool deliver = true) {
    Step(ref, "decide", on, {{"outcome", outcome}});
    if (deliver) Step(ref, "deliver", on);
    reply_days_ += calendar_.WorkingDaysBetween(received_[ref], on);
    ++replies_;
  }
  double MeanReplyDays() const { return replies_ ? double(reply_days_) / replies_ : 0; }

  std::vector<std::string> Lines() {
    std::stable_sort(lines_.begin(), lines_.end(), [](const Line& a, const Line& b) {
      return a.on != b.on ? a.on < b.on : a.order < b.order;
    });
    std::vector<std::string> out;
    for (const auto& line : lines_) out.push_back(line.body.dump());
    out.push_back(json{{"op", "clock"}, {"to", FormatDate(MakeDate(year_, 12, 31))}}.dump());
    return out;
  }

 private:
  void Add(Date on, json body) { lines_.push_back({on, int(lines_.size()), std::move(body)}); }

  int year_;
  Rng rng_;
  const Calendar& calendar_ = *Calendar::Builtin();
  std::vector<Line> lines_;
  std::map<std::string, Date> received_;
  int64_t reply_days_ = 0;
  int replies_ = 0;
};

std::string Ref(const std::string& prefix, int n) {
  char text[32];
  std::snprintf(text, sizeof text, "%s%03d", prefix.c_str(), n);
  return text;
}

// The seed's year: see the header.
void Anshan(Year& y) {
  constexpr int kRequests = 93, kInPerson = 7, kGranted = 58, kNeedsCreation = 5;
  std::vector<std::string> outcomes(kRequests, "unable_not_held");
  std::fill(outcomes.begin(), outcomes.begin() + kGranted, "granted");
  std::fill(outcomes.begin() + kGranted, outcomes.begin() + kGranted + kNeedsCreation,
            "unable_needs_creation");
  for (int i = kRequests - 1; i > 0; --i) std::swap(outcomes[i], outcomes[y.rng().Between(0, i)]);
  const Date first = MakeDate(y.year(), 1, 4), last = MakeDate(y.year(), 11, 15);
  std::vector<Date> receipts;
  for (int i = 0; i < kRequests; ++i) receipts.push_back(y.ReceiptBetween(first, last));
  std::sort(receipts.begin(), receipts.end());
  int reconsidered = -1;
  for (int i = 0; i < kRequests; ++i) {
    const std::string ref = Ref("A", i + 1);
    const Date on = receipts[size_t(i)];
    const std::string channel = i % 13 < 1 && i / 13 < kInPerson ? "in_person"
                                : y.rng().Between(0, 1)          ? "registered_mail"
                                                                 : "ordinary_mail";
    const int type_draw = y.rng().Between(0, 92);
    const std::string type = type_draw < 85   ? "natural_person"
                             : type_draw < 90 ? "business"
                             : type_draw < 92 ? "legal_services"
                                              : "research";
    y.Intake(ref, on, kAgencies[y.rng().Next() % std::size(kAgencies)], channel, type);
    const std::string& outcome = outcomes[size_t(i)];
    switch (i) {
      case 3:
      case 40:
      case 77: {  // Consulted: the clock stops.
        const Date start = y.Wd(on, 2), end = y.Wd(start, y.rng().Between(3, 6));
        y.Step(ref, "consult-start", start, {{"party", "相关第三方"}});
        y.Step(ref, "consult-end", end);
        y.Decide(ref, y.Wd(end, 2), outcome);
        break;
      }
      case 7:
      case 52: {  // Extended after the due-soon alert.
        y.Step(ref, "extend", y.Wd(on, 13), {{"approved_by", kApprover}, {"days", 15}});
        y.Decide(ref, y.Wd(on, y.rng().Between(18, 22)), outcome);
        break;
      }
      case 11:
      case 66: {  // Unclear: a correction restarts the period.
        const Date asked = y.Wd(on, 1), corrected = y.Wd(asked, y.rng().Between(2, 5));
        y.Step(ref, "correction-request", asked, {{"window", 10}});
        y.Step(ref, "correction-receive", corrected);
        y.Decide(ref, y.Wd(corrected, y.rng().Between(2, 4)), outcome);
        break;
      }
      case 14:
      case 85:  // Answered late: the supervisor sees it overdue.
        y.Decide(ref, y.Wd(on, y.rng().Between(16, 18)), outcome);
        break;
      default:
        y.Decide(ref, y.Wd(on, y.rng().Between(2, 5)), outcome);
        if (reconsidered < 0 && outcome == "unable_not_held" && i > 10) reconsidered = i;
    }
  }
  // One administrative reconsideration, answered in time and upheld.
  const std::string ref = Ref("A", reconsidered + 1);
  const Date filed = y.Wd(receipts[size_t(reconsidered)], 25);
  y.Step(ref, "appeal", filed, {{"kind", "reconsideration"}});
  y.Step(ref, "appeal-resolve", y.Wd(filed, 30), {{"result", "upheld"}});
}

// Every path through the law, for tests (see the header).
void Full(Year& y) {
  const auto types = AllCodes<v1::ApplicantType>();
  const auto outcomes = AllCodes<v1::Outcome>();
  const int year = y.year();
  // Carried in: received in December of the year before, decided in January.
  for (size_t i = 0; i < types.size(); ++i) {
    const std::string ref = Ref("C", int(i) + 1);
    const Date on = y.Wd(MakeDate(year - 1, 12, 10), int(i));
    y.Intake(ref, on, kAgencies[i % std::size(kAgencies)], "online", types[i]);
    y.Decide(ref, y.Wd(MakeDate(year, 1, 4), int(i)), "granted");
  }
  int n = 0;
  for (size_t k = 0; k < outcomes.size(); ++k) {
    for (size_t t = 0; t < 2; ++t, ++n) {
      const std::string ref = Ref("F", n + 1);
      const std::string& outcome = outcomes[k];
      const Date on = y.Wd(MakeDate(year, 2, 1), n * 4);
      y.Intake(ref, on, kAgencies[size_t(n) % std::size(kAgencies)],
               n % 2 ? "registered_mail" : "in_person", types[size_t(n) % types.size()]);
      if (outcome == "other_no_correction") {
        y.Step(ref, "correction-request", y.Wd(on, 1), {{"window", 5}});
        y.Step(ref, "correction-lapse", y.Wd(on, 8));
      } else if (outcome == "other_fee_unpaid") {
        y.Step(ref, "fee-notice", y.Wd(on, 2), {{"amount", "35.50"}});
        y.Step(ref, "fee-lapse", y.Wd(on, 23));
      } else if (outcome == "other") {
        y.Step(ref, "withdraw", y.Wd(on, 3));
      } else if (outcome == "unable_still_unclear") {
        y.Step(ref, "correction-request", y.Wd(on, 1));
        y.Step(ref, "correction-receive", y.Wd(on, 4));
        y.Decide(ref, y.Wd(on, 9), outcome);
      } else if (outcome == "granted" && t == 0) {
        y.Step(ref, "fee-notice", y.Wd(on, 2), {{"amount", "120.00"}});
        y.Step(ref, "fee-paid", y.Wd(on, 5));
        y.Decide(ref, y.Wd(on, 8), outcome);
      } else {
        y.Decide(ref, y.Wd(on, 3 + int(t) * 14), outcome, t == 0);  // Some late.
      }
    }
  }
  y.Intake("S001", MakeDate(year, 3, 6), "210300", "in_person", "natural_person", "granted");
  // Appeals of every kind.
  y.Step("F001", "appeal", MakeDate(year, 5, 7), {{"kind", "reconsideration"}});
  y.Step("F001", "appeal-resolve", MakeDate(year, 6, 7), {{"result", "upheld"}});
  y.Step("F003", "appeal", MakeDate(year, 5, 8), {{"kind", "reconsideration"}});
  y.Step("F003", "appeal-resolve", MakeDate(year, 6, 8), {{"result", "corrected"}});
  y.Step("F003", "appeal", MakeDate(year, 7, 2), {{"kind", "litigation_after_reconsideration"}});
  y.Step("F005", "appeal", MakeDate(year, 5, 9), {{"kind", "litigation"}});
  y.Step("F005", "appeal-resolve", MakeDate(year, 9, 10), {{"result", "other"}});
  y.Step("F007", "appeal", MakeDate(year, 11, 5), {{"kind", "reconsideration"}});
  // Carried out: received late in December, still open on 31 December.
  for (size_t i = 0; i < 4; ++i) {
    const std::string ref = Ref("D", int(i) + 1);
    const Date on = y.Wd(MakeDate(year, 12, 17), int(i));
    y.Intake(ref, on, kAgencies[(i + 3) % std::size(kAgencies)], "email", types[i]);
    if (i == 0) y.Step(ref, "consult-start", y.Wd(on, 1), {{"party", "第三方企业"}});
  }
}

}  // namespace

StatusOr<std::vector<std::string>> GenerateYear(const GeneratorOptions& options) {
  if (options.year < kMinYear + 1 || options.year > kMaxYear - 1) {
    return InvalidArgumentError("--year must be from " + std::to_string(kMinYear + 1) + " to " +
                                std::to_string(kMaxYear - 1));
  }
  Year year(options.year, options.seed);
  if (options.profile == "anshan2012") {
    Anshan(year);
    // The seed: "平均在5个工作日内回复".
    if (year.MeanReplyDays() > 5.0) {
      return InternalError("this seed gives answers in " + std::to_string(year.MeanReplyDays()) +
                           " working days on average, more than the seed's 5: try another");
    }
  } else if (options.profile == "full") {
    Full(year);
  } else {
    return InvalidArgumentError("--profile must be anshan2012 or full");
  }
  return year.Lines();
}

}  // namespace gongkai::cli
