#include "cli/command_docs.h"

#include <array>
#include <utility>

#include "cli/command_docs_zh.h"
#include "cli/language.h"
#include "engine/codes.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

constexpr std::string_view kOffline = "offline (no engine needed):";
constexpr std::string_view kOfficers =
    "clerks and officers (the engine at --server, default $GONGKAI_SERVER or "
    "tcp://127.0.0.1:7501):";
constexpr std::string_view kSupervisors = "supervisors:";
constexpr std::string_view kReporters = "reporters:";
constexpr std::string_view kOperators = "operators:";
constexpr std::string_view kHistory = "history:";

// The words of an event command, added to its own options.
constexpr OptionDoc kId{"ID", "",
                        "the request's id, e.g. 210321-2012-000001; 2012-1 is request 1 of 2012 "
                        "of your own agency, and the zeros may be left out (210321-2012-1)"};
constexpr OptionDoc kOn{"--on", "DATE",
                        "the day it happened, YYYY-MM-DD (default: the engine's today)"};

// Described once for every command that has them.
const std::vector<OptionDoc>& SharedOptions() {
  static const std::vector<OptionDoc> options = {
      {"-h,--help", "", "print this help and exit"},
      {"--json", "", "print JSON instead of text (also accepted before the command)"},
      {"--lang", "zh|en",
       "the language of messages, tables and help (also accepted before the command)"},
      {"--id-key", "KEY",
       "the change's idempotency key: sent again with the same key, it is applied once "
       "(default: a new random key)"},
      {"--actor", "NAME", "ignored: the engine records who you are from your identity"},
      {"--calendar", "FILE",
       "a calendar file (engine/calendar.h) loaded over the builtin 2007-2026 one; later "
       "files over earlier ones"},
      kId,
      kOn,
  };
  return options;
}

