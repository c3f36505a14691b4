#!/usr/bin/env bash
# cargo's target runner for scripts/moved-clock.sh: runs one test binary with its wall
# clock moved by $MOVED_CLOCK_OFFSET (libfaketime; the monotonic clock is left alone, so
# timeouts and tokio's timers behave as usual).
#
# A test that builds with cargo (tests/src/example.rs) gets a cargo that runs on the
# real clock: rustc allocates with jemalloc, which deadlocks under libfaketime, and what
# is under test is our code, not the build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export MOVED_CLOCK_REAL_CARGO=${CARGO:-cargo}
export CARGO=$here/real-clock-cargo.sh
export LD_PRELOAD=$MOVED_CLOCK_LIBFAKETIME${LD_PRELOAD:+:$LD_PRELOAD}
export FAKETIME=$MOVED_CLOCK_OFFSET FAKETIME_DONT_FAKE_MONOTONIC=1
exec "$@"
