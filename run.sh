#!/usr/bin/env bash
# The project's one entry point: installs what is missing (Debian 12, as
# root), configures, builds, then runs what was asked.
#   ./run.sh demo    the main job
#   ./run.sh serve   gongkaid and the web console (gongkai-web) with the demo
#                    year and people, until Ctrl-C
#   ./run.sh test    build and run the whole test suite (what CI runs)
#   ./run.sh build   only build
#   ./run.sh bench [SCENARIO [OPTIONS]]  build and run gongkai_bench (default:
#                    all; bench/README.md), with PostgreSQL 15 for peer-postgres
#   ./run.sh fuzz [SECONDS]  build the libFuzzer harnesses (clang-14, build-fuzz/)
#                    and run each for SECONDS (default 60), two at a time
# Environment: SANITIZE=1 builds with ASan/UBSan in build-asan/;
#              CI=true turns warnings into errors.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config libzmq3-dev cppzmq-dev libprotobuf-dev
          protobuf-compiler librocksdb-dev catch2 nlohmann-json3-dev libcli11-dev python3
          python3-zmq python3-protobuf libsodium-dev libspdlog-dev libtomlplusplus-dev
          libxlsxwriter-dev python3-openpyxl libsystemd-dev libcpp-httplib-dev libssl-dev
          libpq-dev libjemalloc-dev)
# The benchmarks' peer (bench/peers/postgres/): the PostgreSQL 15 server that
# gongkai_bench peer-postgres starts in a temporary directory.
BENCH_PACKAGES=(postgresql-15)
# The browser tests of the web console (tests/browser/): headless Chromium
# and its driver, Selenium, and a Chinese font for the screenshots.
TEST_PACKAGES=(chromium chromium-driver python3-selenium fonts-wqy-microhei)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "run.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  local dir=build werror=OFF sanitize=OFF type=Release
  [ "${CI:-}" = "true" ] && werror=ON
  if [ "${SANITIZE:-0}" = "1" ]; then dir=build-asan; sanitize=ON; type=RelWithDebInfo; fi
  mkdir -p "$dir"
  echo "run.sh: building in $dir (log: $dir/build.log)"
  if ! { cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DGONGKAI_WERROR="$werror" \
           -DGONGKAI_SANITIZE="$sanitize" && cmake --build "$dir" -j2; } >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log" >&2
    echo "run.sh: the build failed; the whole log is $dir/build.log" >&2
    exit 1
  fi
  BUILD_DIR="$dir"
}

# The libFuzzer harnesses (fuzz/README.md): one per folder of fuzz/corpus/.
build_fuzz() {
  local dir=build-fuzz
  mkdir -p "$dir"
  echo "run.sh: building the fuzz harnesses in $dir (log: $dir/build.log)"
  if ! { CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -DGONGKAI_FUZZ=ON \
           -DGONGKAI_BUILD_TESTS=OFF -DGONGKAI_BUILD_BENCH=OFF \
           -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" &&
         cmake --build "$dir" -j2 --target gongkai_fuzzers; } >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log" >&2
    echo "run.sh: the fuzz build failed; the whole log is $dir/build.log" >&2
    exit 1
  fi
}

