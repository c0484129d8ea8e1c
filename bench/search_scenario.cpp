// search: `gongkai search` over a year of a million requests with Chinese
// subjects and applicants' names (bench/populate.h): the latency of the
// first page of many different searches, asked one after the other by a
// clerk of the city (who searches names too), over tcp against the daemon.
// Every answer is checked (each row holds the text, newest first; a text no
// subject holds finds nothing), and a sample of searches is counted to the
// end and compared with a scan of every subject and name.
#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/search_text.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kYear = 2023;

struct Query {
  std::string kind;  // topic, place-topic, subject, name, absent.
  std::string text;
};

std::vector<Query> MakeQueries(int64_t requests, int64_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  const auto pick = [&](int64_t n) { return int64_t(random() % uint64_t(n)); };
  std::vector<Query> queries;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t number = pick(requests);
    switch (i % 5) {
      case 0:
        queries.push_back({"topic", kBenchTopics[pick(60)]});
        break;
      case 1:
        queries.push_back(
            {"place-topic", std::string(kBenchPlaces[pick(30)]) + kBenchTopics[pick(60)]});
        break;
      case 2: {  // A whole subject without its year.
        std::string subject = BenchSubject(number);
        const size_t year = subject.find("年");
        if (year != std::string::npos && year == 4) subject = subject.substr(year + 3);
        queries.push_back({"subject", subject});
        break;
      }
      case 3:
        queries.push_back({"name", BenchName(number)});
        break;
      default:  // Words of the subjects, never side by side in one.
        queries.push_back(
            {"absent", std::string(kBenchKinds[pick(20)]) + kBenchPlaces[pick(30)] + "量子"});
        break;
    }
  }
  return queries;
}

class Searcher {
 public:
  explicit Searcher(const std::string& endpoint) : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    Secure(socket_, endpoint);
    socket_.connect(endpoint);
  }

  // The reply, or an error text in `wrong`.
  v1::Reply Ask(const std::string& text, int limit, const std::string& cursor, std::string& wrong) {
    v1::Command command;
    command.set_actor("bench");
    command.mutable_search()->set_text(text);
    command.mutable_search()->set_year(kYear);
    command.mutable_search()->set_limit(limit);
    command.mutable_search()->set_cursor(cursor);
    const std::string body = command.SerializeAsString();
    socket_.send(zmq::message_t(), zmq::send_flags::sndmore);
    socket_.send(zmq::buffer(body), zmq::send_flags::none);
    std::vector<zmq::message_t> frames;
    (void)zmq::recv_multipart(socket_, std::back_inserter(frames));
    v1::Reply reply;
    if (frames.size() != 2 || !reply.ParseFromArray(frames[1].data(), int(frames[1].size()))) {
      wrong = "a reply that is not a Reply";
    } else if (reply.code() != v1::STATUS_CODE_OK) {
      wrong = "search '" + text + "' refused: " + reply.message();
    }
    return reply;
  }

 private:
  zmq::context_t context_{1};
  zmq::socket_t socket_;
};

// Empty when every row of `reply` holds `text` (subject or name) and the
// rows are newest receipt first.
std::string CheckRows(const v1::Reply& reply, const std::string& text) {
  const std::u32string needle = NormalizeForSearch(text);
  std::string previous = "9999-99-99";
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    if (!MatchesSearch(s.subject(), needle) && !MatchesSearch(view.applicant().name(), needle)) {
      return s.id() + " (" + s.subject() + ") does not hold '" + text + "'";
    }
    const std::string received = FormatDate(FromCivilTrusted(s.received_on()));
    if (received > previous) return "search '" + text + "' is not newest first";
    previous = received;
  }
  return "";
}

// How many requests of 0..requests-1 hold `text` in subject or name.
int64_t CountByScan(int64_t requests, const std::string& text) {
  const std::u32string needle = NormalizeForSearch(text);
  int64_t count = 0;
  for (int64_t n = 0; n < requests; ++n) {
    if (MatchesSearch(BenchSubject(n), needle) || MatchesSearch(BenchName(n), needle)) ++count;
  }
  return count;
}

