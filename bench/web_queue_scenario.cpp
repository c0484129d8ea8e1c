// web-queue: the console's queue page as offices use it at the start of a
// day: many people logged in at once, each asking for the requests due within
// 5 working days (GET /api/v1/requests?due_within=5), through the real
// gongkai-web in front of the real gongkaid over a million requests. Every
// answer is checked (the total the engine gives for the same question, every
// row due within the window, by due date) before its time counts.
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;

const Date kToday = MakeDate(2024, 6, 3);
constexpr int kReceiptDays = 250;  // A year of receipts before today.
constexpr char kPassword[] = "bench-queue-password";
constexpr char kQueuePath[] = "/api/v1/requests?agency=210300&due_within=5&limit=50";

// A year of receipts, spread over the working days before today, none yet
// answered: about one in forty due within 5 working days, most of the rest
// overdue (2019 rule: 20 working days).
std::vector<IntakeBatch> Receipts(int64_t requests) {
  std::vector<IntakeBatch> batches;
  for (int d = kReceiptDays; d >= 1; --d) {
    const Date received = Calendar::Builtin()->AddWorkingDays(kToday, -d)->date;
    batches.push_back(
        {requests / kReceiptDays + (d <= requests % kReceiptDays ? 1 : 0), received, 0});
  }
  return batches;
}

// `requests` received over the working days of the ten years before the
// first of Receipts, each answered on the spot: the closed past an office
// keeps, which the queue must not have to read.
std::vector<IntakeBatch> History(int64_t requests) {
  const Calendar& calendar = *Calendar::Builtin();
  const Date end = calendar.AddWorkingDays(kToday, -kReceiptDays)->date;
  const Date start = end - std::chrono::days(3652);
  const int days = calendar.WorkingDaysBetween(start, end) - 1;  // The last is `end`.
  std::vector<IntakeBatch> batches;
  for (int d = 1; d <= days && requests > 0; ++d) {
    batches.push_back({requests / days + (d <= requests % days ? 1 : 0),
                       calendar.AddWorkingDays(start, d)->date, 1});
  }
  return batches;
}

// What one session saw.
struct SessionFigures {
  std::vector<double> latencies_ms;  // Of the pages asked for in the timed part.
  double first_page_ms = 0;          // Before it: every session's first page.
  std::string wrong;                 // The first wrong answer.
};

// When the timed part begins: once every session has had its first page
// (200 sessions asking at the same instant, with the gateway's and the
// engine's caches cold, measure a start, not the queue as it is used).
struct TimedPart {
  std::atomic<int64_t> warmed{0};  // Sessions that have had a first page.
  std::atomic<Clock::rep> from{std::numeric_limits<Clock::rep>::max()};
};

std::string CheckQueue(const httplib::Result& result, int64_t expected_total) {
  if (!result) return "no answer: " + httplib::to_string(result.error());
  if (result->status != 200) return "HTTP " + std::to_string(result->status) + ": " + result->body;
  const auto page = nlohmann::json::parse(result->body, nullptr, false);
  if (page.is_discarded() || !page.contains("requests")) return "not a queue page";
  if (page.value("total", int64_t(-1)) != expected_total) {
    return "total " + page["total"].dump() + ", the engine says " + std::to_string(expected_total);
  }
  std::string last_due;
  for (const auto& row : page["requests"]) {
    const int left = row.value("working_days_left", -1);
    const std::string due = row.value("due_date", "");
    if (left < 0 || left > 5 || due < last_due) return "a row out of the window or order";
    last_due = due;
  }
  return page["requests"].empty() ? "an empty first page" : "";
}

// Logs `name` in; its session cookie ("gongkai_session=..."), or "" with
// `error` set.
std::string LogIn(const std::string& host, int port, const std::string& name, std::string& error) {
  httplib::Client client(host, port);
  client.set_read_timeout(std::chrono::seconds(60));
  const nlohmann::json login{{"name", name}, {"password", kPassword}};
  auto logged = client.Post("/api/v1/login", login.dump(), "application/json");
  if (!logged || logged->status != 200) {
    error = "login of " + name +
            " failed: " + (logged ? logged->body : httplib::to_string(logged.error()));
    return "";
  }
  const std::string cookie = logged->get_header_value("Set-Cookie");
  return cookie.substr(0, cookie.find(';'));
}

