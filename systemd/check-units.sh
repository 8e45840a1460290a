#!/usr/bin/env bash
# The unit files as CI checks them (make check-units, part of make test), on a scratch root that
# `make install-units` fills, so that the installed layout is what is checked:
#  - systemd-analyze verify on every unit, failing on any word on stderr (it exits 0 even on unknown keys);
#  - systemd-analyze security --offline: suanlid.service at most 1.0, with the remote-agents drop-in too,
#    suanli-agent.service at most 3.5;
#  - systemd-sysusers and systemd-tmpfiles apply sysusers.d/suanli.conf and tmpfiles.d/suanli.conf to that root.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
make -s install-units DESTDIR="$root" PREFIX=/usr/local
units=(suanlid.service suanlid.socket suanli-agents.socket suanli-agent.service)

# What verify needs inside the root: systemd's own units, and the programs the units start (stubs).
mkdir -p "$root/usr/lib/systemd" "$root/usr/bin" "$root/usr/local/bin" "$root/etc"
ln -s usr/bin "$root/bin"
cp -a /lib/systemd/system "$root/usr/lib/systemd/"
for program in /usr/local/bin/suanlid /usr/local/bin/suanli-agent /usr/bin/kill; do
  printf '#!/bin/sh\n' >"$root$program"
  chmod 0755 "$root$program"
done

errors=$(systemd-analyze verify --root="$root" "${units[@]}" 2>&1 >/dev/null) || true
if [ -n "$errors" ]; then
  echo "systemd-analyze verify ${units[*]}:" >&2
  echo "$errors" >&2
  exit 1
fi
echo "systemd-analyze verify: ${units[*]} clean"

# security UNIT THRESHOLD(0-100) LABEL: the exposure, or the whole table and a failure when it is too high.
security() {
  local report
  if report=$(systemd-analyze security --offline=true --root="$root" --threshold="$2" "$1" 2>&1); then
    echo "$3: $(echo "$report" | grep 'Overall exposure level')"
  else
    echo "$report" >&2
    echo "$3: exposure above $(($2 / 10)).$(($2 % 10))" >&2
    exit 1
  fi
}
security suanlid.service 10 "suanlid.service"
security suanli-agent.service 35 "suanli-agent.service"
mkdir -p "$root/etc/systemd/system/suanlid.service.d"
cp "$root/usr/local/share/suanli/remote-agents.conf" "$root/etc/systemd/system/suanlid.service.d/"
security suanlid.service 10 "suanlid.service with remote-agents.conf"

errors=$(systemd-sysusers --root="$root" "$root/usr/local/lib/sysusers.d/suanli.conf" 2>&1) \
  || { echo "$errors" >&2; exit 1; }
grep -q '^suanli:' "$root/etc/passwd" && grep -q '^suanli-admin:' "$root/etc/group" \
  || { echo "sysusers.d/suanli.conf did not create suanli and suanli-admin" >&2; exit 1; }
errors=$(systemd-tmpfiles --root="$root" --create "$root/usr/local/lib/tmpfiles.d/suanli.conf" 2>&1) \
  || { echo "$errors" >&2; exit 1; }
[ -z "$errors" ] || { echo "systemd-tmpfiles: $errors" >&2; exit 1; }
for dir in /run/suanli /var/lib/suanli /var/lib/suanli-agent /etc/suanli; do
  [ -d "$root$dir" ] || { echo "tmpfiles.d/suanli.conf did not create $dir" >&2; exit 1; }
done
echo "sysusers.d/suanli.conf and tmpfiles.d/suanli.conf apply cleanly"