# fuzz_one HARNESS SECONDS WORK: runs build-fuzz/fuzz/fuzz_HARNESS on a copy
# of fuzz/corpus/HARNESS in WORK/HARNESS/corpus (the committed corpus is never
# written); crash inputs go to var/fuzz/crashes/HARNESS/.
fuzz_one() {
  local harness=$1 seconds=$2 work=$3/$1 crashes=var/fuzz/crashes/$1
  mkdir -p "$work/corpus" "$crashes"
  cp fuzz/corpus/"$harness"/* "$work/corpus/"
  local status=0
  build-fuzz/fuzz/fuzz_"$harness" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$work/corpus" >"$work/log" 2>&1 || status=$?
  echo "$status" >"$work/status"
}

fuzz() {
  local seconds=${1:-60}
  if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: ./run.sh fuzz [SECONDS]" >&2; exit 2
  fi
  build_fuzz
  local work harnesses=() running=0 failed=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-fuzz.XXXXXX")
  for dir in fuzz/corpus/*/; do harnesses+=("$(basename "$dir")"); done
  echo "run.sh: fuzzing ${harnesses[*]} for $seconds s each, two at a time (work: $work)"
  for harness in "${harnesses[@]}"; do
    if [ "$running" -ge 2 ]; then wait -n || true; running=$((running - 1)); fi
    fuzz_one "$harness" "$seconds" "$work" &
    running=$((running + 1))
  done
  wait
  rm -rf var/fuzz/last-run; mkdir -p var/fuzz/last-run
  printf '%-18s %14s %18s  %s\n' harness executions corpus result
  for harness in "${harnesses[@]}"; do
    local log=$work/$harness/log status execs corpus result=ok
    cp "$log" var/fuzz/last-run/"$harness".log
    status=$(cat "$work/$harness/status")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1 | cut -d' ' -f2)
    if [ "$status" != 0 ]; then
      result="CRASHED (exit $status): $(ls -t var/fuzz/crashes/"$harness"/* 2>/dev/null | head -n 1)"
      failed=1
      grep -m 5 -E 'FUZZ_CHECK|ERROR|runtime error' "$log" | sed 's/^/    /' >&2 || true
    fi
    printf '%-18s %14s %18s  %s\n' "$harness" "${execs:-?}" "${corpus:-?}" "$result"
  done
  if [ "$failed" -ne 0 ]; then
    echo "run.sh: a harness crashed; its log is in var/fuzz/last-run/, its input in var/fuzz/crashes/;" \
         "reproduce with build-fuzz/fuzz/fuzz_HARNESS INPUT (fuzz/README.md)" >&2
    exit 1
  fi
  rm -rf "$work"
}

start_daemon() {  # start_daemon DATA_DIR CLOCK: starts gongkaid, waits for "ready"
  local log="$1.log"
  "$BUILD_DIR/workers/gongkaid" --data "$1" --clock "$2" --listen "$DEMO_SERVER" \
    --alerts "${DEMO_ALERTS:-tcp://127.0.0.1:7502}" \
    --agencies deploy/agencies/anshan.tsv >"$log" 2>&1 &
  DAEMON_PID=$!
  trap 'kill $DAEMON_PID 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    grep -q "ready" "$log" 2>/dev/null && { cat "$log"; return 0; }
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "run.sh: gongkaid did not start:" >&2; cat "$log" >&2; exit 1
}

