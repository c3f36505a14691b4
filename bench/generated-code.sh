#!/usr/bin/env bash
# The generator against an earlier one (BASE, default 6b156e7: the last commit before the
# generated code was slimmed), on the same published description and error data, in one
# run on this machine:
#   - generated lines for SCF;
#   - `cargo check` of csip, the largest service, with dependencies built;
#   - `cargo build` of tencentcloud-scf, with dependencies built;
#   - generating every service version (import excluded): one process on every core now,
#     one CLI process per spec before.
# Writes the table into bench/RESULTS.md, between its generated-code markers.
#
# Usage: bash bench/generated-code.sh        (about 15 minutes on 2 cores)
# Environment: BASE (a commit), TCCLI_CACHE (as spec/import.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base=${BASE:-6b156e7}
work=$root/target/bench-generated
cache=${TCCLI_CACHE:-$root/target/tccli}
mkdir -p "$work"
export CARGO_TERM_COLOR=never

seconds() { # command... → wall seconds, output discarded
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
ratio() { echo "scale=2; $1 / $2" | bc; }

# The machine is shared: the load before and after is written beside the figures.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== the earlier generator ($base) and this one"
if [ ! -d "$work/old" ]; then
  git worktree add --detach "$work/old" "$base" >/dev/null
fi
(cd "$work/old" && CARGO_TARGET_DIR=$work/old-target cargo build --quiet --release -p tencentcloud-codegen)
old_cg=$work/old-target/release/tencentcloud-codegen
cargo build --quiet --release -p tencentcloud-codegen
new_cg=$root/target/release/tencentcloud-codegen
# The published description, as spec/import.sh downloads it.
bash spec/import.sh >/dev/null
zh=$(ls -d "$cache"/tccli-3*/tccli)
en=$(ls -d "$cache"/tccli-intl-en-*/tccli)

echo "== SCF: generated lines"
old_scf=$("$old_cg" generate "$work/old/spec/scf/2018-04-16.json" --crate-name tencentcloud-scf | wc -l)
new_scf=$("$new_cg" generate spec/scf/2018-04-16.json --crate-name tencentcloud-scf | wc -l)
echo "old $old_scf, new $new_scf"

echo "== SCF: generating it, whole CLI process, 10 runs each, interleaved"
old_t=()
new_t=()
for _ in $(seq 10); do
  old_t+=("$(seconds "$old_cg" generate "$work/old/spec/scf/2018-04-16.json" --crate-name tencentcloud-scf)")
  new_t+=("$(seconds "$new_cg" generate spec/scf/2018-04-16.json --crate-name tencentcloud-scf)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
old_gen=$(median "${old_t[@]}")
new_gen=$(median "${new_t[@]}")
echo "old ${old_gen}s, new ${new_gen}s"

echo "== every service version in the earlier format (its importer, same inputs)"
rm -rf "$work/old-specs"
mkdir -p "$work/old-specs"
old_failed=()
for api in "$zh"/services/*/v*/api.json; do
  vdir=$(dirname "$api")
  dir=$(basename "$(dirname "$vdir")")
  v=$(basename "$vdir")
  v=${v#v}
  version="${v:0:4}-${v:4:2}-${v:6:2}"
  args=()
  if [ -f "$en/services/$dir/v$v/api.json" ]; then
    args+=(--api "en=$en/services/$dir/v$v/api.json")
    [ -f "$en/services/$dir/v$v/examples.json" ] && args+=(--examples "en=$en/services/$dir/v$v/examples.json")
  fi
  args+=(--api "zh=$api")
  [ -f "$vdir/examples.json" ] && args+=(--examples "zh=$vdir/examples.json")
  errors=spec/sources/errors/$dir/$version
  [ -d "$errors" ] && args+=(--action-errors "$errors/action-errors.json" --error-codes "$errors/error-codes.json")
  if ! "$old_cg" import "${args[@]}" --common-errors "$work/old/spec/common-errors.json" \
    --out "$work/old-specs/$dir-$version.json" 2>/dev/null; then
    old_failed+=("$dir $version")
  fi
done
old_specs=$(ls "$work/old-specs" | wc -l)
echo "$old_specs imported; the earlier generator cannot take: ${old_failed[*]:-none}"

echo "== generating every service"
rm -rf "$work/old-generated" "$work/new-generated"
mkdir -p "$work/old-generated"
start=$(date +%s.%N)
for spec in "$work/old-specs"/*.json; do
  "$old_cg" generate "$spec" --out "$work/old-generated/$(basename "$spec" .json).rs"
done
old_all=$(echo "$(date +%s.%N) - $start" | bc)
old_lines=$(cat "$work/old-generated"/*.rs | wc -l)
start=$(date +%s.%N)
"$new_cg" generate-all --out "$work/new-generated" >"$work/new-lines.tsv" 2>"$work/new-generate.txt"
new_all=$(echo "$(date +%s.%N) - $start" | bc)
new_lines=$(awk '{s += $2} END {print s}' "$work/new-lines.tsv")
echo "old ${old_all}s ($old_lines lines), new ${new_all}s ($new_lines lines)"

echo "== cargo check of csip"
# The earlier crate as its scripts/check-other-services.sh made it: the generated file
# included directly, on the earlier runtime.
old_crate=$work/old-csip
mkdir -p "$old_crate/src"
cp "$work/old-generated/csip-2022-11-21.rs" "$old_crate/src/generated.rs"
cat >"$old_crate/Cargo.toml" <<EOF
[package]
name = "tencentcloud-csip"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tencentcloud-runtime = { path = "$work/old/crates/tencentcloud-runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[features]
server = ["tencentcloud-runtime/server"]

[workspace]
EOF
printf '#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]\ninclude!("generated.rs");\n' >"$old_crate/src/lib.rs"
cp "$work/old/Cargo.lock" "$old_crate/Cargo.lock"
(cd "$old_crate" && CARGO_TARGET_DIR=$work/old-target cargo check --quiet)
# Now: the crate in services/, its build script generating from the spec included.
cargo check --quiet --manifest-path services/Cargo.toml -p tencentcloud-csip
# Cold checks: without incremental compilation, as in a first build and as cargo always
# builds registry dependencies. (An incremental re-check of unchanged code reuses most of
# the earlier work and says little about the code's cost.) Interleaved, median of 3.
old_t=()
new_t=()
for _ in 1 2 3; do
  touch "$old_crate/src/generated.rs"
  old_t+=("$(cd "$old_crate" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$work/old-target seconds cargo check)")
  touch services/tencentcloud-csip/spec/2022-11-21.json
  new_t+=("$(CARGO_INCREMENTAL=0 seconds cargo check --manifest-path services/Cargo.toml -p tencentcloud-csip)")
done
old_csip=$(median "${old_t[@]}")
new_csip=$(median "${new_t[@]}")
echo "old ${old_csip}s, new ${new_csip}s"

echo "== cargo build of tencentcloud-scf"
# As a dependency gets it: `cargo clean -p` first (its build script runs again), without
# incremental compilation, as cargo builds registry crates. Interleaved, median of 5.
# Inside this workspace, where cargo compiles members incrementally, the build also
# writes the incremental cache: measured once each, as a second figure.
(cd "$work/old" && CARGO_TARGET_DIR=$work/old-target cargo build --quiet -p tencentcloud-scf)
cargo build --quiet -p tencentcloud-scf
old_t=()
new_t=()
for _ in 1 2 3 4 5; do
  (cd "$work/old" && CARGO_TARGET_DIR=$work/old-target cargo clean --quiet -p tencentcloud-scf)
  old_t+=("$(cd "$work/old" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$work/old-target seconds cargo build -p tencentcloud-scf)")
  cargo clean --quiet -p tencentcloud-scf
  new_t+=("$(CARGO_INCREMENTAL=0 seconds cargo build -p tencentcloud-scf)")
done
old_scf_build=$(median "${old_t[@]}")
new_scf_build=$(median "${new_t[@]}")
(cd "$work/old" && CARGO_TARGET_DIR=$work/old-target cargo clean --quiet -p tencentcloud-scf)
old_scf_incr=$(cd "$work/old" && CARGO_TARGET_DIR=$work/old-target seconds cargo build -p tencentcloud-scf)
cargo clean --quiet -p tencentcloud-scf
new_scf_incr=$(seconds cargo build -p tencentcloud-scf)
echo "incremental: old ${old_scf_incr}s, new ${new_scf_incr}s"
echo "old ${old_scf_build}s, new ${new_scf_build}s"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(cat <<EOF
Measured by \`bash bench/generated-code.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(rustc --version | cut -d' ' -f1-2); earlier generator: \`$base\`. Both generators read the same published description (tccli 3.1.189.1, tccli-intl-en 3.1.193.1) and error data (\`spec/sources/errors\`); times are wall clock, dependencies already built. Load average (1, 5, 15 min) $load_before before, $load_after after.

| What | Before | Now | Ratio | Target |
|---|---:|---:|---:|---|
| Generated lines, SCF | $old_scf | $new_scf | $(ratio "$new_scf" "$old_scf")× | ≤ 0.6× |
| Generating SCF, \`tencentcloud-codegen generate\`, whole process (median of 10, interleaved) | $(printf %.0f "$(echo "$old_gen * 1000" | bc)") ms (threads, splice) | $(printf %.0f "$(echo "$new_gen * 1000" | bc)") ms (one path) | $(ratio "$new_gen" "$old_gen")× | ≤ 1.1× |
| \`cargo check\` of csip, cold (751 actions; now with its build script generating; median of 3) | $(printf %.1f "$old_csip") s | $(printf %.1f "$new_csip") s | $(ratio "$new_csip" "$old_csip")× | ≤ 0.6×, under 60 s |
| \`cargo build\` of tencentcloud-scf as a dependency (\`cargo clean -p\` first, not incremental; median of 5) | $(printf %.1f "$old_scf_build") s | $(printf %.1f "$new_scf_build") s | $(ratio "$new_scf_build" "$old_scf_build")× | under 5 s |
| The same as a member of this workspace (incremental, once) | $(printf %.1f "$old_scf_incr") s | $(printf %.1f "$new_scf_incr") s | $(ratio "$new_scf_incr" "$old_scf_incr")× | |
| Generating every service version | $(printf %.1f "$old_all") s ($old_specs specs, one CLI process each) | $(printf %.1f "$new_all") s (300 specs, one process, $(nproc) threads) | $(ratio "$new_all" "$old_all")× | under 10 s |
| Generated lines, every service | $old_lines ($old_specs specs) | $new_lines (300 specs) | $(ratio "$new_lines" "$old_lines")× | |

The earlier generator cannot take ${#old_failed[@]} of the 300 versions (codes that clash or end in a dot): ${old_failed[*]:-none}.
EOF
)
echo "$table"
python3 - "$table" <<'EOF' || echo "python3 unavailable: bench/RESULTS.md not updated"
import sys
path = "bench/RESULTS.md"
text = open(path).read()
start, end = "<!-- generated-code:start -->\n", "<!-- generated-code:end -->"
if start not in text:
    text += "\n## Generated code\n\n" + start + end + "\n"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(head + start + sys.argv[1] + "\n" + end + tail)
EOF
