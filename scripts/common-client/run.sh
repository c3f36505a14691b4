#!/usr/bin/env bash
# Compares the requests of our CommonClient (the tencentcloud-runtime `common_call`
# example) with the official Python SDK's CommonClient, pinned in
# scripts/sign-vectors/requirements.txt, for the same calls to a loopback capture server.
# With --write, also rewrites tests/data/common-client-vectors.json, the known answers that
# `cargo test` checks without Python. `cargo test` never needs this script.
# Usage: scripts/common-client/run.sh [--write]
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/lib/python.sh
VENV=${COMMON_CLIENT_VENV:-} python_venv common-client scripts/sign-vectors/requirements.txt

cargo build --quiet -p tencentcloud-runtime --example common_call
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

# Both clients talk to 127.0.0.1 directly, whatever proxy the environment names.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
args=("$target_dir/debug/examples/common_call")
if [ "${1:-}" = "--write" ]; then
  args+=(--write tests/data/common-client-vectors.json)
fi
exec "$venv/bin/python" scripts/common-client/compare.py "${args[@]}"
