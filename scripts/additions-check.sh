#!/usr/bin/env bash
# Proves that a user's crate outside this repository can add to a shipped spec: packages
# the runtime, the generator, the server and SCF (scripts/lib/package.sh), copies the
# fixture tests/additions-consumer to a temporary directory, points its registry
# dependencies at the unpacked .crate files ([patch.crates-io]; no path into this source
# tree), and runs its tests: its build script merges additions/scf.json into SCF's spec
# and generates the whole client and server side, and the test calls the added action
# on loopback. Then the bad input: with conflicting additions (conflicting/scf.json) the
# build must fail listing every problem by file and JSON path, without a panic.
#
# Usage: bash scripts/additions-check.sh
# Environment: KEEP=1 keeps the temporary project (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/package.sh
crates=(tencentcloud-runtime tencentcloud-codegen tencentcloud-server tencentcloud-scf)
export CARGO_TERM_COLOR=never

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-additions.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

fixture_project tests/additions-consumer "$work" "${crates[@]}"
cd "$project"

echo "== where the local crates come from (all from the unpacked packages)"
cargo metadata --quiet --format-version 1 | python3 -c '
import json, os, sys
work = os.path.realpath(sys.argv[1])
local = [p for p in json.load(sys.stdin)["packages"] if p["source"] is None]
for p in sorted(local, key=lambda p: p["name"]):
    print("  %s %s: %s" % (p["name"], p["version"], p["manifest_path"]))
outside = [p["name"] for p in local if not os.path.realpath(p["manifest_path"]).startswith(work)]
if outside:
    sys.exit("additions check: from outside the temporary directory: %s" % outside)
' "$work"

echo "== cargo build (no server feature: the client side only)"
start=$(date +%s)
cargo build --quiet
echo "built in $(($(date +%s) - start)) s"

echo "== cargo test --features server"
cargo test --features server -- --nocapture --test-threads 1 2>&1

echo "== conflicting additions: the build must fail with every problem listed"
cp conflicting/scf.json additions/scf.json
if cargo build --quiet >"$work/bad.log" 2>&1; then
  cat "$work/bad.log"
  echo "additions check: the build succeeded with conflicting additions" >&2
  exit 1
fi
cat "$work/bad.log"
for expected in \
  'additions/scf.json: actions.GetFunction: action "GetFunction" already exists' \
  'additions/scf.json: extend.actions.DescribeFunction: no action "DescribeFunction" to extend' \
  'additions/scf.json: extend.actions.GetFunction.input[0].type: member "ShowCode" already exists with type "string"' \
  'additions/scf.json: extend.shapes.Tag.members[0].type: member "Value" already exists with type "string"' \
  'additions/scf.json: actions.GetFunctionCostReport.output[0].type: unknown type "CostItem" in "list<CostItem>"'; do
  if ! grep -qF "$expected" "$work/bad.log"; then
    echo "additions check: no line with: $expected" >&2
    exit 1
  fi
done
if grep -qiE 'panicked|RUST_BACKTRACE' "$work/bad.log"; then
  echo "additions check: the build script panicked" >&2
  exit 1
fi
echo "every problem listed, no panic"
echo "additions check: passed"
