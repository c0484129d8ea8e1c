#!/bin/sh
# Installs the Debian package with apt into this machine (root needed),
# checks what it put in place, and removes it again (purge): the binaries
# run (--version), the units are where systemd looks, the service account
# exists, /etc/gongkai holds the configuration and is not world-readable.
# Used by hand after ./run.sh package (it changes the machine while it runs).
#
# usage: deploy/check-package.sh build/gongkai_VERSION_ARCH.deb
set -eu
deb=$(realpath "${1:?usage: check-package.sh PATH/TO/gongkai.deb}")
[ "$(id -u)" -eq 0 ] || { echo "check-package: needs root (apt install)" >&2; exit 1; }
if dpkg-query -W gongkai >/dev/null 2>&1; then
  echo "check-package: gongkai is already installed here: remove it first" >&2
  exit 1
fi
trap 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq gongkai >/dev/null 2>&1 || true' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
fail=0
check() { if eval "$2"; then echo "check-package: ok: $1"; else echo "check-package: FAILED: $1"; fail=1; fi; }
check "gongkaid --version: $(/usr/bin/gongkaid --version 2>&1)" "/usr/bin/gongkaid --version >/dev/null"
check "gongkai --version: $(/usr/bin/gongkai --version 2>&1)" "/usr/bin/gongkai --version >/dev/null"
check "the units are in /usr/lib/systemd/system" \
  "[ -f /usr/lib/systemd/system/gongkaid.service ] && [ -f /usr/lib/systemd/system/gongkaid-deadline.service ]"
check "the service account gongkai exists" "getent passwd gongkai >/dev/null"
check "/etc/gongkai/gongkaid.toml is read by gongkaid" \
  "/usr/bin/gongkaid --config /etc/gongkai/gongkaid.toml --help >/dev/null"
check "/etc/gongkai is not world-readable ($(stat -c %a /etc/gongkai))" \
  "[ \$(( 0\$(stat -c %a /etc/gongkai) & 07 )) -eq 0 ]"
exit $fail
