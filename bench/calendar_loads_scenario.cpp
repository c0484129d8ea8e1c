// calendar-loads: the same calendar notice loaded again and again. A load
// that changes nothing is not kept as a new calendar generation
// (workers/calendar_history.h), so neither the daemon's memory nor its
// restart time should grow with the number of loads.
#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "bench_identity.h"
#include "client/engine_client.h"
#include "daemon_process.h"
#include "engine/keys.h"
#include "engine/store/rocks_store.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

// The requests are received on the clock's day, 2026-12-21, so that their
// due dates (20 working days, 2019 rule) fall in 2027, a year the builtin
// calendar has no notice for: 12-22..31 (8), then by the weekday rule
// 2027-01-01 (9), 01-04..08 (14), 01-11..15 (19), 01-18 (20).
const Date kToday = MakeDate(2026, 12, 21);

// A plausible notice for 2027 (gongkai calendar check accepts it): the
// seven holidays, with make-up working days. 2027 has 261 weekdays; 18 of
// them are off (元旦 1, 春节 6, 清明节 1, 劳动节 3, 端午节 1, 中秋节 1, 国庆节 5)
// and 5 weekend days are worked: 248 working days. With it the requests
// above are due 2027-01-19 (01-01 is off): the first load moves them all.
constexpr const char* kNotice2027 =
    "gongkai-calendar 1\n"
    "announced 2027\n"
    "2027-01-01..2027-01-03 off 元旦\n"
    "2027-02-05..2027-02-13 off 春节\n"
    "2027-02-20 work 春节\n"
    "2027-04-03..2027-04-05 off 清明节\n"
    "2027-04-25 work 劳动节\n"
    "2027-05-01..2027-05-05 off 劳动节\n"
    "2027-05-08 work 劳动节\n"
    "2027-06-09 off 端午节\n"
    "2027-09-15 off 中秋节\n"
    "2027-09-26 work 国庆节\n"
    "2027-10-01..2027-10-07 off 国庆节\n"
    "2027-10-09 work 国庆节\n";
constexpr const char* kSource = "2027.cal";

v1::Command LoadCommand(const std::string& key) {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("bench");
  command.mutable_calendar_load()->set_calendar_text(kNotice2027);
  command.mutable_calendar_load()->set_source(kSource);
  return command;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// Starts and stops the daemon `times` times (the last start is left running
// in `daemon`); the median time from start to its ready line.
StatusOr<double> TimeRestarts(DaemonProcess& daemon, const std::vector<std::string>& args,
                              int64_t times) {
  std::vector<double> seconds;
  for (int64_t i = 0; i < times; ++i) {
    if (i > 0) daemon.Stop();
    std::string error;
    if (!daemon.Start(DaemonPath(), args, std::chrono::minutes(2), error)) {
      return UnavailableError(error);
    }
    seconds.push_back(daemon.startup().count());
  }
  return Median(seconds);
}

// The calendar loads stored in `directory` (the daemon stopped).
StatusOr<int64_t> StoredLoads(const std::string& directory) {
  auto store = RocksStore::Open(directory);
  if (!store.ok()) return store.status();
  int64_t count = 0;
  GONGKAI_RETURN_IF_ERROR((*store)->Scan(Table::kMeta, kMetaCalendarPrefix, "",
                                         [&count](std::string_view, std::string_view) {
                                           ++count;
                                           return true;
                                         }));
  return count;
}

}  // namespace

