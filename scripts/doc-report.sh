#!/usr/bin/env bash
# The generated docs of every service version, measured: doc lines, lines with raw HTML
# tags left (the goal is none), the tags by name, and links that keep the
# from_cn_redirect parameter, for this checkout and, with BASE=<rev>, for an earlier
# revision's generator beside it (built in a temporary worktree). Writes
# target/doc-report/{after,before}.json and prints one line each.
#
# Usage: bash scripts/doc-report.sh            (BASE=2eb6ab7 bash scripts/doc-report.sh)
# Needs python3 (skips loudly without it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-$PWD/target/doc-report}
mkdir -p "$out"
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIPPED the doc report: python3 is not installed." >&2
  exit 0
fi

generate() { # checkout dir, output dir
  (cd "$1" && cargo build --quiet --release -p tencentcloud-codegen)
  rm -rf "$2"
  (cd "$1" && "${CARGO_TARGET_DIR:-$1/target}/release/tencentcloud-codegen" generate-all \
    --out "$2" >/dev/null)
}

generate "$PWD" "$out/after"
python3 scripts/doc-report/scan.py "$out/after" --json >"$out/after.json"
python3 scripts/doc-report/scan.py "$out/after"

if [ -n "${BASE:-}" ]; then
  base_dir="$out/base-checkout"
  git worktree remove --force "$base_dir" >/dev/null 2>&1 || rm -rf "$base_dir"
  git worktree add --quiet --detach "$base_dir" "$BASE"
  trap 'git worktree remove --force "$base_dir" >/dev/null 2>&1 || true' EXIT
  CARGO_TARGET_DIR=$out/base-target generate "$base_dir" "$out/before"
  python3 scripts/doc-report/scan.py "$out/before" --json >"$out/before.json"
  python3 scripts/doc-report/scan.py "$out/before"
fi
