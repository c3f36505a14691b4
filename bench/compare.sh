#!/usr/bin/env bash
# Benchmarks this SDK side by side with the official Python SDK and writes
# bench/RESULTS.md. Loopback only; about 5 minutes on 2 cores once everything is built.
#
#   bench/compare.sh                 # the full run
#   bench/compare.sh --quick         # a tenth of the work, to try the script
#   bench/compare.sh --wait-idle 900 # first wait (up to 15 min) for load average < 1.5
#
# Set CARGO_TARGET_DIR to build elsewhere, e.g. to stay out of another build's lock.
# The Python venv goes to $BENCH_VENV (default: <target dir>/bench/venv).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
venv="${BENCH_VENV:-$target/bench/venv}"

if [ ! -x "$venv/bin/python" ]; then
  echo "[compare] creating the Python venv in $venv" >&2
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt

echo "[compare] building the release drivers" >&2
cargo build --release --quiet -p tencentcloud-bench-driver -p tencentcloud-codegen -p scf-emulator --bins
# compare.py times the rebuild of tencentcloud-scf alone; its dependencies come first.
echo "[compare] building tencentcloud-scf's dependencies (debug and release)" >&2
cargo build --quiet -p tencentcloud-scf
cargo build --quiet --release -p tencentcloud-scf

exec "$venv/bin/python" bench/compare.py \
  --command "${CARGO_TARGET_DIR:+CARGO_TARGET_DIR=$CARGO_TARGET_DIR }bench/compare.sh${*:+ $*}" "$@"
