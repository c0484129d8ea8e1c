#include "pg_load.h"

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/strings.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct InFlight {
  int64_t index;
  Clock::time_point due;  // Sent (closed loop) or due (open loop).
  std::string error;      // The first error among its statements.
};

struct Connection {
  PGconn* pg = nullptr;
  std::deque<InFlight> in_flight;
  bool wants_write = false;  // Output left in libpq's buffer.
  bool broken = false;
  ~Connection() {
    if (pg != nullptr) PQfinish(pg);
  }
};

// What every client thread shares: the next index to send and the clock.
struct Schedule {
  const PgLoadOptions& options;
  Clock::time_point start, stop;
  std::atomic<int64_t> next{0};

  // The next index to send now, or -1 with `wait_until` set when the next
  // one is not due yet (open loop), or -1 with `finished` when no more.
  int64_t Take(Clock::time_point now, Clock::time_point& wait_until, bool& finished) {
    if (options.offered_per_second <= 0) {
      if (now >= stop) finished = true;
      const int64_t i = finished ? -1 : next.fetch_add(1);
      if (i >= options.limit) finished = true;
      return finished ? -1 : i;
    }
    int64_t i = next.load();
    while (i < options.limit) {
      const Clock::time_point due = Due(i);
      if (due > now) {
        wait_until = std::min(wait_until, due);
        return -1;
      }
      if (next.compare_exchange_weak(i, i + 1)) return i;
    }
    finished = true;
    return -1;
  }
  Clock::time_point Due(int64_t i) const {
    return start + std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(double(i) / options.offered_per_second));
  }
};

void Fail(Connection& c, PgLoadResult& result, const std::string& why) {
  for (const InFlight& f : c.in_flight) {
    ++result.failed;
    if (result.first_failure.empty()) result.first_failure = f.error.empty() ? why : f.error;
  }
  c.in_flight.clear();
  c.broken = true;
}

// Takes every answer that has arrived on `c`: read from the socket when
// `readable`, else only what libpq already holds (PQflush reads input too).
void Drain(Connection& c, PgLoadResult& result, bool readable) {
  if (readable && PQconsumeInput(c.pg) == 0) return Fail(c, result, PQerrorMessage(c.pg));
  int empty = 0;  // A NULL ends one statement's results; two in a row: no more now.
  while (!c.in_flight.empty() && PQisBusy(c.pg) == 0 && empty < 2) {
    PGresult* r = PQgetResult(c.pg);
    if (r == nullptr) {
      ++empty;
      continue;
    }
    empty = 0;
    const ExecStatusType status = PQresultStatus(r);
    InFlight& front = c.in_flight.front();
    if (status == PGRES_PIPELINE_SYNC) {
      if (front.error.empty()) {
        ++result.ok;
        result.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - front.due).count());
      } else {
        ++result.failed;
        if (result.first_failure.empty()) result.first_failure = front.error;
      }
      c.in_flight.pop_front();
    } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && front.error.empty()) {
      front.error = StrCat({"transaction ", std::to_string(front.index), ": ", PQresStatus(status),
                            " ", PQresultErrorMessage(r)});
    }
    PQclear(r);
  }
}

// Sends on `c` while it has room and the schedule has work; false when the
// schedule has no more.
bool Fill(Connection& c, Schedule& schedule, const PgSendTransaction& send, PgLoadResult& result,
          Clock::time_point& wait_until) {
  bool finished = false;
  while (!c.broken && int(c.in_flight.size()) < schedule.options.depth) {
    const Clock::time_point now = Clock::now();
    const int64_t i = schedule.Take(now, wait_until, finished);
    if (i < 0) break;
    const Clock::time_point due = schedule.options.offered_per_second > 0 ? schedule.Due(i) : now;
    c.in_flight.push_back({i, due, ""});
    if (!send(c.pg, i) || PQpipelineSync(c.pg) != 1) {
      Fail(c, result, StrCat({"sending: ", PQerrorMessage(c.pg)}));
    }
  }
  if (!c.broken) {
    const int flushed = PQflush(c.pg);
    if (flushed < 0) Fail(c, result, StrCat({"sending: ", PQerrorMessage(c.pg)}));
    c.wants_write = flushed == 1;
  }
  return !finished;
}

