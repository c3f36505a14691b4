#!/usr/bin/env bash
# cargo on the real clock, for a test running under scripts/lib/moved-clock-runner.sh.
exec env -u LD_PRELOAD -u FAKETIME -u FAKETIME_DONT_FAKE_MONOTONIC \
  CARGO="$MOVED_CLOCK_REAL_CARGO" "$MOVED_CLOCK_REAL_CARGO" "$@"