demo() {
  local gongkai="$BUILD_DIR/cli/gongkai" people=var/demo-people
  DEMO_SERVER=${DEMO_SERVER:-tcp://127.0.0.1:7501}
  as() { local who=$1; shift; "$gongkai" --server "$DEMO_SERVER" --identity "$people/$who.identity" "$@"; }
  echo "== The seed's city, 鞍山市, in 2012: its year of requests replayed through the engine"
  echo "== Working days follow the State Council's notices (National Day 2012: 2012-09-28 + 15):"
  echo "\$ gongkai calendar add 2012-09-28 15"; "$gongkai" calendar add 2012-09-28 15
  echo
  echo "== A fresh embedded RocksDB directory (var/demo): the database, the engine's CURVE keys"
  echo "== and the first operator's identity file, made by gongkaid init"
  rm -rf var/demo "$people"; mkdir -p var "$people"; chmod 700 "$people"
  "$BUILD_DIR/workers/gongkaid" init --data var/demo --operator 王运维 \
    --out "$people/operator.identity" --endpoint "$DEMO_SERVER" --agencies deploy/agencies/anshan.tsv
  start_daemon var/demo manual:2012-01-01
  echo
  echo "== The operator enrols the office's people: each gets an identity file (their key pair)"
  enrol_demo_people "$people"
  as operator user list
  echo
  echo "== The city's supervisor (210300) follows the alerts of the whole city; the supervisor of"
  echo "== 铁东区 (210302) may follow only the district's"
  # Started directly (not through the function `as`, whose subshell would be
  # the process killed below while the follower ran on).
  "$gongkai" --server "$DEMO_SERVER" --identity "$people/supervisor.identity" \
    alerts --agency 210300 --follow > var/demo.alerts 2>&1 &
  local follower=$!
  replay_demo_year
  local expected
  expected=$(as supervisor alerts --agency 210300 | wc -l)
  for _ in $(seq 100); do
    [ "$(wc -l < var/demo.alerts)" -ge "$expected" ] && break
    sleep 0.1
  done
  kill "$follower" 2>/dev/null || true
  echo
  echo "== The alerts as the city's supervisor received them during the year"
  head -n 15 var/demo.alerts
  echo
  echo "== The clerk registers a request for 铁东区 (210302) in December; the officer lets it slip"
  echo "\$ gongkai intake --agency 210302 --channel online --received 2012-12-10 ..."
  as clerk intake --agency 210302 --channel online --received 2012-12-10 \
    --applicant-type natural_person --applicant 刘某某 --phone 13800000000 \
    --subject 铁东区2012年老旧小区改造资金使用情况
  echo "\$ gongkai clock advance --to 2013-01-10   (the operator moves the manual clock)"
  as operator clock advance --to 2013-01-10
  echo
  echo "== 铁东区's supervisor sees 210302's alerts, and only them:"
  echo "\$ gongkai alerts --agency 210302"
  as county-supervisor alerts --agency 210302
  local other
  other=$(as supervisor list --agency 210303 --limit 1 --json | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  echo "\$ gongkai show $other   (a request of 千山区, 210303)"
  as county-supervisor show "$other" || echo "(refused, exit code $?)"
  echo
  echo "== One request's life (the first answered late), as the clerk sees it (applicant included)"
  local late
  # The level column: 逾期 (overdue; 严重逾期 is very overdue).
  late=$(awk '$3 == "逾期" || $3 == "overdue" { print $4; exit }' var/demo.alerts)
  if [ -z "$late" ]; then
    echo "run.sh: the demo expected an overdue alert and saw none (var/demo.alerts)" >&2
    exit 1
  fi
  as clerk show "$late"
  echo
  echo "== The same request as the supervisor sees it: no personal data"
  as supervisor show "$late" | head -n 6
  echo
  echo "== 2008-style report (the seed's sections 三 to 五), written from the data, by the reporter"
  echo "\$ gongkai report annual --year 2012 --agency 210300 --style 2008"
  as reporter report annual --year 2012 --agency 210300 --style 2008
  echo
  echo "== The 2021 statutory tables, checked against the event log"
  echo "\$ gongkai report annual --year 2012 --agency 210300 --verify"
  as reporter report annual --year 2012 --agency 210300 --verify
  echo
  as operator admin verify
  echo
  echo "== The identity files are in $people (mode 0600); e.g. as the clerk:"
  echo "   $gongkai --identity $people/clerk.identity list --agency 210300 --limit 5"
  kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true
  echo
  echo "== The same office in a browser (the web console, 网页控制台): ./run.sh serve"
  echo "   then open http://127.0.0.1:8080/ and log in as one of the people it lists"
}

# The demo's people (name role agency), enrolled by the operator into
# $1/ROLE.identity. Uses `as` and $gongkai of the caller.
DEMO_PEOPLE=("clerk 李受理 clerk 210300" "officer 张承办 officer 210300"
             "head 赵负责 head 210300" "supervisor 钱督办 supervisor 210300"
             "county-supervisor 孙督办 supervisor 210302" "reporter 周统计 reporter 210300"
             "importer 历史导入 clerk,officer,head,operator 210300")
enrol_demo_people() {
  local people=$1 person
  for person in "${DEMO_PEOPLE[@]}"; do
    set -- $person
    echo "\$ gongkai user add $2 --role $3 --agency $4 --out $people/$1.identity"
    as operator user add "$2" --role "$3" --agency "$4" --out "$people/$1.identity"
  done
}

# The seed's year 2012, generated and replayed by the importer.
replay_demo_year() {
  echo "\$ gongkai generate --year 2012 --seed 2012 --out var/demo-2012.jsonl"
  "$gongkai" generate --year 2012 --seed 2012 --out var/demo-2012.jsonl
  echo "\$ gongkai replay var/demo-2012.jsonl   (as 历史导入, a clerk, officer and head for the import)"
  as importer replay var/demo-2012.jsonl
}

# ./run.sh serve: gongkaid over var/serve (made, with the demo year and
# people, on the first run) and gongkai-web in front of it, until Ctrl-C.
# Environment: SERVE_LISTEN (default 127.0.0.1:8080), DEMO_SERVER,
# DEMO_ALERTS (gongkaid's endpoints).
serve() {
  local gongkai="$BUILD_DIR/cli/gongkai" people=var/serve-people data=var/serve
  local listen=${SERVE_LISTEN:-127.0.0.1:8080} password=gongkai-demo-2012 person
  DEMO_SERVER=${DEMO_SERVER:-tcp://127.0.0.1:7501}
  as() { local who=$1; shift; "$gongkai" --server "$DEMO_SERVER" --identity "$people/$who.identity" "$@"; }
  if [ ! -d "$data" ]; then
    echo "== First run: a new data directory ($data) with the demo year 2012 and its people"
    rm -rf "$people"; mkdir -p var "$people"; chmod 700 "$people"
    "$BUILD_DIR/workers/gongkaid" init --data "$data" --operator 王运维 \
      --out "$people/operator.identity" --endpoint "$DEMO_SERVER" --agencies deploy/agencies/anshan.tsv
    start_daemon "$data" manual:2012-01-01
    enrol_demo_people "$people" >/dev/null
    echo "\$ gongkai user add web --role reporter --agency 210300 --delegate   (the console's own key)"
    as operator user add web --role reporter --agency 210300 --delegate --out "$people/web.identity"
    replay_demo_year
    # As in the demo: a December request of 铁东区 that the officer lets slip.
    as clerk intake --agency 210302 --channel online --received 2012-12-10 \
      --applicant-type natural_person --applicant 刘某某 --phone 13800000000 \
      --subject 铁东区2012年老旧小区改造资金使用情况
    as operator clock advance --to 2013-01-10 >/dev/null
    for person in 王运维 "${DEMO_PEOPLE[@]}"; do
      set -- $person
      printf '%s\n' "$password" | as operator user passwd "${2:-$1}" --password-stdin >/dev/null
    done
  else
    # The manual clock is not stored: each start resumes on the demo's last day.
    start_daemon "$data" manual:2013-01-10
  fi
  "$BUILD_DIR/web/gongkai-web" --engine "$DEMO_SERVER" --identity "$people/web.identity" \
    --listen "$listen" &
  WEB_PID=$!
  trap 'kill $WEB_PID $DAEMON_PID 2>/dev/null || true' EXIT
  echo
  echo "== The web console: http://$listen/   (Ctrl-C stops it and gongkaid)"
  echo "== Logins (password $password for everyone):"
  printf '   %-8s %s\n' 王运维 "operator (运维), 210300"
  for person in "${DEMO_PEOPLE[@]}"; do
    set -- $person
    printf '   %-8s %s\n' "$2" "$3, $4"
  done
  wait "$WEB_PID"
}

# The Debian package (packaging.cmake): build/gongkai_VERSION_ARCH.deb.
package() {
  echo "run.sh: packaging (log: $BUILD_DIR/package.log)"
  if ! (cd "$BUILD_DIR" && cpack -G DEB) >"$BUILD_DIR/package.log" 2>&1; then
    tail -n 40 "$BUILD_DIR/package.log" >&2
    exit 1
  fi
  ls "$BUILD_DIR"/gongkai_*.deb
}

case "${1:-}" in
  demo) install_missing; build; demo ;;
  serve) install_missing; build; serve ;;
  test) PACKAGES+=("${TEST_PACKAGES[@]}"); install_missing; build; ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 ;;
  build) install_missing; build ;;
  bench) PACKAGES+=("${BENCH_PACKAGES[@]}"); install_missing; build
         shift; "$BUILD_DIR/bench/gongkai_bench" "${@:-all}" ;;
  package) install_missing; build; package ;;
  fuzz) PACKAGES+=(clang-14 libclang-rt-14-dev); install_missing; fuzz "${2:-60}" ;;
  *) echo "usage: ./run.sh demo|serve|test|build|package|fuzz [SECONDS]|bench [SCENARIO [OPTIONS]]" >&2
     exit 2 ;;
esac