const std::vector<CommandDoc>& Docs() {
  static const std::vector<CommandDoc> docs = {
      {"",
       "",
       "The client of the gongkai engine (gongkaid) for clerks, officers, supervisors, reporters "
       "and operators, and the working-day calendar offline. Exit codes: 0 ok, 2 usage or bad "
       "input (nothing sent), 3 refused by the engine (the message names the rule), 4 engine "
       "unreachable.",
       "gongkai --server tcp://127.0.0.1:7501 list --agency 210300 --status overdue",
       {{"--server", "ENDPOINT",
         "the engine's command endpoint (default: $GONGKAI_SERVER, else the identity's, else "
         "tcp://127.0.0.1:7501)"},
        {"--identity", "FILE",
         "your identity file, from an operator (default: $GONGKAI_IDENTITY, else "
         "~/.config/gongkai/identity)"},
        {"--on-behalf-of", "NAME",
         "for a service with the delegate right (the web console): send the command for this "
         "person, whose roles and scope the engine checks"},
        {"--timeout", "MS",
         "how long to wait for the engine to answer the connection (an engine not reached "
         "in that time is reported at once, exit code 4) and then for the first try's reply, "
         "in milliseconds, 1 to 600000 (default 3000; the reply wait doubles at each retry)"},
        {"--attempts", "N",
         "how many times a command is sent, with the same idempotency key, before the engine is "
         "taken as unreachable (exit code 4), 1 to 100 (default 4)"},
        {"--json", "", "print JSON instead of text (also accepted after the command)"},
        {"--lang", "zh|en",
         "the language of messages, tables and help: zh, Simplified Chinese, or en, English "
         "(default: en when the first of LC_ALL, LC_MESSAGES and LANG that is set starts with en, "
         "else zh); codes in JSON stay the English words"},
        {"--version", "", "print the version and exit"}}},
      {"help",
       "",
       "Prints the help of gongkai, or of the command named.",
       "gongkai help calendar add",
       {{"COMMAND", "", "a command, and its subcommand if it has some"}}},

      // --- offline -----------------------------------------------------------
      {"calendar",
       "",
       "Working days by China's holiday calendar, make-up working days included (offline), "
       "and loading a new holiday notice into the running engine.",
       "gongkai calendar add 2012-09-28 15",
       {}},
      {"calendar is-workday",
       kOffline,
       "Whether DATE is a working day: prints yes or no, with a note on stderr when no holiday "
       "notice of its year is loaded (the weekday rule alone is then applied).",
       "gongkai calendar is-workday 2012-09-29",
       {{"DATE", "", "a date, YYYY-MM-DD"}}},
      {"calendar add",
       kOffline,
       "The date N working days after DATE (before it when N is negative).",
       "gongkai calendar add 2012-09-28 15",
       {{"DATE", "", "the date counted from, YYYY-MM-DD"},
        {"N", "", "the working days to add, -10000 to 10000"}}},
      {"calendar between",
       kOffline,
       "The number of working days after A up to B (negative when B is before A).",
       "gongkai calendar between 2012-09-28 2012-10-25",
       {{"A", "", "the first date, YYYY-MM-DD (not counted)"},
        {"B", "", "the last date, YYYY-MM-DD"}}},
      {"calendar check",
       kOffline,
       "Checks a calendar file without loading it: its format, and that each year it arranges "
       "has 240 to 260 working days and no more than 10 days off in a row.",
       "gongkai calendar check notice-2027.cal",
       {{"FILE", "", "the calendar file (format: engine/calendar.h)"},
        {"--json", "", "accepted; the answer is text"}}},
      {"deadline",
       kOffline,
       "The due date the engine would compute for a request with the history the options "
       "describe, and why: that history goes through the engine's own rules.",
       "gongkai deadline --received 2012-09-28 --consultation 2012-10-08:2012-10-19",
       {{"--received", "DATE", "the day the request was received"},
        {"--regime", "2008|2019",
         "the Regulations whose periods apply (default: by the receipt date, 2008 before "
         "2019-05-15)"},
        {"--consultation", "FROM:TO",
         "a third party consulted from FROM to TO (dates); overlapping consultations count once"},
        {"--correction-received", "DATE",
         "the day a corrected request came back (the correction asked on the day of receipt); "
         "the period restarts from it"},
        {"--extension", "DAYS",
         "an approved extension, 1 to 40 working days (the regime allows 15 or 20)"}}},

      // --- clerks and officers -------------------------------------------------
      {"intake",
       kOfficers,
       "Registers a request received; prints its id and due date.",
       "gongkai intake --agency 210321 --channel in_person --received 2012-09-28 "
       "--applicant-type natural_person --applicant 王小明 --subject 城区道路维修经费",
       {{"--agency", "CODE", "the agency that received it, a code of deploy/agencies"},
        {"--channel", "CHANNEL", "how it was received: {channel}"},
        {"--received", "DATE", "the day it was received, YYYY-MM-DD"},
        {"--applicant-type", "TYPE", "who asks: {applicant_type}"},
        {"--applicant", "NAME",
         "the applicant's name (personal data: shown only to clerks, officers, heads and auditors "
         "in scope)"},
        {"--subject", "TEXT", "the information asked for"},
        {"--contact", "TEXT", "how to reach the applicant (personal data)"},
        {"--id-number", "TEXT", "the applicant's identity document number (personal data)"},
        {"--phone", "TEXT", "the applicant's telephone number (personal data)"},
        {"--address", "TEXT", "the applicant's address (personal data)"},
        {"--on-the-spot", "OUTCOME", "answered at the counter on the day, with: {outcome}"}}},
      {"amend",
       kOfficers,
       "Corrects a mistake made at intake, before any decision: the subject, the channel, the "
       "applicant type, the applicant's data or the receipt date. The engine records an event "
       "with what changed and the reason (never the applicant's data, which only those who may "
       "see them read with show); a new receipt date moves the due date, printed with how it is "
       "reached. Refused once the request is decided, answered on the spot, withdrawn or lapsed; "
       "a receipt date in another year (the id holds the year) means withdrawing the request and "
       "registering it anew. Clerks, officers and heads of the request's agency may amend.",
       "gongkai amend 210321-2012-000001 --received 2012-09-27 --channel registered_mail "
       "--reason 挂号信签收日登记错误",
       {{"--subject", "TEXT", "the information asked for, as it should have been registered"},
        {"--channel", "CHANNEL", "how it was received: {channel}"},
        {"--applicant-type", "TYPE", "who asks: {applicant_type}"},
        {"--received", "DATE",
         "the legal receipt date (2019 Art. 31), YYYY-MM-DD: in the same year, not after today, "
         "and on or before every event already recorded"},
        {"--applicant", "NAME", "the applicant's name (personal data)"},
        {"--id-number", "TEXT",
         "the applicant's identity document number (personal data; an empty value clears it)"},
        {"--phone", "TEXT", "the applicant's telephone number (personal data; empty clears it)"},
        {"--address", "TEXT", "the applicant's address (personal data; empty clears it)"},
        {"--contact", "TEXT", "how to reach the applicant (personal data; empty clears it)"},
        {"--reason", "TEXT", "why the intake is amended, kept with the event"}}},
      {"correction-request",
       kOfficers,
       "Asks the applicant to correct an unclear request (补正): the period waits for the "
       "corrected request.",
       "gongkai correction-request 210321-2012-000001 --on 2012-10-08 --window 10",
       {{"--window", "DAYS",
         "the working days the applicant has to correct it, 1 to 60 (default: the engine's "
         "setting)"}}},
      {"correction-receive",
       kOfficers,
       "The corrected request came back: the period restarts from this day.",
       "gongkai correction-receive 210321-2012-000001 --on 2012-10-12",
       {}},
      {"correction-lapse",
       kOfficers,
       "No correction came within its window: the request is closed.",
       "gongkai correction-lapse 210321-2012-000001 --on 2012-10-23",
       {}},
      {"consult-start",
       kOfficers,
       "A third party is consulted (征求第三方意见): its days do not count.",
       "gongkai consult-start 210321-2012-000001 --on 2012-10-08 --party 市规划局",
       {{"--party", "NAME",
         "the party consulted (the engine refuses a consultation without one: several may run "
         "at once)"}}},
      {"consult-end",
       kOfficers,
       "A consultation ended: the period runs again.",
       "gongkai consult-end 210321-2012-000001 --on 2012-10-19 --party 市规划局",
       {{"--party", "NAME", "whose consultation ended (needed when several are under way)"}}},
      {"extend",
       kOfficers,
       "An extension of the period approved (延长答复期限), once per request, on or before the "
       "due date. Only a head (the role) may send it: the approver recorded is the sender.",
       "gongkai extend 210321-2012-000001 --on 2012-10-22 --days 15",
       {{"--approved-by", "NAME", "ignored: the approver is the head who sends it"},
        {"--days", "N", "the working days added, 1 to 40 (default: all the regime allows)"}}},
      {"fee-notice",
       kOfficers,
       "A fee notice issued (收费通知): the period waits for the payment.",
       "gongkai fee-notice 210321-2012-000001 --on 2012-10-08 --amount 12.50",
       {{"--amount", "YUAN", "the fee in yuan, at most two decimals, e.g. 12.50"}}},
      {"fee-paid",
       kOfficers,
       "The fee was paid (within 20 working days of its notice): the period runs again.",
       "gongkai fee-paid 210321-2012-000001 --on 2012-10-15",
       {}},
      {"fee-lapse",
       kOfficers,
       "The fee was not paid within 20 working days: the request is closed.",
       "gongkai fee-lapse 210321-2012-000001 --on 2012-11-06",
       {}},
      {"decide",
       kOfficers,
       "The decision on the request (答复).",
       "gongkai decide 210321-2012-000001 --on 2012-10-25 --outcome granted",
       {{"--outcome", "CODE", "the outcome: {outcome}"},
        {"--note", "TEXT", "a note kept with the decision"}}},
      {"deliver",
       kOfficers,
       "The decision was delivered to the applicant.",
       "gongkai deliver 210321-2012-000001 --on 2012-10-26",
       {}},
      {"withdraw",
       kOfficers,
       "The applicant withdrew the request.",
       "gongkai withdraw 210321-2012-000001 --on 2012-10-10",
       {}},
      {"appeal",
       kOfficers,
       "An appeal against the decision was filed.",
       "gongkai appeal 210321-2012-000001 --on 2012-11-20 --kind reconsideration",
       {{"--kind", "KIND", "the kind of appeal: {appeal_kind}"}}},
      {"appeal-resolve",
       kOfficers,
       "The result of an appeal.",
       "gongkai appeal-resolve 210321-2012-000001 --on 2013-01-15 --result upheld",
       {{"--result", "RESULT", "the result: {appeal_result}"},
        {"--kind", "KIND", "which appeal, when several are pending: {appeal_kind}"}}},
      {"agencies",
       kOfficers,
       "The agencies of your scope, code and name (anyone enrolled). Wherever a command takes "
       "--agency, the code, the name or an unambiguous part of the name will do (铁东区).",
       "gongkai agencies --tree",
       {{"--tree", "", "indent each agency under its parent"}}},
      {"show",
       kOfficers,
       "One request: its status, due date and why, its stops and its events.",
       "gongkai show 210321-2012-000001",
       {}},
      {"list",
       kOfficers,
       "Requests by due date, one a line: id, agency, status, received, due date, working "
       "days left or overdue, subject; then how many matched (and how many are shown when "
       "--limit cut the list).",
       "gongkai list --agency 铁东区 --due-within 5",
       {{"--agency", "CODE", "only the requests of this agency and of those under it"},
        {"--status", "open|closed|overdue|due-soon",
         "only the requests in this state (due-soon: within the engine's due-soon days)"},
        {"--due-within", "N",
         "only open requests due from today through N working days ahead, not yet overdue "
         "(5: this week's), 1 to 400"},
        {"--due-before", "DATE", "only open requests due on or before DATE"},
        {"--overdue", "", "only open requests past their due date"},
        {"--year", "YEAR", "only the requests received in YEAR"},
        {"--limit", "N", "at most N requests, 1 to 10000 (default 50)"},
        {"--format", "text|csv|json",
         "text, CSV for Excel (UTF-8 with a byte order mark, RFC 4180) or JSON (default text)"}}},
      {"search",
       kOfficers,
       "Finds requests whose subject contains TEXT, or whose applicant's name does (for "
       "clerks, officers, heads and auditors, who may see it), newest first, within your "
       "scope. Spaces, punctuation and letter case do not count; TEXT needs two characters "
       "at least.",
       "gongkai search 规划许可 --agency 铁东区 --year 2012",
       {{"TEXT", "", "the words to find, e.g. part of a subject or an applicant's name"},
        {"--agency", "CODE", "only the requests of this agency and of those under it"},
        {"--year", "YEAR", "only the requests received in YEAR"},
        {"--limit", "N", "at most N requests, 1 to 10000 (default 50)"},
        {"--cursor", "CURSOR", "the page after the one that printed this cursor"}}},
      {"reminders",
       kOfficers,
       "The officers' reminders (correction_not_asked, third_party_overdue) of an agency and "
       "those under it, numbered from 1.",
       "gongkai reminders --agency 210300 --follow",
       {{"--agency", "CODE", "the agency; its subtree is included"},
        {"--since", "SEQ", "only the reminders numbered after SEQ (default 0: all)"},
        {"--follow", "",
         "keep printing new reminders as they come, until interrupted; an engine that is down is "
         "waited for"},
        {"--limit", "N", "stop after N reminders, 1 to 1000000"}}},

      // --- supervisors -----------------------------------------------------------
      {"alerts",
       kSupervisors,
       "The supervisors' alerts (due_soon, due_today, overdue, very_overdue) of an agency and "
       "those under it, numbered from 1.",
       "gongkai alerts --agency 210300 --since 12 --follow",
       {{"--agency", "CODE", "the agency; its subtree is included"},
        {"--since", "SEQ", "only the alerts numbered after SEQ (default 0: all)"},
        {"--follow", "",
         "keep printing new alerts as they are raised, until interrupted; an engine that is down "
         "is waited for"},
        {"--limit", "N", "stop after N alerts, 1 to 1000000"}}},
      {"alerts ack",
       kSupervisors,
       "Acknowledges an alert.",
       "gongkai alerts ack 12 --note 已督办",
       {{"SEQ", "", "the alert's number"},
        {"--note", "TEXT", "a note kept with the acknowledgement"},
        {"--actor", "NAME",
         "accepted for old scripts and ignored: the engine records who sent it"}}},
      {"overdue",
       kSupervisors,
       "The overdue requests of an agency and those under it, with their alerts.",
       "gongkai overdue --agency 210300",
       {{"--agency", "CODE", "the agency; its subtree is included"}}},

      // --- reporters -------------------------------------------------------------
      {"report",
       "",
       "The yearly statistics each government publishes, and the lock that keeps them as "
       "published.",
       "gongkai report annual --year 2012 --agency 210300",
       {}},
      {"report annual",
       kReporters,
       "A year's statistics from the engine's counters: the 2021 statutory tables, or the "
       "2008-era narrative. Exit code 3 when the tables do not add up.",
       "gongkai report annual --year 2012 --agency 210300 --style 2008",
       {{"--year", "YEAR", "the year reported"},
        {"--agency", "CODE", "only this agency and those under it (default: every agency)"},
        {"--style", "2021|2008", "the 2021 tables or the 2008 narrative (default 2021)"},
        {"--format", "text|md|csv|xlsx|json",
         "text, Markdown, CSV, Excel or JSON (default text; --json is json). The CSV opens in "
         "Excel: UTF-8 with a byte order mark, RFC 4180, table 三, an empty line, table 四; xlsx "
         "lays both tables out as the statutory form; the 2008 style has neither"},
        {"--out", "FILE", "where --format xlsx writes the workbook"},
        {"--verify", "",
         "check the stored counters against the event log first (a difference is refused, "
         "naming the counter)"}}},
      {"report lock",
       kReporters,
       "Locks a past year: its figures stay as published (a calendar load no longer changes "
       "them) and no event dated in it is accepted.",
       "gongkai report lock --year 2012",
       {{"--year", "YEAR", "the year to lock"},
        {"--actor", "NAME",
         "accepted for old scripts and ignored: the engine records who sent it"}}},

      // --- operators -------------------------------------------------------------
      {"clock", "", "The engine's clock and settings.", "gongkai clock show", {}},
      {"clock show",
       kOperators,
       "Today by the engine's clock, and the engine's settings.",
       "gongkai clock show",
       {}},
      {"clock advance",
       kOperators,
       "Moves a manual clock forward (a system clock refuses): what comes due meanwhile is "
       "raised.",
       "gongkai clock advance --to 2012-10-26",
       {{"--to", "DATE", "the new today, YYYY-MM-DD"}}},
      {"calendar load",
       kOperators,
       "Loads a calendar file into the running engine: open requests' due dates, and closed "
       "ones' figures in years not locked, are recomputed; prints the requests it changed.",
       "gongkai calendar load --dry-run notice-2027.cal",
       {{"FILE", "", "the calendar file (format: engine/calendar.h)"},
        {"--dry-run", "", "print what the load would change, and change nothing"},
        {"--actor", "NAME", "who loads it (default: operator)"}}},
      {"admin", "", "Checks and backups of the engine's data.", "gongkai admin verify", {}},
      {"admin verify",
       kOperators,
       "Replays every request's events and recounts the report counters; prints what differs.",
       "gongkai admin verify",
       {}},
      {"admin backup",
       kOperators,
       "The engine copies its database, consistently and while it goes on serving, into DIR on "
       "its own machine (hard links when DIR is on the data's disk: copy it elsewhere "
       "afterwards), mode 0700: it holds applicants' personal data and the engine's secret key. "
       "Prints where it is and how many requests it holds. Sent once and awaited up to an hour; "
       "the engine's log says when it ends. Restore with gongkaid restore --from DIR --data NEW, "
       "then gongkai admin verify.",
       "gongkai admin backup /var/backups/gongkai/2027-01-04",
       {{"DIR", "",
         "an absolute path on the engine's machine that does not exist yet, in a directory that "
         "does and that the engine's service account can write into"}}},

      {"user",
       "",
       "The people and services the engine knows, their roles and scope.",
       "gongkai user list",
       {}},
      {"user add",
       kOperators,
       "Enrols a person (or a service) with roles over an agency and those under it, and writes "
       "their identity file: their key pair, the engine's public key and endpoint.",
       "gongkai user add 张三 --role clerk,officer --agency 210302 --out 张三.identity",
       {{"NAME", "", "the person's name, as it is recorded with what they do"},
        {"--role", "ROLE[,ROLE...]",
         "clerk, officer, head, supervisor, reporter, auditor, operator, scheduler"},
        {"--agency", "CODE", "the scope: this agency and those under it"},
        {"--out", "FILE", "the identity file to write, mode 0600 (default: NAME.identity)"},
        {"--delegate", "",
         "a service that may act on behalf of people (the web console), their rights checked"}}},
      {"user list",
       kOperators,
       "The people and services enrolled in your scope.",
       "gongkai user list",
       {}},
      {"user grant",
       kOperators,
       "Replaces a person's roles or scope (or both).",
       "gongkai user grant 张三 --role officer,head",
       {{"NAME", "", "the person"},
        {"--role", "ROLE[,ROLE...]", "the new roles"},
        {"--agency", "CODE", "the new scope"}}},
      {"user revoke",
       kOperators,
       "Revokes a person: the next message from their key is refused.",
       "gongkai user revoke 张三",
       {{"NAME", "", "the person"}}},
      {"user rotate",
       kOperators,
       "Gives a person a new key pair and identity file; the old key is refused from now on.",
       "gongkai user rotate 张三 --out 张三-2.identity",
       {{"NAME", "", "the person"},
        {"--out", "FILE", "the new identity file (default: NAME.identity)"}}},
      {"user passwd",
       kOperators,
       "Sets a person's password for the web console (gongkai-web), replacing any earlier one. "
       "Asked twice on the terminal without echo, or read as one line of standard input "
       "(--password-stdin); at least 8 characters. Only its Argon2id hash, made here, goes to "
       "the engine, which never shows it, logs it or audits it. Operators of the person's scope "
       "may set it; services with the delegate right have none. The person logs in with their "
       "name and this password; a revoked person cannot.",
       "gongkai user passwd 张三",
       {{"NAME", "", "the person"},
        {"--password-stdin", "",
         "read the password from standard input (one line) instead of asking on the "
         "terminal"}}},
      {"applicant",
       "",
       "The applicants' personal data.",
       "gongkai applicant erase ID --reason ...",
       {}},
      {"applicant erase",
       kOperators,
       "Replaces a request's applicant data (name, ID number, phone, address, contact) with "
       "已删除, recording an event; the request, its history and the statistics stay.",
       "gongkai applicant erase 210300-2012-000001 --reason 申请人要求删除",
       {{"ID", "", "the request's id"}, {"--reason", "TEXT", "why, kept with the event"}}},
      {"audit",
       "auditors:",
       "Every command accepted or refused in your scope: who, what, when, the result.",
       "gongkai audit --agency 210302 --since 2012-10-01 --who 张三",
       {{"--agency", "CODE",
         "only commands about this agency and those under it (default: your scope)"},
        {"--since", "DATE", "only from this day of the engine's clock on"},
        {"--who", "NAME", "only this person's commands"},
        {"--limit", "N", "at most N records, 1 to 1000000 (default 1000)"}}},

      // --- history ---------------------------------------------------------------
      {"generate",
       kHistory,
       "Writes a year of requests as replay lines (JSONL), the same for the same seed.",
       "gongkai generate --year 2012 --seed 2012 --out var/2012.jsonl",
       {{"--year", "YEAR", "the year generated (default 2012)"},
        {"--seed", "N", "the random seed, 0 to 2000000000 (default 1)"},
        {"--profile", "anshan2012|full",
         "anshan2012: the seed's city in 2012; full: every outcome, kind of applicant, fee and "
         "appeal (default anshan2012)"},
        {"--out", "FILE", "the file written (default: standard output)"},
        {"--json", "", "accepted; the lines are JSON in any case"}}},
      {"replay",
       kHistory,
       "Feeds a history into the engine line by line, advancing a manual clock to each line's "
       "date; replaying the same file again changes nothing.",
       "gongkai replay var/2012.jsonl",
       {{"FILE.jsonl", "", "the history (the format of gongkai generate)"}}},
  };
  return docs;
}

