#!/usr/bin/env bash
# Compares the requests of our CommonClient (the tencentcloud-runtime `common_call`
# example) with the official Python SDK's CommonClient, pinned in
# scripts/sign-vectors/requirements.txt, for the same calls to a loopback capture server.
# With --write, also rewrites tests/data/common-client-vectors.json, the known answers that
# `cargo test` checks without Python. `cargo test` never needs this script.
# Usage: scripts/common-client/run.sh [--write]
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "================================================================"
  echo "SKIPPED: python3/venv missing; the common-client comparison needs"
  echo "Python 3 with venv to run the official SDK. Nothing was compared."
  echo "================================================================"
  exit 0
fi

venv=${COMMON_CLIENT_VENV:-target/common-client/venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/sign-vectors/requirements.txt

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
