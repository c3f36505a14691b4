#!/usr/bin/env bash
# The README's test command again with the wall clock moved: a year forward, then a day
# back in a time zone 14 hours ahead of UTC (where the local date is not UTC's), to
# catch a test that depends on today's date or the machine's zone (a recorded
# timestamp compared with now, an expiry, a date in a snapshot). Each test binary runs
# under libfaketime
# (Debian's faketime package; installed when missing and apt-get can); the build and
# cargo itself stay on the real clock. Without libfaketime it skips loudly.
#
# Usage: bash scripts/moved-clock.sh [OFFSET...]   (libfaketime offsets; default +365d -1d;
#        an offset may name a zone after a slash: -1d/Pacific/Kiritimati)
set -euo pipefail
cd "$(dirname "$0")/.."

find_libfaketime() {
  local path
  for path in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
    if [ -e "$path" ]; then echo "$path"; return 0; fi
  done
  return 1
}

if ! libfaketime=$(find_libfaketime); then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing faketime (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null 2>&1; } || true
  fi
  if ! libfaketime=$(find_libfaketime); then
    echo "================================================================"
    echo "SKIPPED the moved-clock pass: libfaketime is not installed and could not be."
    echo "Install Debian's faketime package to run it."
    echo "================================================================"
    exit 0
  fi
fi

triple=$(rustc -vV | sed -n 's/^host: //p')
runner_var="CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')_RUNNER"
export MOVED_CLOCK_LIBFAKETIME=$libfaketime
export "$runner_var=$PWD/scripts/lib/moved-clock-runner.sh"

offsets=("$@")
[ ${#offsets[@]} -gt 0 ] || offsets=(+365d -1d/Pacific/Kiritimati)
for pass in "${offsets[@]}"; do
  offset=${pass%%/*}
  zone=UTC
  [ "$pass" = "$offset" ] || zone=${pass#*/}
  export MOVED_CLOCK_OFFSET=$offset
  echo "== cargo test --workspace, the wall clock moved by $offset, TZ=$zone:" \
    "$(TZ=$zone FAKETIME=$offset LD_PRELOAD=$libfaketime date '+%Y-%m-%d %H:%M:%S %Z')"
  TZ=$zone cargo test --workspace --no-fail-fast
done
echo "moved clock: passed (${offsets[*]})"
