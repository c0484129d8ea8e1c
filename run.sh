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
          protobuf-compiler librocksdb-dev catch2 nlohmann-json3-dev python3
          python3-zmq python3-protobuf)

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
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DGONGKAI_WERROR="$werror" \
        -DGONGKAI_SANITIZE="$sanitize" >/dev/null
  cmake --build "$dir" -j2
  BUILD_DIR="$dir"
}

start_daemon() {  # start_daemon DATA_DIR CLOCK: starts gongkaid, waits for "ready"
  local log="$1.log"
  "$BUILD_DIR/workers/gongkaid" --data "$1" --clock "$2" --listen "$DEMO_SERVER" \
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
  g() { echo "\$ gongkai $*"; "$gongkai" --server "$DEMO_SERVER" "$@"; echo; }
  echo "== Working days: National Day 2012 (the make-up Saturday 2012-09-29 counts)"
  echo "\$ gongkai calendar add 2012-09-28 15"; "$gongkai" calendar add 2012-09-28 15
  echo "== The engine on its embedded RocksDB store (var/demo), clock set to 2012-09-28"
  rm -rf var/demo; mkdir -p var
  start_daemon var/demo manual:2012-09-28
  g intake --agency 210321 --channel registered_mail --received 2012-09-28 \
    --applicant-type natural_person --applicant "王某" --subject "2012年城区低保名单"
  local id=210321-2012-000001
  g clock advance --to 2012-10-08
  g consult-start $id --on 2012-10-08 --party "名单涉及的第三方"
  g clock advance --to 2012-10-19
  g consult-end $id --on 2012-10-19
  g extend $id --on 2012-10-19 --approved-by "政务公开办公室主任" --days 15
  echo "(a second extension is refused: the law allows one)"
  g extend $id --on 2012-10-19 --approved-by "政务公开办公室主任" || true
  g clock advance --to 2012-11-20
  g decide $id --on 2012-11-20 --outcome partly_granted --note "涉及个人隐私部分不予公开"
  g deliver $id --on 2012-11-20
  g show $id
  g list --agency 210300
  g admin verify
  kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true
}

case "${1:-}" in
  demo) install_missing; build; demo ;;
  test) install_missing; build; ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 ;;
  build) install_missing; build ;;
  *) echo "usage: ./run.sh demo|test|build" >&2; exit 2 ;;
esac