// The English table with the Chinese of command_docs_zh.cpp laid over it.
const std::vector<CommandDoc>& ZhDocs() {
  static const std::vector<CommandDoc> docs = [] {
    std::vector<CommandDoc> translated = Docs();
    for (CommandDoc& doc : translated) {
      doc.section = ZhSection(doc.section);
      for (const ZhCommandDoc& zh : ZhCommandDocs()) {
        if (zh.path != doc.path) continue;
        doc.description = zh.description;
        for (OptionDoc& option : doc.options) {
          for (const auto& [name, description] : zh.options) {
            if (name == option.name) option.description = description;
          }
        }
      }
    }
    return translated;
  }();
  return docs;
}

const std::vector<OptionDoc>& ZhSharedOptionDocs() {
  static const std::vector<OptionDoc> options = [] {
    std::vector<OptionDoc> translated = SharedOptions();
    for (OptionDoc& option : translated) {
      for (const auto& [name, description] : ZhSharedOptions()) {
        if (name == option.name) option.description = description;
      }
    }
    return translated;
  }();
  return options;
}

const std::vector<OptionDoc>& Shared(Lang lang) {
  return lang == Lang::kZh ? ZhSharedOptionDocs() : SharedOptions();
}

}  // namespace

const std::vector<CommandDoc>& CommandDocs(Lang lang) {
  return lang == Lang::kZh ? ZhDocs() : Docs();
}

