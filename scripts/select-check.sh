#!/usr/bin/env bash
# Proves that a user's crate outside this repository can compile just the actions it
# calls: packages the runtime, the generator, the server and CVM (scripts/lib/package.sh),
# copies the fixture tests/select-consumer to a temporary directory, points its registry
# dependencies at the unpacked .crate files ([patch.crates-io]; no path into this source
# tree), and
#   - builds it: its build script generates three CVM actions (build::select), and
#     tencentcloud-cvm, a dependency without default features, compiles nothing;
#   - runs its test: the actions against tencentcloud-server on loopback (signatures
#     checked), typed responses, a paginator and typed errors;
#   - builds a call of an action it left out, which must fail to compile;
#   - runs the same test on the whole CVM crate, only the import changed (FULL=0 skips);
#   - builds with bad selections (an unknown action, a service it does not depend on, an
#     empty selection), which must fail naming build.rs, the name and the closest names,
#     without a panic.
#
# Usage: bash scripts/select-check.sh
# Environment: KEEP=1 keeps the temporary project (its path is printed); FULL=0 skips
#              the whole-crate run (the longest step).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/package.sh
crates=(tencentcloud-runtime tencentcloud-codegen tencentcloud-server tencentcloud-cvm)
export CARGO_TERM_COLOR=never

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-select.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

fixture_project tests/select-consumer "$work" "${crates[@]}"
cd "$project"

echo "== where the local crates come from (all from the unpacked packages)"
# `cargo tree` shows a path for every crate that is not from a registry.
cargo tree --quiet --prefix none --edges normal,build,dev --features server,full \
  --format '{p}' | sort -u | grep ' (/' | tee "$work/local.txt"
outside=$(grep -v " ($work/" "$work/local.txt" || true)
if [ -n "$outside" ]; then
  echo "select check: from outside the temporary directory: $outside" >&2
  exit 1
fi

echo "== cargo build (no server feature: the client side only)"
start=$SECONDS
cargo build --quiet
echo "built in $((SECONDS - start)) s"
generated=$(ls target/debug/build/select-consumer-*/out/cvm_client.rs)
echo "generated: $(wc -l <"$generated") lines (DescribeInstances, RunInstances, TerminateInstances)"
if ls target/debug/build/tencentcloud-cvm-*/out/*.rs >/dev/null 2>&1; then
  echo "select check: tencentcloud-cvm generated its own code; it should be its spec only" >&2
  exit 1
fi

echo "== cargo test --features server"
cargo test --quiet --features server -- --nocapture --test-threads 1 2>&1

echo "== an action the selection left out does not compile"
mkdir -p examples
cp compile-fail/left_out.rs examples/left_out.rs
if cargo build --quiet --example left_out >"$work/left_out.log" 2>&1; then
  cat "$work/left_out.log"
  echo "select check: a call of StartInstances compiled" >&2
  exit 1
fi
cat "$work/left_out.log"
for expected in \
  'error[E0432]: unresolved import `select_consumer::cvm::operation::start_instances`' \
  'error[E0599]: no method named `start_instances` found'; do
  if ! grep -qF "$expected" "$work/left_out.log"; then
    echo "select check: no error with: $expected" >&2
    exit 1
  fi
done
rm -r examples
echo "refused, as expected"

if [ "${FULL:-1}" = 1 ]; then
  echo "== the same test on the whole CVM crate (--features server,full)"
  start=$SECONDS
  cargo test --quiet --features server,full -- --test-threads 1 2>&1
  echo "built and ran in $((SECONDS - start)) s"
else
  echo "== FULL=0: the whole-crate run is skipped"
fi

echo "== bad selections: the build must fail naming the place, the name and the closest names"
cp build.rs "$work/build.rs.good"
bad() { # FILE EXPECTED-LINE...
  local file=$1
  shift
  cp "bad/$file" build.rs
  if cargo build --quiet >"$work/bad.log" 2>&1; then
    cat "$work/bad.log"
    echo "select check: the build succeeded with bad/$file" >&2
    exit 1
  fi
  cat "$work/bad.log"
  for expected in "$@"; do
    if ! grep -qF "$expected" "$work/bad.log"; then
      echo "select check: bad/$file: no line with: $expected" >&2
      exit 1
    fi
  done
  if grep -qiE 'panicked|RUST_BACKTRACE' "$work/bad.log"; then
    echo "select check: the build script panicked on bad/$file" >&2
    exit 1
  fi
}
bad unknown_action.rs \
  'build.rs:3:5: select("cvm"): actions[0]: "DescribeInstance" is not an action of cvm 2017-03-12 (111 actions); did you mean "DescribeInstances"?' \
  'build.rs:3:5: select("cvm"): actions[2]: "terminate_instances" is not an action of cvm 2017-03-12 (111 actions); did you mean "TerminateInstances"?' \
  'build.rs:3:5: select("cvm"): actions[3]: "LaunchRockets" is not an action of cvm 2017-03-12 (111 actions)'
bad unknown_service.rs \
  'build.rs:3:5: select("cvn"): no service "cvn" to generate: the crate does not depend on tencentcloud-cvn in [dependencies] (DEP_TENCENTCLOUD_CVN_SPEC_DIR is not set); it depends on tencentcloud-cvm; did you mean "cvm"?'
bad empty.rs \
  'build.rs:3:5: select("cvm"): actions: the selection is empty: name at least one action of cvm 2017-03-12, such as "AllocateHosts"'
cp "$work/build.rs.good" build.rs
echo "every bad selection refused by name, no panic"
echo "select check: passed"
