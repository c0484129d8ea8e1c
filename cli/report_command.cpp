// gongkai report annual: the statutory tables (2021 style) or the 2008-era
// narrative, from the engine's report counters; gongkai report lock.
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "client/report_xlsx.h"
#include "client/views_json.h"
#include "engine/codes.h"
#include "engine/date.h"
#include "engine/report.h"
#include "engine/strings.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

constexpr const char* kAppealHeads[] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};

std::string Percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", ratio * 100);
  return text;
}

std::string Decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::vector<int64_t> AppealRow(const AppealCounts& a) {
  return {a.upheld, a.corrected, a.other, a.pending, a.total};
}

void Table3Text(const AnnualReport& r, bool markdown, std::ostream& out) {
  if (markdown) {
    out << "| 项目 |";
    for (const char* c : client::kReportColumns) out << " " << c << " |";
    out << "\n|---|---|---|---|---|---|---|---|\n";
  } else {
    out << "项目";
    for (const char* c : client::kReportColumns) out << "\t" << c;
    out << "\n";
  }
  for (const auto& row : r.table3) {
    out << (markdown ? "| " : "") << row.label;
    for (int64_t count : row.counts) {
      out << (markdown ? " | " : "\t");
      if (!row.header) out << count;
    }
    out << (markdown ? " |\n" : "\n");
  }
}

void Table4Text(const AnnualReport& r, bool markdown, std::ostream& out) {
  const std::pair<const char*, const AppealCounts*> groups[] = {
      {"行政复议", &r.reconsideration},
      {"行政诉讼·未经复议直接起诉", &r.litigation_direct},
      {"行政诉讼·复议后起诉", &r.litigation_after_reconsideration}};
  out << (markdown ? "| 项目 |" : "项目");
  for (const char* head : kAppealHeads)
    out << (markdown ? " " : "\t") << head << (markdown ? " |" : "");
  out << (markdown ? "\n|---|---|---|---|---|---|\n" : "\n");
  for (const auto& [name, counts] : groups) {
    out << (markdown ? "| " : "") << name;
    for (int64_t value : AppealRow(*counts)) out << (markdown ? " | " : "\t") << value;
    out << (markdown ? " |\n" : "\n");
  }
}

void Extras(const AnnualReport& r, const client::ReportScope& scope, std::ostream& out) {
  if (r.closed == 0) {
    // No rate of nothing: "100% (0 of 0)" would read as a perfect year.
    out << Say("on time: no request was closed this year") << "\n";
    return;
  }
  out << Say(StrCat({"on time: ", Percent(r.on_time_rate), " (", std::to_string(r.closed - r.late),
                     " of ", std::to_string(r.closed), "); mean ", Decimal(r.mean_reply_days),
                     " working days; 90% answered within ", std::to_string(r.p90_reply_days),
                     " working days"}))
      << "\n";
  if (r.most_late_agencies.empty()) {
    out << Say("late answers: none") << "\n";
    return;
  }
  out << Say("agencies with the most late answers:");
  for (const auto& [code, late] : r.most_late_agencies) {
    const auto name = scope.names.count(code) ? scope.names.at(code) : code;
    out << " " << name << "（" << code << "）" << Say(StrCat({std::to_string(late), " late"}))
        << ";";
  }
  out << "\n";
}

void Render2021(const AnnualReport& r, const client::ReportScope& scope, bool markdown,
                std::ostream& out) {
  const std::string h = markdown ? "## " : "";
  out << h << scope.name << " " << r.year << "年度政府信息公开工作年度报告 统计表\n\n";
  out << h << "三、收到和处理政府信息公开申请情况\n\n";
  Table3Text(r, markdown, out);
  out << "\n" << h << "四、政府信息公开行政复议、行政诉讼情况\n\n";
  Table4Text(r, markdown, out);
  out << "\n"
      << Say("check:") << " 一 + 二 = 三（七）总计 + 四: " << r.received << " + " << r.carried_in
      << " = " << r.closed << " + " << r.carried_out << " "
      << Say(r.identity_holds ? "✓ holds" : "✗ DOES NOT HOLD") << "\n\n";
  Extras(r, scope, out);
}