int RunCalendarLoadsScenario(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--loads", 10000}, {"--requests", 10000}, {"--restarts", 3}, {"--window", 16}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto fail = [&err](const std::string& what) {
    err << "gongkai_bench: calendar-loads: " << what << "\n";
    return 1;
  };
  const int64_t requests = o["--requests"];
  const std::string directory = MakeTempDirectory("gongkai-calloads-");
  struct Cleanup {
    std::string directory;
    ~Cleanup() { RemoveTree(directory); }
  } cleanup{directory};
  auto populated = Populate(directory, kToday, {{requests, kToday}});
  if (!populated.ok()) return fail(populated.status().message());
  const std::vector<std::string> daemon_args = BenchDaemonArgs(directory, FormatDate(kToday));

  // The first load: a new generation that moves every due date.
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), daemon_args, std::chrono::minutes(2), error)) return fail(error);
  client::EngineClient client(ClientFor(daemon.endpoint(), std::chrono::seconds(120)));
  auto first = client.Call(LoadCommand("first-load"));
  if (!first.ok() || first->code() != v1::STATUS_CODE_OK ||
      first->calendar_changes_size() != requests) {
    return fail("the first load did not move the due dates of the " + std::to_string(requests) +
                " requests: " + (first.ok() ? first->message() : first.status().message()));
  }
  for (const auto& change : first->calendar_changes()) {
    if (change.due_before().month() != 1 || change.due_before().day() != 18 ||
        change.due_after().day() != 19) {
      return fail("the first load moved " + change.request_id() + " elsewhere than 01-18 -> 01-19");
    }
  }
  daemon.Stop();

  auto restart_before = TimeRestarts(daemon, daemon_args, o["--restarts"]);
  if (!restart_before.ok()) return fail(restart_before.status().message());
  client::EngineClient warm(ClientFor(daemon.endpoint(), std::chrono::seconds(60)));
  v1::Command clock_show;
  clock_show.mutable_clock_show();
  if (auto shown = warm.Call(clock_show); !shown.ok() || shown->code() != v1::STATUS_CODE_OK) {
    return fail("no answer after the restart");
  }
  const long rss_before = daemon.RssBytes();

  // The same notice again, each with its own key (a repeated key would
  // only return the stored reply): every reply must say it changes nothing.
  LoadOptions loads{daemon.endpoint(), 1, int(o["--window"]), 0, o["--loads"]};
  loads.accept = [](int64_t, const v1::Reply& reply) {
    return reply.calendar_changes_size() == 0 &&
           reply.message().find("changes nothing") != std::string::npos;
  };
  LoadResult loaded =
      RunLoad(loads, [](int64_t i) { return LoadCommand("load-" + std::to_string(i)); });
  const long rss_after = daemon.RssBytes();
  const long rss_peak = daemon.PeakRssBytes();
  daemon.Stop();
  if (loaded.failed > 0 || loaded.ok != o["--loads"]) {
    return fail(std::to_string(loaded.ok) + " of " + std::to_string(o["--loads"]) +
                " loads said they change nothing: " + loaded.first_failure);
  }
  auto stored = StoredLoads(directory);
  if (!stored.ok() || *stored != 1) {
    return fail("the store holds " + (stored.ok() ? std::to_string(*stored) : "?") +
                " calendar generations, not 1");
  }
  auto restart_after = TimeRestarts(daemon, daemon_args, o["--restarts"]);
  if (!restart_after.ok()) return fail(restart_after.status().message());
  daemon.Stop();

  out << nlohmann::json{{"scenario", "calendar-loads"},
                        {"requests", requests},
                        {"loads", loaded.ok},
                        {"loads_per_second", double(loaded.ok) / loaded.seconds},
                        {"stored_generations", *stored},
                        {"daemon_rss_before_bytes", rss_before},
                        {"daemon_rss_after_bytes", rss_after},
                        {"daemon_peak_rss_bytes", rss_peak},
                        {"restarts", o["--restarts"]},
                        {"restart_seconds_before", *restart_before},
                        {"restart_seconds_after", *restart_after}}
             .dump()
      << std::endl;
  err << "calendar-loads: " << loaded.ok << " loads of the same notice ("
      << int64_t(double(loaded.ok) / loaded.seconds) << "/s), each changing nothing; " << *stored
      << " generation stored; daemon RSS " << rss_before / 1024 << " KiB before, "
      << rss_after / 1024 << " KiB after; restart (start to ready, median of " << o["--restarts"]
      << ") " << *restart_before * 1000 << " ms before, " << *restart_after * 1000 << " ms after\n";
  return 0;
}

}  // namespace gongkai::bench
