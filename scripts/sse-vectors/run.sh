#!/usr/bin/env bash
# Regenerates crates/tencentcloud-runtime/tests/data/sse-vectors.json with the official
# Python SDK, pinned in requirements.txt, in a venv under target/. With --bench, times the
# SDK's parser instead (bench.py; see bench/SSE.md). `cargo test` never needs this.
# Usage: scripts/sse-vectors/run.sh [--bench [bench.py options]]
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "================================================================"
  echo "skipped: python3 not found (or without venv/ensurepip);"
  echo "sse-vectors needs Python 3 to run the official SDK. Nothing was changed."
  echo "================================================================"
  exit 0
fi

venv=${SSE_VECTORS_VENV:-target/sse-vectors/venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/sse-vectors/requirements.txt

if [ "${1:-}" = "--bench" ]; then
  shift
  exec "$venv/bin/python" scripts/sse-vectors/bench.py "$@"
fi
exec "$venv/bin/python" scripts/sse-vectors/generate.py
