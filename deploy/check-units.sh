#!/bin/sh
# Checks the systemd units in deploy/systemd/ as installed with the gongkaid
# given: `systemd-analyze verify` (syntax, the executable, the directives; a
# warning counts as a failure) and
# `systemd-analyze security --offline` with an overall exposure of at most
# 3.0 (the score of each unit is printed). Exit 0 when every unit passes,
# 1 when one does not, 77 when systemd-analyze is not installed.
#
# usage: deploy/check-units.sh PATH/TO/gongkaid [PATH/TO/gongkai-web]
set -eu
gongkaid=${1:?usage: check-units.sh PATH/TO/gongkaid [PATH/TO/gongkai-web]}
web=${2:-/usr/bin/gongkai-web}
units=$(dirname "$0")/systemd
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "check-units: systemd-analyze is not installed: skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in "$units"/*.service; do
  sed "s|/usr/bin/gongkaid|$gongkaid|g; s|/usr/bin/gongkai-web|$web|g" "$unit" > "$work/$(basename "$unit")"
done
status=0
for unit in "$work"/*.service; do
  name=$(basename "$unit")
  # verify exits 0 on an unknown directive, only saying so: any word is a failure.
  if ! systemd-analyze verify --man=no "$unit" > "$work/verify.log" 2>&1 ||
     [ -s "$work/verify.log" ]; then
    echo "check-units: $name: systemd-analyze verify failed:" >&2
    cat "$work/verify.log" >&2
    status=1
  fi
  if systemd-analyze security --offline=yes --threshold=30 "$unit" > "$work/security.log" 2>&1; then
    verdict=ok
  else
    verdict="ABOVE 3.0"
    status=1
  fi
  score=$(grep -o 'Overall exposure level for [^:]*: [0-9.]*' "$work/security.log" | awk '{print $NF}')
  echo "check-units: $name: exposure ${score:-?} ($verdict)"
done
exit $status