// One logged-in person's browser: the queue page, again and again.
void Session(const std::string& host, int port, const std::string& cookie, int64_t expected_total,
             const std::atomic<bool>& stop, TimedPart& timed, SessionFigures& figures) {
  httplib::Client client(host, port);
  client.set_keep_alive(true);
  client.set_read_timeout(std::chrono::seconds(60));
  const httplib::Headers headers{{"Cookie", cookie}};
  for (bool first = true; !stop.load(); first = false) {
    const auto sent = Clock::now();
    auto page = client.Get(kQueuePath, headers);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
    if (std::string wrong = CheckQueue(page, expected_total); !wrong.empty()) {
      figures.wrong = wrong + " (after " + std::to_string(int64_t(ms)) + " ms)";
      ++timed.warmed;  // The scenario stops on it.
      return;
    }
    if (first) {
      figures.first_page_ms = ms;
      ++timed.warmed;
    } else if (sent.time_since_epoch().count() >= timed.from.load()) {
      figures.latencies_ms.push_back(ms);
    }
  }
}

}  // namespace

int RunWebQueueScenario(const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000},
                                        {"--history", 0},
                                        {"--sessions", 200},
                                        {"--seconds", 20},
                                        {"--people", 10}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto fail = [&err](const std::string& what) {
    err << "gongkai_bench: web-queue: " << what << "\n";
    return 1;
  };
  const std::string directory = MakeTempDirectory("gongkai-webq-");
  struct Cleanup {
    std::string directory;
    ~Cleanup() {
      RemoveTree(directory);
      std::remove((directory + ".web").c_str());
    }
  } cleanup{directory};
  std::vector<IntakeBatch> batches = History(o["--history"]);
  for (const IntakeBatch& batch : Receipts(o["--requests"])) batches.push_back(batch);
  auto populated = PopulateOrCopy(directory, kToday, batches);
  if (!populated.ok()) return fail(populated.status().message());
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), BenchDaemonArgs(directory, FormatDate(kToday)),
                    std::chrono::minutes(5), error)) {
    return fail(error);
  }
  // The gateway (a service with the delegate right) and the supervisors.
  const std::vector<std::string> as_bench{
      "--lang", "en", "--identity", IdentityPathOf(directory), "--server", daemon.endpoint()};
  auto client = [&](std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), as_bench.begin(), as_bench.end());
    return RunClient(args, input) >= 0;
  };
  const std::string web_identity = directory + ".web";
  if (!client({"user", "add", "web", "--role", "supervisor", "--agency", "210300", "--delegate",
               "--out", web_identity})) {
    return fail("gongkai user add web failed");
  }
  std::vector<std::string> people;
  for (int64_t p = 1; p <= o["--people"]; ++p) {
    people.push_back("督办" + std::to_string(p));
    const std::string identity = directory + ".person";
    if (!client({"user", "add", people.back(), "--role", "supervisor", "--agency", "210300",
                 "--out", identity}) ||
        !client({"user", "passwd", people.back(), "--password-stdin"},
                std::string(kPassword) + "\n")) {
      return fail("enrolling " + people.back() + " failed");
    }
    std::remove(identity.c_str());
  }
  // The engine's own answer to the question the page asks.
  client::EngineClient engine(ClientFor(daemon.endpoint(), std::chrono::minutes(2)));
  v1::Command list;
  list.mutable_list()->set_agency_code("210300");
  list.mutable_list()->set_due_within(5);
  list.mutable_list()->set_limit(1);
  auto answer = engine.Call(list);
  if (!answer.ok() || answer->code() != v1::STATUS_CODE_OK) return fail("the engine's list failed");
  const int64_t expected_total = answer->total();

  DaemonProcess web;
  if (!web.Start(
          GONGKAI_WEB_PATH,
          {"--engine", daemon.endpoint(), "--identity", web_identity, "--listen", "127.0.0.1:0"},
          std::chrono::minutes(1), error, "serving ")) {
    return fail(error);
  }
  const std::string url = web.endpoint();  // http://127.0.0.1:PORT/
  int port = 0;
  const size_t colon = url.rfind(':');
  if (colon == std::string::npos ||
      std::from_chars(url.data() + colon + 1, url.data() + url.size(), port).ec != std::errc()) {
    return fail("gongkai-web named no port: " + url);
  }
  // The daemon as it serves: after the checksum pass of its first minutes
  // (over 10,000,000 requests, it would share the readers' processors for
  // all of the timed part, and over 1,000,000 for a few seconds).
  if (!daemon.WaitUntilVerified(error)) return fail(error);
  // Everyone logs in first (a password check takes the engine a fraction
  // of a second, one at a time): the timed part is the queue alone.
  std::vector<std::string> cookies;
  const auto logins_started = Clock::now();
  for (int64_t s = 0; s < o["--sessions"]; ++s) {
    cookies.push_back(LogIn("127.0.0.1", port, people[size_t(s) % people.size()], error));
    if (cookies.back().empty()) return fail(error);
  }
  const double login_seconds = std::chrono::duration<double>(Clock::now() - logins_started).count();
  std::atomic<bool> stop{false};
  TimedPart timed;
  std::vector<SessionFigures> figures(cookies.size());
  std::vector<std::thread> sessions;
  const auto warm_up = Clock::now();
  for (size_t s = 0; s < figures.size(); ++s) {
    sessions.emplace_back([&, s] {
      Session("127.0.0.1", port, cookies[s], expected_total, stop, timed, figures[s]);
    });
  }
  while (timed.warmed.load() < int64_t(figures.size())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto started = Clock::now();
  timed.from.store(started.time_since_epoch().count());
  const double warm_up_seconds = std::chrono::duration<double>(started - warm_up).count();
  std::this_thread::sleep_for(std::chrono::seconds(o["--seconds"]));
  stop.store(true);
  for (auto& thread : sessions) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const long web_rss = web.PeakRssBytes(), daemon_rss = daemon.PeakRssBytes();
  web.Stop();
  daemon.Stop();
  std::vector<double> latencies;
  for (const auto& f : figures) {
    if (!f.wrong.empty()) return fail(f.wrong);
    latencies.insert(latencies.end(), f.latencies_ms.begin(), f.latencies_ms.end());
  }
  if (latencies.empty()) return fail("no queue page was answered");
  double first_page_max = 0;
  for (const auto& f : figures) first_page_max = std::max(first_page_max, f.first_page_ms);
  const double rate = double(latencies.size()) / seconds;
  const double p50 = Percentile(latencies, 50), p99 = Percentile(latencies, 99);
  out << nlohmann::json{{"scenario", "web-queue"},
                        {"requests", o["--requests"]},
                        {"history", o["--history"]},
                        {"sessions", o["--sessions"]},
                        {"matching", expected_total},
                        {"pages", latencies.size()},
                        {"login_seconds_each", login_seconds / double(cookies.size())},
                        {"first_pages_seconds", warm_up_seconds},
                        {"first_page_ms_max", first_page_max},
                        {"pages_per_second", rate},
                        {"latency_ms_p50", p50},
                        {"latency_ms_p99", p99},
                        {"latency_ms_max", latencies.back()},
                        {"web_peak_rss_bytes", web_rss},
                        {"daemon_peak_rss_bytes", daemon_rss}}
             .dump()
      << std::endl;
  err << "web-queue: " << o["--sessions"] << " sessions over " << o["--requests"]
      << " requests and " << o["--history"] << " closed ones before them (" << expected_total
      << " due within 5 working days): " << rate << " pages/s, p50 " << p50 << " ms, p99 " << p99
      << " ms\n";
  return 0;
}

}  // namespace gongkai::bench
