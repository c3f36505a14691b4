#!/usr/bin/env bash
# Drives the scf-emulator binary with Tencent's official Python SDK: create a function,
# invoke it asynchronously, list its events, terminate the running one, read its
# status, the legacy v1 signatures, and a wrong secret key refused. Not part of
# `cargo test` (it needs Python and PyPI); .ci/run runs it, and it skips loudly without
# python3.
# Usage: bash scripts/official-sdk-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/python.sh
python_venv official-sdk-smoke scripts/official-sdk-smoke.requirements.txt

cargo build --quiet -p scf-emulator --bin scf-emulator
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

id=AKIDsmokeEXAMPLE key=smoke-secret-key-EXAMPLE
log=$(mktemp)
"$target_dir/debug/scf-emulator" --listen 127.0.0.1:0 --secret-id "$id" --secret-key "$key" \
  --grace-period-ms 200 >"$log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 100); do
  grep -q '^scf-emulator listening on ' "$log" && break
  kill -0 $emulator 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
endpoint=$(sed -n 's|^scf-emulator listening on http://||p' "$log")
[ -n "$endpoint" ] || { echo "the emulator did not start:"; cat "$log"; exit 1; }
echo "scf-emulator on $endpoint; official SDK $("$venv/bin/pip" show tencentcloud-sdk-python-scf | sed -n 's/^Version: //p')"

"$venv/bin/python" scripts/official_sdk_smoke.py "$endpoint" "$id" "$key"

kill -TERM $emulator
wait $emulator || true
echo "-- emulator output:"
cat "$log"