std::string ChannelWords(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_IN_PERSON:
      return "当面受理";
    case v1::CHANNEL_REGISTERED_MAIL:
    case v1::CHANNEL_ORDINARY_MAIL:
      return "信件受理";
    case v1::CHANNEL_ONLINE:
      return "网上受理";
    case v1::CHANNEL_FAX:
      return "传真受理";
    case v1::CHANNEL_EMAIL:
      return "电子邮件受理";
    default:
      return "其他方式受理";
  }
}

void Render2008(const AnnualReport& r, const client::ReportScope& scope, std::ostream& out) {
  const std::string year = std::to_string(r.year) + "年";
  std::vector<std::pair<std::string, int64_t>> channels;
  for (const auto& [channel, count] : r.received_by_channel) {
    const std::string words = ChannelWords(channel);
    auto it = std::find_if(channels.begin(), channels.end(),
                           [&](const auto& c) { return c.first == words; });
    if (it == channels.end())
      channels.emplace_back(words, count);
    else
      it->second += count;
  }
  out << "三、政府信息依申请公开情况\n"
      << year << "，" << scope.area << "依法受理政府信息公开申请" << r.received << "条";
  for (size_t i = 0; i < channels.size(); ++i) {
    out << (i == 0 ? "，其中，" : "；") << channels[i].first << channels[i].second << "条";
  }
  out << "。";
  for (size_t i = 0; i < r.outcomes_2008.size(); ++i) {
    out << (i == 0 ? "" : "，") << r.outcomes_2008[i].first << r.outcomes_2008[i].second << "条";
  }
  if (!r.outcomes_2008.empty()) out << "。";
  if (r.replied > 0) {
    out << "各行政机关平均在" << int64_t(std::ceil(r.mean_reply_days - 1e-9))
        << "个工作日内回复（平均" << Decimal(r.mean_reply_days) << "个工作日）。";
  }
  out << "\n四、政府信息公开的收费及减免情况\n" << year << "，";
  if (r.fees_fen == 0) {
    out << scope.area << "没有对政府信息公开申请人收取费用。\n";
  } else {
    out << "共收取政府信息公开费用" << r.fees_fen / 100 << "." << (r.fees_fen % 100 < 10 ? "0" : "")
        << r.fees_fen % 100 << "元。\n";
  }
  out << "五、因政府信息公开申请行政复议、提起行政诉讼情况\n" << year << "，";
  if (r.reconsiderations_filed == 0 && r.suits_filed == 0) {
    out << "没有因政府信息公开申请提起的行政复议和行政诉讼。\n";
  } else {
    out << "因政府信息公开申请提起行政复议" << r.reconsiderations_filed << "件，行政诉讼"
        << r.suits_filed << "件。\n";
  }
}

// The words of report annual and report lock (one of them is given).
struct ReportWords {
  std::string year;
  std::optional<std::string> agency, style, format, id_key, actor, out;
  bool verify = false;
};

int RunLock(const ReportWords& w, const CommandContext& c) {
  auto year = ParseInt(w.year, "--year", kMinYear, kMaxYear);
  if (!year.ok()) return UsageFailure(year.status(), c.err);
  v1::Command command;
  command.set_idempotency_key(w.id_key.value_or(NewIdempotencyKey()));
  command.set_actor(w.actor.value_or("reporter"));
  command.mutable_report_lock()->set_year(*year);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (c.global.json) {
    c.out << nlohmann::json{{"year", *year}, {"locked", true}, {"message", Say(reply->message())}}
                 .dump()
          << "\n";
  } else {
    c.out << Say(reply->message()) << "\n";
  }
  return 0;
}

