#!/usr/bin/env bash
# Compares every spec with the models of Tencent's official Python SDKs and the official
# CLI's descriptions (check.py): actions, objects, members, types and required flags, and
# fails on a difference the merge rule of spec/README.md does not explain. The wheels
# pinned in requirements.txt (about 50 MB) are downloaded into target/ and read without
# installing them. Skips loudly without python3; `cargo test` never needs this.
# Usage: scripts/official-sdk-models/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/lib/python.sh
python_or_skip official-sdk-models
dir=${OFFICIAL_SDK_MODELS_DIR:-target/python/official-sdk-models}
[ -x "$dir/venv/bin/python" ] || python3 -m venv "$dir/venv"
# pip keeps a wheel that is already there.
"$dir/venv/bin/pip" download --quiet --no-deps --disable-pip-version-check \
  -r scripts/official-sdk-models/requirements.txt -d "$dir/download"
exec "$dir/venv/bin/python" scripts/official-sdk-models/check.py \
  spec scripts/official-sdk-models/requirements.txt "$dir/download"
