#!/usr/bin/env bash
# Compiles every service crate in services/ and writes the results to
# services/CHECK.md: per crate, `cargo check`, then clippy with -D warnings and the
# server side, then every published example decoded with the generated types (through a
# small test harness per crate), with generated lines and check time. Examples that
# disagree with their own description are listed, not fatal.
#
# It takes about an hour on 2 cores, so run it in the background:
#   nohup bash scripts/check-all-services.sh > target/all-services.log 2>&1 &
#
# Usage: bash scripts/check-all-services.sh [CRATE ...]   (default: every crate)
# Environment: OUT (default target/all-services) holds the shared target directory, the
#              harnesses and the logs; CLIPPY=0 and EXAMPLES=0 skip those steps.
# Exit status: 0 when every crate passes check and clippy.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${OUT:-$root/target/all-services}
mkdir -p "$out/logs" "$out/harness"
# One target directory for both workspaces, so dependencies build once.
export CARGO_TARGET_DIR=$out/target
export CARGO_TERM_COLOR=never

if [ $# -gt 0 ]; then
  crates=("$@")
else
  mapfile -t crates < <(ls services | grep '^tencentcloud-')
fi

# Generated lines per crate, from the same generator the build scripts run.
cargo build --quiet --release -p tencentcloud-codegen
"$CARGO_TARGET_DIR/release/tencentcloud-codegen" generate-all --out "$out/generated" \
  >"$out/lines.tsv" 2>"$out/generate.txt"
cat "$out/generate.txt"

# The root workspace holds a few service crates; the rest are in services/.
root_members=$(sed -n 's|^ *"services/\(tencentcloud-[a-z0-9]*\)",*$|\1|p' Cargo.toml)
manifest_of() {
  if grep -qx "$1" <<<"$root_members"; then echo "$root/Cargo.toml"; else echo "$root/services/Cargo.toml"; fi
}

# Dependencies first, so the first crate's time is its own.
cargo check --quiet --manifest-path services/Cargo.toml -p tencentcloud-sts

# The example harnesses: a workspace of one test crate per service, each generating its
# service's examples with the service's own build logic and decoding them with its
# types (requests need the server side's Deserialize).
harness=$out/harness
{
  echo '[workspace]'
  echo 'resolver = "3"'
  echo 'members = ["*"]'
  echo '[profile.dev.package."*"]'
  echo 'debug = false'
} >"$harness/Cargo.toml"
cp services/Cargo.lock "$harness/Cargo.lock"
make_harness() { # crate
  local crate=$1 dir=$harness/$1 lib=${1//-/_}
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
  # Keep the crate name valid in the generated paths.
  : "$lib"
}

rows=()
failed=0
examples_total=0
examples_failed=0
for crate in "${crates[@]}"; do
  log=$out/logs/$crate
  mkdir -p "$log"
  manifest=$(manifest_of "$crate")
  lines=$(awk -v c="$crate" '$1 == c {print $2}' "$out/lines.tsv")
  echo "== $crate"

  start=$(date +%s.%N)
  if cargo check --quiet --manifest-path "$manifest" -p "$crate" >"$log/check.txt" 2>&1; then
    check=pass
  else
    check=FAIL
  fi
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  check_time=$(printf '%.1f' "$seconds")

  clippy=skipped
  if [ "${CLIPPY:-1}" != 0 ] && [ $check = pass ]; then
    if cargo clippy --quiet --manifest-path "$manifest" -p "$crate" --features server \
      -- -D warnings >"$log/clippy.txt" 2>&1; then
      clippy=pass
    else
      clippy=FAIL
    fi
  fi
  [ $check = pass ] && [ $clippy != FAIL ] || failed=$((failed + 1))

  decoded=skipped
  bad=""
  if [ "${EXAMPLES:-1}" != 0 ] && [ $check = pass ]; then
    make_harness "$crate"
    (cd "$harness" && cargo test --quiet -p "examples-$crate" --no-fail-fast \
      >"$log/examples.txt" 2>&1) || true
    summary=$(grep -o '[0-9]* passed; [0-9]* failed' "$log/examples.txt" | tail -1)
    if [ -n "$summary" ]; then
      passed=${summary%% passed*}
      nfail=$(sed 's/.* \([0-9]*\) failed/\1/' <<<"$summary")
      decoded="$passed of $((passed + nfail))"
      examples_total=$((examples_total + passed + nfail))
      examples_failed=$((examples_failed + nfail))
      bad=$(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$log/examples.txt" | sed 's/^v[0-9]*:://' | tr '\n' ' ')
    else
      decoded="did not run"
    fi
    # The harness's build is not needed again.
    rm -rf "$harness/$crate"
  fi
  rows+=("| \`$crate\` | $check | $clippy | ${lines:-?} | $check_time | $decoded | ${bad% } |")
  echo "   check $check ($check_time s), clippy $clippy, examples $decoded"
done

{
  echo "# Every service crate, compiled"
  echo
  echo "Written by \`bash scripts/check-all-services.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores,"
  echo "$(rustc --version)). For each crate: \`cargo check\`; \`cargo clippy --features server -- -D"
  echo "warnings\`; generated lines (every version, examples excluded); check time with"
  echo "dependencies built (build script included); and every published example decoded with"
  echo "the generated types: the request into the request type, the response into the response"
  echo "type. Examples that fail disagree with their own description (a number sent as text, a"
  echo "member the description lacks); they are listed, not fatal."
  echo
  echo "$((${#crates[@]} - failed)) of ${#crates[@]} crates pass check and clippy;" \
    "$((examples_total - examples_failed)) of $examples_total published examples decode."
  echo
  tail -1 "$out/generate.txt"
  echo
  echo "| Crate | check | clippy | Lines | Check (s) | Examples decoded | Examples that do not decode |"
  echo "|---|---|---|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
} >services/CHECK.md
echo "wrote services/CHECK.md: $failed crate(s) failed"
[ $failed = 0 ]
