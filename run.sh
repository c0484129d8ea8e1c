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

demo() {
  local gongkai="$BUILD_DIR/cli/gongkai"
  echo "== Working days: National Day 2012 (the make-up Saturday 2012-09-29 counts)"
  echo "\$ gongkai calendar add 2012-09-28 15"; "$gongkai" calendar add 2012-09-28 15
  echo "== The extended 2020 Spring Festival"
  echo "\$ gongkai calendar add 2020-01-23 20"; "$gongkai" calendar add 2020-01-23 20
  echo "== A 2012 letter (2008 rule), a consultation and an extension"
  echo "\$ gongkai deadline --received 2012-09-28 --consultation 2012-10-08:2012-10-19 --extension 15"
  "$gongkai" deadline --received 2012-09-28 --consultation 2012-10-08:2012-10-19 --extension 15
  echo "== A request corrected by the applicant (2019 rule): the period restarts"
  echo "\$ gongkai deadline --received 2024-09-20 --correction-received 2024-10-09"
  "$gongkai" deadline --received 2024-09-20 --correction-received 2024-10-09
  echo "== A December request whose deadline falls in a year not yet announced"
  echo "\$ gongkai deadline --received 2026-12-20 --json"
  "$gongkai" deadline --received 2026-12-20 --json
}

case "${1:-}" in
  demo) install_missing; build; demo ;;
  test) install_missing; build; ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 ;;
  build) install_missing; build ;;
  *) echo "usage: ./run.sh demo|test|build" >&2; exit 2 ;;
esac