void RunThread(std::vector<Connection*> mine, Schedule& schedule, const PgSendTransaction& send,
               PgLoadResult& result) {
  bool more = true;
  std::vector<pollfd> fds(mine.size());
  while (true) {
    Clock::time_point wait_until = Clock::now() + std::chrono::milliseconds(100);
    bool busy = false, live = false;
    for (Connection* c : mine) {
      if (more) more = Fill(*c, schedule, send, result, wait_until);
      busy = busy || !c->in_flight.empty();
      live = live || !c->broken;
    }
    if ((!more && !busy) || !live) return;
    for (size_t k = 0; k < mine.size(); ++k) {
      fds[k] = {mine[k]->broken ? -1 : PQsocket(mine[k]->pg),
                short(POLLIN | (mine[k]->wants_write ? POLLOUT : 0)), 0};
    }
    // Asleep (a client spinning on two cores would take the server's CPU)
    // until the next send is due, to the nanosecond: a send made late by a
    // whole-millisecond timeout would count the client's lateness in the
    // server's latency.
    const auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(
        more ? std::max(wait_until - Clock::now(), Clock::duration::zero())
             : std::chrono::milliseconds(100));
    const timespec timeout{time_t(wait.count() / 1000000000), long(wait.count() % 1000000000)};
    ppoll(fds.data(), fds.size(), &timeout, nullptr);
    for (size_t k = 0; k < mine.size(); ++k) {
      Connection& c = *mine[k];
      if (c.broken || c.in_flight.empty()) continue;
      if ((fds[k].revents & POLLOUT) != 0) c.wants_write = PQflush(c.pg) == 1;
      Drain(c, result, (fds[k].revents & (POLLIN | POLLERR | POLLHUP)) != 0);
    }
  }
}

Status Open(const PgLoadOptions& options, Connection& c) {
  c.pg = PQconnectdb(options.conninfo.c_str());
  if (PQstatus(c.pg) != CONNECTION_OK) {
    return UnavailableError(StrCat({"cannot connect to PostgreSQL: ", PQerrorMessage(c.pg)}));
  }
  for (const std::string& sql : options.session_settings) {
    PGresult* r = PQexec(c.pg, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) return UnavailableError(StrCat({sql, ": ", PQerrorMessage(c.pg)}));
  }
  if (options.prepare) GONGKAI_RETURN_IF_ERROR(options.prepare(c.pg));
  if (PQsetnonblocking(c.pg, 1) != 0 || PQenterPipelineMode(c.pg) != 1) {
    return UnavailableError(StrCat({"pipeline mode refused: ", PQerrorMessage(c.pg)}));
  }
  return OkStatus();
}

}  // namespace

StatusOr<PgLoadResult> RunPgLoad(const PgLoadOptions& options, const PgSendTransaction& send) {
  std::vector<std::unique_ptr<Connection>> connections;
  for (int k = 0; k < options.connections; ++k) {
    connections.push_back(std::make_unique<Connection>());
    GONGKAI_RETURN_IF_ERROR(Open(options, *connections.back()));
  }
  const int threads = std::clamp(options.threads, 1, std::max(1, options.connections));
  std::vector<PgLoadResult> results(size_t(threads), PgLoadResult{});
  Schedule schedule{options, Clock::now(), {}};
  schedule.stop = schedule.start + std::chrono::duration_cast<Clock::duration>(options.duration);
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    std::vector<Connection*> mine;
    for (size_t k = size_t(t); k < connections.size(); k += size_t(threads)) {
      mine.push_back(connections[k].get());
    }
    running.emplace_back([&, t, mine] { RunThread(mine, schedule, send, results[size_t(t)]); });
  }
  for (auto& thread : running) thread.join();
  PgLoadResult all;
  all.seconds = std::chrono::duration<double>(Clock::now() - schedule.start).count();
  for (PgLoadResult& r : results) {
    all.ok += r.ok;
    all.failed += r.failed;
    if (all.first_failure.empty()) all.first_failure = r.first_failure;
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  return all;
}

StatusOr<std::string> PgQuery(const std::string& conninfo, const std::string& sql) {
  PGconn* pg = PQconnectdb(conninfo.c_str());
  std::string value, error;
  if (PQstatus(pg) != CONNECTION_OK) {
    error = PQerrorMessage(pg);
  } else {
    // PQexec returns the last statement's result.
    PGresult* r = PQexec(pg, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(r);
    } else if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      value = PQgetvalue(r, 0, 0);
    }
    PQclear(r);
  }
  PQfinish(pg);
  if (!error.empty()) return InternalError(StrCat({"PostgreSQL: ", error}));
  return value;
}

}  // namespace gongkai::bench
