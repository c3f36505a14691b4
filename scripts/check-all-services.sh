#!/usr/bin/env bash
# Compiles every service crate in services/ and writes the results to
# services/CHECK.md: per crate, `cargo check`, then clippy with -D warnings and the
# server side, then its docs (`cargo doc --no-deps` with RUSTDOCFLAGS=-D warnings and
# the server side), then `cargo package` (its verify build included, on the packaged runtime
# and generator), then every published example decoded with the generated types (through
# a small test harness per crate), with generated lines and check time. Examples that
# disagree with their own description are listed, not fatal.
#
# The crates are shared among LANES (default 2) lanes, each with its own target
# directory, so that both cores are busy while one crate's build is in a single-threaded
# phase. It takes about an hour on 2 cores, so run it in the background:
#   nohup bash scripts/check-all-services.sh > target/all-services.log 2>&1 &
#
# Usage: bash scripts/check-all-services.sh [CRATE ...]   (default: every crate)
# Environment: OUT (default target/all-services) holds the target directories, the
#              harnesses and the logs; LANES; CLIPPY=0, RUSTDOC=0, PACKAGE=0 and EXAMPLES=0 skip
#              those steps; REPORT=1 only rewrites services/CHECK.md from OUT's results.
# Exit status: 0 when every crate passes check, clippy and package.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${OUT:-$root/target/all-services}
lanes=${LANES:-2}
mkdir -p "$out/logs" "$out/harness"
# One target directory per lane for both workspaces, so dependencies build once a lane.
export CARGO_TARGET_DIR=$out/lane0/target
export CARGO_TERM_COLOR=never
# Each crate is compiled once: incremental caches would only fill the disk (18 GB a lane
# over every crate), and the check times are then cold, like bench/generated-code.sh's.
export CARGO_INCREMENTAL=0
source scripts/lib/package.sh