int RunAnnual(const ReportWords& w, const CommandContext& c) {
  std::ostream& out = c.out;
  auto year = ParseInt(w.year, "--year", kMinYear, kMaxYear);
  if (!year.ok()) return UsageFailure(year.status(), c.err);
  const std::string style = w.style.value_or("2021");
  std::string format = w.format.value_or("text");
  if (c.global.json) format = "json";
  if (style != "2021" && style != "2008") {
    return UsageFailure(InvalidArgumentError("--style must be 2021 or 2008"), c.err);
  }
  if (format != "text" && format != "md" && format != "csv" && format != "json" &&
      format != "xlsx") {
    return UsageFailure(InvalidArgumentError("--format must be text, md, csv, xlsx or json"),
                        c.err);
  }
  if ((format == "xlsx") != w.out.has_value()) {
    return UsageFailure(
        InvalidArgumentError(format == "xlsx" ? "--format xlsx writes a file: give --out FILE"
                                              : "--out FILE goes with --format xlsx"),
        c.err);
  }
  if (style == "2008" && (format == "csv" || format == "xlsx")) {
    return UsageFailure(
        InvalidArgumentError("the 2008 style is a narrative and has no CSV: --format csv gives "
                             "the statutory tables 三 and 四 (leave out --style 2008)"),
        c.err);
  }
  v1::Command command;
  auto* report = command.mutable_report_annual();
  report->set_year(*year);
  report->set_agency_code(w.agency.value_or(""));
  report->set_verify(w.verify);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  const std::map<std::string, int64_t> counters(reply->counters().begin(), reply->counters().end());
  const AnnualReport built = BuildAnnualReport(counters, *year);
  const client::ReportScope scope = client::ScopeOfReport(*reply, report->agency_code());
  const bool empty_year =
      built.received == 0 && built.carried_in == 0 && built.closed == 0 && built.carried_out == 0;
  if (empty_year && format != "json" && format != "csv") {
    out << Say(StrCat({scope.name, ": no requests received or handled in ", std::to_string(*year),
                       "; the tables below are all zero."}))
        << "\n\n";
  }
  if (format == "json") {
    nlohmann::json j = client::ReportJson(built);
    j["agency"] = report->agency_code();
    j["verified"] = report->verify();
    out << j.dump() << "\n";
  } else if (format == "csv") {
    out << ReportCsv(built);
  } else if (format == "xlsx") {
    const std::string title = client::ReportXlsxTitle(scope, *year);
    if (Status written = client::WriteReportXlsx(built, title, *w.out); !written.ok()) {
      return UsageFailure(written, c.err);
    }
    out << Say(StrCat({"wrote ", *w.out, " (tables 三 and 四)"})) << "\n";
  } else if (style == "2008") {
    Render2008(built, scope, out);
  } else {
    Render2021(built, scope, format == "md", out);
  }
  if (report->verify() && format != "json" && format != "csv") out << Say(reply->text()) << "\n";
  return built.identity_holds ? 0 : 3;
}

}  // namespace

void AddReportCommands(CommandLine& line) {
  auto w = std::make_shared<ReportWords>();
  CLI::App& report = line.Add(line.root(), "report");
  CLI::App& annual =
      line.Add(report, "annual", [w](const CommandContext& c) { return RunAnnual(*w, c); });
  line.Required(annual, "--year", w->year);
  line.Optional(annual, "--agency", w->agency);
  line.Optional(annual, "--style", w->style);
  line.Optional(annual, "--format", w->format);
  line.Optional(annual, "--out", w->out);
  line.Flag(annual, "--verify", w->verify);
  CLI::App& lock =
      line.Add(report, "lock", [w](const CommandContext& c) { return RunLock(*w, c); });
  line.Required(lock, "--year", w->year);
  line.Optional(lock, "--id-key", w->id_key);
  line.Optional(lock, "--actor", w->actor);
}

}  // namespace gongkai::cli
