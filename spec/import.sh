#!/usr/bin/env bash
# Re-imports every spec in spec/ from the published description: the tccli packages,
# downloaded from PyPI at pinned versions, plus what the repository keeps beside them
# (spec/sources/: SCF's committed description and every service's error data; overlays
# spec/<service>/<version>.overlay.json). Writes spec/<service>/<version>.json for every
# service version and spec/IMPORT.md. Running it twice gives byte-identical files.
#
# Usage: bash spec/import.sh [SERVICE,SERVICE...]
# Environment: TCCLI_CACHE, where the packages are downloaded and unpacked
#              (default target/tccli; reused when present).
set -euo pipefail
cd "$(dirname "$0")/.."

# scripts/official-sdk-models/requirements.txt pins the same two.
tccli_version=3.1.189.1       # Chinese edition: every service version; types and members
intl_version=3.1.193.1        # English edition: docs, where it has the service
cache=${TCCLI_CACHE:-target/tccli}

unpack() { # package version dir
  local package=$1 version=$2 dir=$cache/$1-$2
  if [ ! -f "$dir/tccli/__init__.py" ]; then
    [ -x "$cache/venv/bin/python" ] || python3 -m venv "$cache/venv"
    "$cache/venv/bin/python" -m pip download --quiet --no-deps --disable-pip-version-check \
      "$package==$version" -d "$cache/download"
    rm -rf "$dir"
    "$cache/venv/bin/python" -m zipfile -e "$cache/download/${package//-/_}-$version"-*.whl "$dir"
  fi
  echo "$dir/tccli"
}

zh=$(unpack tccli "$tccli_version")
en=$(unpack tccli-intl-en "$intl_version")
cargo run --quiet --release -p tencentcloud-codegen -- import-all \
  --tccli "$zh" --intl "$en" --spec-dir spec ${1:+--only "$1"}
