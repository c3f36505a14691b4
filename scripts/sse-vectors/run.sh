#!/usr/bin/env bash
# Regenerates crates/tencentcloud-runtime/tests/data/sse-vectors.json with the official
# Python SDK, pinned in requirements.txt, in a venv under target/. With --bench, times the
# SDK's parser instead (bench.py; see bench/SSE.md). `cargo test` never needs this.
# Usage: scripts/sse-vectors/run.sh [--bench [bench.py options]]
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/lib/python.sh
VENV=${SSE_VECTORS_VENV:-} python_venv sse-vectors scripts/sse-vectors/requirements.txt

if [ "${1:-}" = "--bench" ]; then
  shift
  exec "$venv/bin/python" scripts/sse-vectors/bench.py "$@"
fi
exec "$venv/bin/python" scripts/sse-vectors/generate.py