if [ $# -gt 0 ]; then
  crates=("$@")
else
  mapfile -t crates < <(ls services | grep '^tencentcloud-')
fi

report_only=${REPORT:-0}
# Generated lines per crate, from the same generator the build scripts run.
if [ "$report_only" != 1 ]; then
  cargo build --quiet --release -p tencentcloud-codegen
  "$CARGO_TARGET_DIR/release/tencentcloud-codegen" generate-all --out "$out/generated" \
    >"$out/lines.tsv" 2>"$out/generate.txt"
  cat "$out/generate.txt"
  # What is left of the published HTML in the generated docs (the goal: nothing).
  if command -v python3 >/dev/null 2>&1; then
    python3 scripts/doc-report/scan.py "$out/generated" | sed 's/^[^:]*: //' >"$out/docs.txt"
    cat "$out/docs.txt"
  fi
fi

# The root workspace holds a few service crates; the rest are in services/.
root_members=$(sed -n 's|^ *"services/\(tencentcloud-[a-z0-9]*\)",*$|\1|p' Cargo.toml)
manifest_of() {
  if grep -qx "$1" <<<"$root_members"; then echo "$root/Cargo.toml"; else echo "$root/services/Cargo.toml"; fi
}

# The root workspace's crates are packaged together (cargo lends them to each other):
# the runtime and the generator, which every service crate's package is verified
# against, and the service crates that are members there.
root_packaged=pass
root_services=$(tr '\n' ' ' <<<"$root_members")
# shellcheck disable=SC2086
if [ "${PACKAGE:-1}" != 0 ] && [ "$report_only" != 1 ] && ! package_crates tencentcloud-runtime tencentcloud-codegen \
  tencentcloud-server $root_services >"$out/logs/root-package.txt" 2>&1; then
  root_packaged=FAIL
  cat "$out/logs/root-package.txt"
fi
packages=$(package_dir)

# The example harnesses: a workspace of one test crate per service, each generating its
# service's examples with the service's own build logic and decoding them with its
# types (requests need the server side's Deserialize).
make_harness_workspace() { # dir
  local harness=$1
  mkdir -p "$harness"
  {
  echo '[workspace]'
  echo 'resolver = "3"'
  echo 'members = ["*"]'
  echo '[profile.dev.package."*"]'
  echo 'debug = false'
  } >"$harness/Cargo.toml"
  cp services/Cargo.lock "$harness/Cargo.lock"
}
make_harness() { # harness-dir crate
  local harness=$1 crate=$2
  local dir=$harness/$crate
  mkdir -p "$dir/src" "$dir/tests"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "examples-$crate"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$crate = { path = "$root/services/$crate", features = ["server"] }
serde = "1"
serde_json = "1"

[build-dependencies]
tencentcloud-codegen = { path = "$root/codegen", default-features = false }
EOF
  cat >"$dir/build.rs" <<EOF
fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let service = std::path::Path::new("$root/services/$crate");
    tencentcloud_codegen::build::generate_crate("$crate", service, &out, true).unwrap();
}
EOF
  : >"$dir/src/lib.rs"
  {
    cat <<'EOF'
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn check<Req: Serialize + DeserializeOwned, Resp: DeserializeOwned>(request: &str, response: &str) {
    let request: Value = serde_json::from_str(request).unwrap();
    if let Err(e) = serde_json::from_value::<Req>(request) {
        panic!("request does not decode: {e}");
    }
    let envelope: Value = serde_json::from_str(response).unwrap();
    // An example of a refused call has no result to decode.
    if envelope["Response"].get("Error").is_none() {
        if let Err(e) = serde_json::from_value::<Resp>(envelope["Response"].clone()) {
            panic!("response does not decode: {e}");
        }
    }
}

macro_rules! example_test {
    ($name:ident, $request:ty, $response:ty, $req:expr, $resp:expr) => {
        #[test]
        fn $name() {
            check::<$request, $response>($req, $resp);
        }
    };
}
EOF
    for spec in "$root/services/$crate/spec/"*.json; do
      local version module
      version=$(basename "$spec" .json)
      module=v${version//-/}
      echo "mod $module {"
      echo "    use super::check;"
      echo "    include!(concat!(env!(\"OUT_DIR\"), \"/${module}_examples.rs\"));"
      echo "}"
    done
  } >"$dir/tests/examples.rs"
}

# A harness run's result from its log: "<passed> of <total>", a tab, then the examples
# that failed. Summed over every test binary (the harness's own lib and doc tests run
# none); with --quiet, failures are listed only at the end, indented, as v<version>::<test>.
examples_result() { # log
  local log=$1 passed=0 failed=0 p f names
  if ! grep -q '^test result:' "$log" 2>/dev/null; then
    printf 'did not run\t\n'
    return
  fi
  while read -r p f; do
    passed=$((passed + p))
    failed=$((failed + f))
  done < <(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$log")
  names=$(grep -E '^    v[0-9]+::[a-z0-9_]+$' "$log" | sed 's/^ *v[0-9]*:://' | sort -u | tr '\n' ' ')
  printf '%s of %s\t%s\n' "$passed" "$((passed + failed))" "${names% }"
}

check_crate() { # lane crate → one results row on stdout (tab-separated), logs in $out/logs
  local lane=$1 crate=$2 log manifest lines start check check_time clippy rustdoc package decoded bad
  log=$out/logs/$crate
  mkdir -p "$log"
  manifest=$(manifest_of "$crate")
  lines=$(awk -v c="$crate" '$1 == c {print $2}' "$out/lines.tsv")
  echo "== [$lane] $crate" >&2

  start=$(date +%s.%N)
  if cargo check --quiet --manifest-path "$manifest" -p "$crate" >"$log/check.txt" 2>&1; then
    check=pass
  else
    check=FAIL
  fi
  check_time=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")

  clippy=skipped
  if [ "${CLIPPY:-1}" != 0 ] && [ $check = pass ]; then
    if cargo clippy --quiet --manifest-path "$manifest" -p "$crate" --features server \
      -- -D warnings >"$log/clippy.txt" 2>&1; then
      clippy=pass
    else
      clippy=FAIL
    fi
  fi

  # Every doc comment, the converted published prose included, as docs.rs renders it.
  rustdoc=skipped
  if [ "${RUSTDOC:-1}" != 0 ] && [ $check = pass ]; then
    if RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --manifest-path "$manifest" \
      -p "$crate" --features server >"$log/rustdoc.txt" 2>&1; then
      rustdoc=pass
    else
      rustdoc=FAIL
    fi
  fi

  package=skipped
  if [ "${PACKAGE:-1}" != 0 ] && [ $check = pass ]; then
    if grep -qx "$crate" <<<"$root_members"; then
      package=$root_packaged
    elif cargo package --quiet --manifest-path services/Cargo.toml -p "$crate" \
      --config "patch.crates-io.tencentcloud-runtime.path=\"$packages/tencentcloud-runtime-$PACKAGE_VERSION\"" \
      --config "patch.crates-io.tencentcloud-codegen.path=\"$packages/tencentcloud-codegen-$PACKAGE_VERSION\"" \
      >"$log/package.txt" 2>&1; then
      package=pass
      # The verify build's unpacked sources are not needed again.
      rm -rf "$CARGO_TARGET_DIR/package/$crate-$PACKAGE_VERSION"
    else
      package=FAIL
    fi
  fi

  decoded=skipped
  bad=""
  if [ "${EXAMPLES:-1}" != 0 ] && [ $check = pass ]; then
    local harness=$out/harness/lane$lane
    make_harness "$harness" "$crate"
    (cd "$harness" && cargo test --quiet -p "examples-$crate" --no-fail-fast \
      >"$log/examples.txt" 2>&1) || true
    IFS=$'\t' read -r decoded bad < <(examples_result "$log/examples.txt")
    # The harness's build is not needed again.
    rm -rf "${harness:?}/$crate"
  fi
  # A crate's artifacts are not needed by the next one; over every crate they would fill
  # the disk.
  local lib=${crate//-/_}
  rm -rf "$CARGO_TARGET_DIR"/debug/deps/{lib,}"$lib"-* "$CARGO_TARGET_DIR"/debug/deps/examples_"$lib"-* \
    "$CARGO_TARGET_DIR"/debug/deps/libexamples_"$lib"-* "$CARGO_TARGET_DIR"/debug/build/{examples-,}"$crate"-* \
    "$CARGO_TARGET_DIR"/debug/.fingerprint/{examples-,}"$crate"-* "$CARGO_TARGET_DIR/doc/$lib"
  echo "   [$lane] $crate: check $check ($check_time s), clippy $clippy, rustdoc $rustdoc, package $package, examples $decoded" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$crate" "$check" "$clippy" "$rustdoc" "$package" \
    "${lines:-?}" "$check_time" "$decoded" "${bad% }"
}

run_lane() { # lane crate...
  local lane=$1 crate
  shift
  export CARGO_TARGET_DIR=$out/lane$lane/target
  make_harness_workspace "$out/harness/lane$lane"
  # Dependencies first, so the first crate's time is its own.
  cargo check --quiet --manifest-path services/Cargo.toml -p tencentcloud-sts
  for crate in "$@"; do
    check_crate "$lane" "$crate" >>"$out/rows.$lane"
  done
}

# Crates are dealt to the lanes in turn. REPORT=1 only rewrites the table from the rows
# and logs of an earlier run in OUT.
if [ "$report_only" != 1 ]; then
  git rev-parse --short HEAD >"$out/commit"
  rm -f "$out"/rows.*
  for ((lane = 0; lane < lanes; lane++)); do
    mine=()
    for ((i = lane; i < ${#crates[@]}; i += lanes)); do mine+=("${crates[$i]}"); done
    [ ${#mine[@]} -gt 0 ] && run_lane "$lane" "${mine[@]}" &
  done
  wait
fi

rows=()
failed=0
examples_total=0
examples_failed=0
while IFS=$'\t' read -r crate check clippy rustdoc package lines check_time decoded bad; do
  { [ "$check" = pass ] && [ "$clippy" != FAIL ] && [ "$rustdoc" != FAIL ] && [ "$package" != FAIL ]; } ||
    failed=$((failed + 1))
  if [ "$decoded" != skipped ]; then
    IFS=$'\t' read -r decoded bad < <(examples_result "$out/logs/$crate/examples.txt")
  fi
  if [[ $decoded =~ ^([0-9]+)\ of\ ([0-9]+)$ ]]; then
    examples_total=$((examples_total + BASH_REMATCH[2]))
    examples_failed=$((examples_failed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  fi
  rows+=("| \`$crate\` | $check | $clippy | $rustdoc | $package | $lines | $check_time | $decoded | $bad |")
done < <(sort "$out"/rows.*)
missing=()
for crate in "${crates[@]}"; do
  grep -q "^$crate"$'\t' "$out"/rows.* || missing+=("$crate")
done
failed=$((failed + ${#missing[@]}))

{
  echo "# Every service crate, compiled"
  echo
  echo "Written by \`bash scripts/check-all-services.sh\` on $(date -u +%Y-%m-%d) at commit"
  echo "$(cat "$out/commit") ($(nproc) cores, $lanes crates at a time, $(rustc --version))."
  echo "For each crate: \`cargo check\`; \`cargo clippy --features server -- -D warnings\`"
  echo "(generated code is \`#![warn(missing_docs)]\`, so an undocumented item fails it);"
  echo "\`RUSTDOCFLAGS=\"-D warnings\" cargo doc --no-deps --features server\` (rustdoc);"
  echo "\`cargo package\` with its verify build, on the packaged runtime and generator;"
  echo "generated lines (every version, examples excluded); check time with dependencies"
  echo "built (build script included; two crates compile at once, so times are an upper"
  echo "bound); and every published example decoded with"
  echo "the generated types: the request into the request type, the response into the response"
  echo "type. Examples that fail disagree with their own description (a number sent as text, a"
  echo "member the description lacks); they are listed, not fatal."
  echo
  echo "$((${#crates[@]} - failed)) of ${#crates[@]} crates pass check, clippy, rustdoc and package;" \
    "$((examples_total - examples_failed)) of $examples_total published examples decode."
  echo
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Not run: ${missing[*]}."
    echo
  fi
  echo "Generating them all: $(tail -1 "$out/generate.txt")."
  echo
  # The same actions over the wire: tencentcloud-mock's round trip of every example.
  if [ -f services/ROUND-TRIP.md ]; then
    echo "Every published example signed, sent to \`tencentcloud-mock\` and decoded ([ROUND-TRIP.md](ROUND-TRIP.md)):"
    echo "$(grep -m1 '^Service versions:' services/ROUND-TRIP.md)"
    echo
  fi
  if [ -s "$out/docs.txt" ]; then
    echo "Their docs (\`scripts/doc-report/scan.py\`): $(cat "$out/docs.txt")."
    echo
  fi
  echo "| Crate | check | clippy | rustdoc | package | Lines | Check (s) | Examples decoded | Examples that do not decode |"
  echo "|---|---|---|---|---|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
} >services/CHECK.md
echo "wrote services/CHECK.md: $failed crate(s) failed"
[ $failed = 0 ]