// Every page of `text`, counted; -1 with `wrong` set on a wrong answer.
int64_t CountBySearch(Searcher& searcher, const std::string& text, std::string& wrong) {
  int64_t count = 0;
  std::string cursor;
  do {
    const v1::Reply reply = searcher.Ask(text, 1000, cursor, wrong);
    if (!wrong.empty()) return -1;
    if (wrong = CheckRows(reply, text); !wrong.empty()) return -1;
    count += reply.requests_size();
    cursor = reply.next_cursor();
  } while (!cursor.empty());
  return count;
}

}  // namespace

int RunSearchScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--requests", 1'000'000}, {"--queries", 2000}, {"--counted", 10}, {"--seed", 7}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  const auto fail = [&err](const std::string& what) {
    err << "gongkai_bench: search: " << what << "\n";
    return 1;
  };
  // The report's year (every third request answered on the spot: search
  // does not look at outcomes), so that one kept copy serves both.
  auto directory = PopulateYear(kYear, o["--requests"], 3, "gongkai-search-");
  if (!directory.ok()) return fail(directory.status().message());
  struct Cleanup {
    std::string directory;
    ~Cleanup() { RemoveTree(directory); }
  } cleanup{*directory};
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), BenchDaemonArgs(*directory, std::to_string(kYear) + "-12-31"),
                    std::chrono::minutes(5), error) ||
      !daemon.WaitUntilVerified(error)) {  // The daemon as it serves.
    return fail(error);
  }
  Searcher searcher(daemon.endpoint());
  const std::vector<Query> queries =
      MakeQueries(o["--requests"], o["--queries"], uint64_t(o["--seed"]));
  std::map<std::string, std::vector<double>> by_kind;
  std::vector<double> all;
  for (const Query& query : queries) {
    std::string wrong;
    const auto start = Clock::now();
    const v1::Reply reply = searcher.Ask(query.text, 0, "", wrong);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (wrong.empty()) wrong = CheckRows(reply, query.text);
    if (wrong.empty() && query.kind == "absent" && reply.requests_size() != 0) {
      wrong = "'" + query.text + "' holds words no subject has side by side, yet it was found";
    }
    if (wrong.empty() && query.kind != "absent" && reply.requests_size() == 0) {
      wrong = "'" + query.text + "' (" + query.kind + ") found nothing";
    }
    if (!wrong.empty()) return fail(wrong);
    by_kind[query.kind].push_back(ms);
    all.push_back(ms);
  }
  // A sample counted to the end, against a scan of every request.
  for (int64_t i = 0; i < o["--counted"] && i < int64_t(queries.size()); ++i) {
    const Query& query = queries[size_t(i * 7 % int64_t(queries.size()))];
    std::string wrong;
    const int64_t found = CountBySearch(searcher, query.text, wrong);
    if (!wrong.empty()) return fail(wrong);
    const int64_t expected = CountByScan(o["--requests"], query.text);
    if (found != expected) {
      return fail("'" + query.text + "' found " + std::to_string(found) + " requests, a scan " +
                  std::to_string(expected));
    }
  }
  const double p50 = Percentile(all, 50), p99 = Percentile(all, 99);
  const double max = *std::max_element(all.begin(), all.end());
  nlohmann::json kinds;
  for (auto& [kind, values] : by_kind) {
    kinds[kind] = {{"queries", values.size()},
                   {"p50_ms", Percentile(values, 50)},
                   {"p99_ms", Percentile(values, 99)}};
  }
  out << nlohmann::json{{"scenario", "search"},  {"requests", o["--requests"]},
                        {"queries", all.size()}, {"p50_ms", p50},
                        {"p99_ms", p99},         {"max_ms", max},
                        {"by_kind", kinds},      {"counted", o["--counted"]},
                        {"target_p99_ms", 50},   {"rss_peak_bytes", daemon.PeakRssBytes()}}
             .dump()
      << "\n";
  err << "search over " << o["--requests"] << " requests: " << all.size()
      << " searches, first page p50 " << p50 << " ms, p99 " << p99 << " ms, max " << max
      << " ms (target p99 <= 50 ms); " << o["--counted"]
      << " counted to the end agree with a scan\n";
  return 0;
}

}  // namespace gongkai::bench
