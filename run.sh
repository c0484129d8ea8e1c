#!/usr/bin/env bash
# The project's one entry point: installs what is missing (Debian 12, as
# root), configures, builds, then runs what was asked.
#   ./run.sh demo    the main job
#   ./run.sh test    build and run the whole test suite (what CI runs)
#   ./run.sh build   only build
# Environment: SANITIZE=1 builds with ASan/UBSan in build-asan/;
#              CI=true turns warnings into errors.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config libzmq3-dev cppzmq-dev libprotobuf-dev
          protobuf-compiler librocksdb-dev catch2 nlohmann-json3-dev libcli11-dev python3
          python3-zmq python3-protobuf libsodium-dev libspdlog-dev)

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
  local gongkai="$BUILD_DIR/cli/gongkai"
  DEMO_SERVER=${DEMO_SERVER:-tcp://127.0.0.1:7501}
  g() { "$gongkai" --server "$DEMO_SERVER" "$@"; }
  echo "== The seed's city, 鞍山市, in 2012: its year of requests replayed through the engine"
  echo "== Working days follow the State Council's notices (National Day 2012: 2012-09-28 + 15):"
  echo "\$ gongkai calendar add 2012-09-28 15"; "$gongkai" calendar add 2012-09-28 15
  echo
  echo "== The engine on a fresh embedded RocksDB directory (var/demo), manual clock at 2012-01-01"
  rm -rf var/demo; mkdir -p var
  "$BUILD_DIR/workers/gongkaid" init --data var/demo
  start_daemon var/demo manual:2012-01-01
  echo
  echo "== A supervisor of the city (210300) subscribes to the alerts of its whole subtree"
  g alerts --agency 210300 --follow > var/demo.alerts 2>&1 &
  local follower=$!
  echo "\$ gongkai generate --year 2012 --seed 2012 --out var/demo-2012.jsonl"
  g generate --year 2012 --seed 2012 --out var/demo-2012.jsonl
  echo "\$ gongkai replay var/demo-2012.jsonl"
  g replay var/demo-2012.jsonl
  local expected
  expected=$(g alerts --agency 210300 | wc -l)
  for _ in $(seq 100); do
    [ "$(wc -l < var/demo.alerts)" -ge "$expected" ] && break
    sleep 0.1
  done
  kill "$follower" 2>/dev/null || true
  echo
  echo "== The alerts as the city's supervisor received them during the year"
  cat var/demo.alerts
  echo
  echo "== One request's life (the first answered late)"
  local late
  late=$(grep -m1 " overdue " var/demo.alerts | awk '{print $4}')
  [ -n "$late" ] && g show "$late"
  echo
  echo "== 2008-style report (the seed's sections 三 to 五), written from the data"
  echo "\$ gongkai report annual --year 2012 --agency 210300 --style 2008"
  g report annual --year 2012 --agency 210300 --style 2008
  echo
  echo "== The 2021 statutory tables, checked against the event log"
  echo "\$ gongkai report annual --year 2012 --agency 210300 --verify"
  g report annual --year 2012 --agency 210300 --verify
  echo
  g admin verify
  kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true
}

case "${1:-}" in
  demo) install_missing; build; demo ;;
  test) install_missing; build; ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 ;;
  build) install_missing; build ;;
  *) echo "usage: ./run.sh demo|test|build" >&2; exit 2 ;;
esac
