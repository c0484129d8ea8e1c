#!/bin/sh
# Installs the Debian package with apt into a clean Debian 12 root (a
# chroot made by debootstrap, minbase: nothing of this machine's libraries)
# and checks there what deploy/check-package.sh checks on a machine: apt
# resolves the dependencies from Debian's own archive, the binaries run,
# the units, the account and /etc/gongkai are in place. Then `gongkaid init`
# makes a database in the chroot and `gongkaid` serves it until a client's
# `clock show` is answered.
#
# usage: deploy/check-package-chroot.sh build/gongkai_VERSION_ARCH.deb [ROOT]
#   ROOT: where the chroot is made (default /var/tmp/gongkai-root); an
#   existing one is reused only if it is still clean (no gongkai installed).
# Needs root, debootstrap (apt-get install debootstrap) and the network
# (deb.debian.org). Removes nothing of this machine; the chroot stays for
# inspection (rm -rf ROOT).
set -eu
deb=$(realpath "${1:?usage: check-package-chroot.sh PATH/TO/gongkai.deb [ROOT]}")
root=${2:-/var/tmp/gongkai-root}
[ "$(id -u)" -eq 0 ] || { echo "check-package-chroot: needs root (chroot, debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "check-package-chroot: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
if [ -x "$root/usr/bin/gongkaid" ]; then
  echo "check-package-chroot: $root already has gongkai installed: remove it (rm -rf $root) first" >&2
  exit 1
fi
if [ ! -x "$root/usr/bin/apt-get" ]; then
  echo "check-package-chroot: making a Debian 12 root in $root (debootstrap --variant=minbase bookworm)"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
cp "$deb" "$root/tmp/gongkai.deb"
echo "check-package-chroot: apt-get install /tmp/gongkai.deb in the clean root"
in_root apt-get update -qq
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/gongkai.deb' >/dev/null
fail=0
check() { if eval "$2"; then echo "check-package-chroot: ok: $1"; else echo "check-package-chroot: FAILED: $1"; fail=1; fi; }
check "gongkaid --version: $(in_root /usr/bin/gongkaid --version 2>&1)" "in_root /usr/bin/gongkaid --version >/dev/null"
check "gongkai --version: $(in_root /usr/bin/gongkai --version 2>&1)" "in_root /usr/bin/gongkai --version >/dev/null"
check "the units are in /usr/lib/systemd/system" \
  "[ -f $root/usr/lib/systemd/system/gongkaid.service ] && [ -f $root/usr/lib/systemd/system/gongkaid-deadline.service ]"
check "the service account gongkai exists" "in_root getent passwd gongkai >/dev/null"
check "/etc/gongkai is not world-readable ($(stat -c %a "$root/etc/gongkai"))" \
  "[ \$(( 0\$(stat -c %a $root/etc/gongkai) & 07 )) -eq 0 ]"
# A database made and served inside the root, with the packaged registry.
registry=$(in_root sh -c 'ls /usr/share/gongkai/agencies/*.tsv | head -n 1')
in_root rm -rf /tmp/gk
check "gongkaid init with the packaged registry ($registry)" \
  "in_root /usr/bin/gongkaid init --data /tmp/gk/data --operator op --out /tmp/gk/op.identity --agencies $registry >/dev/null 2>&1"
in_root sh -c "/usr/bin/gongkaid --data /tmp/gk/data --agencies $registry --listen tcp://127.0.0.1:7591 --alerts tcp://127.0.0.1:7592 >/tmp/gk/log 2>&1 & echo \$! >/tmp/gk/pid"
check "a client's clock show is answered by the packaged daemon" \
  "in_root /usr/bin/gongkai --server tcp://127.0.0.1:7591 --identity /tmp/gk/op.identity --timeout 10000 clock show >/dev/null"
kill "$(cat "$root/tmp/gk/pid")" 2>/dev/null || true
exit $fail
