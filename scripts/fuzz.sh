#!/usr/bin/env bash
# Builds the fuzz targets in fuzz/ with libFuzzer and coverage instrumentation, on the
# stable compiler (only stable `-C` flags, no sanitizer), and runs each one for a
# bounded time from its committed seeds (fuzz/corpus/<target>/) and regressions
# (fuzz/regressions/<target>/). New inputs go to a scratch folder, not to the corpus.
#
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]
#        (default: 20 s for every target: envelope sse spec markdown import
#        server_auth server_form server_request mock_request)
# Environment: CARGO_TARGET_DIR (default fuzz/target); FUZZ_ARGS, extra libFuzzer
#              flags (e.g. -jobs=2).
# Prints per target: executions, seconds, crashes, peak memory (RSS as libFuzzer
# measures it; src/alloc.rs aborts any input past 512 MiB live). A crash leaves its
# input in fuzz/artifacts/<target>/, and the script exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-20}
shift $(( $# > 0 ? 1 : 0 ))
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=(envelope sse spec markdown import server_auth server_form server_request mock_request)
fi

host=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/fuzz/target}
# SanitizerCoverage as cargo-fuzz sets it up, without `-Z` flags: 8-bit edge counters,
# the PC table and comparison tracing that libFuzzer reads. `--target` keeps the flags
# off build scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"

echo "== building fuzz targets (release, instrumented, $host)"
build_start=$SECONDS
(cd fuzz && cargo build --locked --release --target "$host" --bins) || exit 2
echo "built in $(( SECONDS - build_start )) s"

bin=$CARGO_TARGET_DIR/$host/release
status=0
printf '%-16s %12s %8s %8s %10s\n' target executions seconds crashes peak_rss
for target in "${targets[@]}"; do
  scratch=$(mktemp -d)
  artifacts=$root/fuzz/artifacts/$target
  mkdir -p "$artifacts" "$scratch/corpus"
  log=$scratch/log
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
  regressions=()
  [ -d "fuzz/regressions/$target" ] && regressions=("fuzz/regressions/$target")
  start=$SECONDS
  # shellcheck disable=SC2086
  "$bin/$target" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=1024 \
    -timeout=10 -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} \
    "$scratch/corpus" "fuzz/corpus/$target" "${regressions[@]}" >"$log" 2>&1 &
  wait $!
  rc=$?
  took=$(( SECONDS - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    status=1
    [ "$crashes" -eq 0 ] && crashes=1
    echo "---- $target failed (exit $rc); the end of its log:" >&2
    tail -40 "$log" >&2
  fi
  printf '%-16s %12s %8s %8s %7s MB\n' "$target" "${runs:-?}" "$took" "$crashes" "${rss:-?}"
  rm -rf "$scratch"
done
exit $status
