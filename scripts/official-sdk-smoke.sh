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
. scripts/lib/listener.sh
python_venv official-sdk-smoke scripts/official-sdk-smoke.requirements.txt

cargo build --quiet -p scf-emulator --bin scf-emulator
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

id=AKIDsmokeEXAMPLE key=smoke-secret-key-EXAMPLE
start_listener scf-emulator "$target_dir/debug/scf-emulator" --listen 127.0.0.1:0 \
  --secret-id "$id" --secret-key "$key" --grace-period-ms 200
echo "scf-emulator on $endpoint; official SDK $("$venv/bin/pip" show tencentcloud-sdk-python-scf | sed -n 's/^Version: //p')"

"$venv/bin/python" scripts/official_sdk_smoke.py "$endpoint" "$id" "$key"

stop_listener TERM