const std::vector<CommandDoc>& CommandDocs() { return CommandDocs(UserLang()); }

std::vector<std::string> MissingChinese() {
  std::vector<std::string> missing;
  for (const CommandDoc& doc : Docs()) {
    const ZhCommandDoc* zh = nullptr;
    for (const ZhCommandDoc& candidate : ZhCommandDocs()) {
      if (candidate.path == doc.path) zh = &candidate;
    }
    if (zh == nullptr) {
      missing.push_back(StrCat({"'", doc.path, "'"}));
      continue;
    }
    for (const OptionDoc& option : doc.options) {
      bool found = false;
      for (const auto& [name, description] : zh->options) found = found || name == option.name;
      if (!found) missing.push_back(StrCat({"'", doc.path, "' ", option.name}));
    }
  }
  for (const OptionDoc& option : SharedOptions()) {
    bool found = false;
    for (const auto& [name, description] : ZhSharedOptions()) found = found || name == option.name;
    if (!found) missing.push_back(StrCat({"shared ", option.name}));
  }
  return missing;
}

const CommandDoc* FindCommandDoc(std::string_view path) {
  for (const CommandDoc& doc : CommandDocs()) {
    if (doc.path == path) return &doc;
  }
  return nullptr;
}

const OptionDoc* FindOptionDoc(std::string_view path, std::string_view name) {
  if (const CommandDoc* command = FindCommandDoc(path)) {
    for (const OptionDoc& option : command->options) {
      if (option.name == name) return &option;
    }
  }
  for (const OptionDoc& option : Shared(UserLang())) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

bool IsCommonOption(std::string_view name) {
  return name == "-h,--help" || name == "--help" || name == "--json" || name == "--lang" ||
         name == "--id-key" || name == "--actor";
}

const HelpWords& Words() {
  if (UserLang() == Lang::kZh) return ZhWords();
  static const HelpWords words{
      "usage:",
      "arguments:",
      "options:",
      "options (before the command; --json also after it):",
      "commands:",
      "example:",
      "; repeatable",
      " (required)",
      "Every command accepts --json, --lang and --help; every change --id-key KEY and --actor "
      "NAME.",
      "gongkai COMMAND --help (or gongkai help COMMAND) describes a command and its options.",
  };
  return words;
}

std::string ExpandCodes(std::string_view text) {
  auto join = [](const std::vector<std::string>& codes) {
    std::string joined;
    for (const auto& code : codes) joined += (joined.empty() ? "" : ", ") + code;
    return joined;
  };
  if (text.find('{') == std::string_view::npos) return std::string(text);
  static const std::array<std::pair<std::string_view, std::string>, 5> lists = {{
      {"{channel}", join(AllCodes<v1::Channel>())},
      {"{applicant_type}", join(AllCodes<v1::ApplicantType>())},
      {"{outcome}", join(AllCodes<v1::Outcome>())},
      {"{appeal_kind}", join(AllCodes<v1::AppealKind>())},
      {"{appeal_result}", join(AllCodes<v1::AppealResult>())},
  }};
  std::string expanded(text);
  for (const auto& [key, codes] : lists) {
    for (size_t at = expanded.find(key); at != std::string::npos; at = expanded.find(key, at)) {
      expanded.replace(at, key.size(), codes);
      at += codes.size();
    }
  }
  return expanded;
}

}  // namespace gongkai::cli
