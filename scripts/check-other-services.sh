#!/usr/bin/env bash
# Imports services other than SCF from Tencent's published English description and
# compiles what the generator makes of them, to show that neither the importer nor the
# generator is specific to SCF. Not part of `cargo test`: it downloads from PyPI and
# compiles over a hundred thousand generated lines.
#
# Usage: bash scripts/check-other-services.sh [SERVICE/VERSION ...]
#   e.g. bash scripts/check-other-services.sh cvm/2017-03-12 sts/2018-08-13
# Environment: KEEP=1 keeps the temporary directory (its path is printed);
#              CLIPPY=0 skips `cargo clippy --features server -- -D warnings`;
#              EXAMPLES=0 skips decoding the published examples with the generated types.
# Exit status: 0 when every service imports, generates and passes check and clippy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The edition the committed SCF spec was imported from, so results are reproducible.
tccli_version=3.1.193.1
if [ $# -gt 0 ]; then
  services=("$@")
else
  # The two largest API surfaces among common products (cvm, vpc), a newer API whose
  # examples are POST bodies (cls), and a small one (sts).
  services=(cvm/2017-03-12 vpc/2017-03-12 cls/2020-10-16 sts/2018-08-13)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-other-services.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# A venv of its own, so the download neither depends on nor touches the system's pip.
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip download --quiet --no-deps --disable-pip-version-check \
  "tccli-intl-en==$tccli_version" -d "$work/download"
"$work/venv/bin/python" -m zipfile -e "$work/download"/tccli_intl_en-"$tccli_version"-*.whl "$work/tccli"
published="$work/tccli/tccli/services"

# One shared target directory: the runtime and serde are compiled once for every crate.
export CARGO_TARGET_DIR="$root/target"
cargo build --quiet -p tencentcloud-codegen
codegen=(cargo run --quiet -p tencentcloud-codegen --)

results=()
status=0
for entry in "${services[@]}"; do
  svc=${entry%%/*}
  version=${entry#*/}
  dir="$published/$svc/v${version//-/}"
  spec="$work/specs/$svc.json"
  crate="$work/crates/tencentcloud-$svc"
  log="$work/logs/$svc"
  mkdir -p "$work/specs" "$crate/src" "$crate/tests" "$log"
  echo "== $svc $version"

  if [ ! -f "$dir/api.json" ]; then
    results+=("$svc $version: no $dir/api.json in tccli-intl-en $tccli_version")
    status=1
    continue
  fi
  examples=()
  [ -f "$dir/examples.json" ] && examples=(--examples "en=$dir/examples.json")
  if ! "${codegen[@]}" import --api "en=$dir/api.json" "${examples[@]}" \
    --source "tccli-intl-en $tccli_version: tccli/services/$svc/v${version//-/}/{api,examples}.json" \
    --out "$spec" 2>"$log/import.txt"; then
    cat "$log/import.txt"
    results+=("$svc $version: import failed")
    status=1
    continue
  fi
  warnings=$(grep -c '^warning:' "$log/import.txt" || true)
  # "…: ok (cvm 2017-03-12, 85 actions, 63 shapes)" → "85 actions, 63 shapes"
  counts=$("${codegen[@]}" check "$spec" | sed -n 's/.*, \([0-9]* actions, [0-9]* shapes\))$/\1/p')

  if ! "${codegen[@]}" generate "$spec" --crate-name "tencentcloud-$svc" \
    --out "$crate/src/generated.rs" 2>"$log/generate.txt"; then
    cat "$log/generate.txt"
    results+=("$svc $version: $counts; generate failed")
    status=1
    continue
  fi
  lines=$(wc -l <"$crate/src/generated.rs" | tr -d ' ')

  cat >"$crate/Cargo.toml" <<EOF
[package]
name = "tencentcloud-$svc"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tencentcloud-runtime = { path = "$root/crates/tencentcloud-runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[build-dependencies]
tencentcloud-codegen = { path = "$root/codegen" }

# As in crates/tencentcloud-scf: the generated server side is behind this feature.
[features]
server = ["tencentcloud-runtime/server"]

# Not a member of any enclosing workspace.
[workspace]
EOF
  # The same crate attributes as crates/tencentcloud-scf/src/lib.rs.
  cat >"$crate/src/lib.rs" <<'EOF'
//! Generated for scripts/check-other-services.sh.
#![allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
include!("generated.rs");
EOF
  # Only the example tests come from build.rs; the library is the CLI's output above.
  cat >"$crate/build.rs" <<EOF
fn main() {
    let spec = std::path::Path::new("$spec");
    let settings = tencentcloud_codegen::Settings::new("$svc.json")
        .with_crate_name("tencentcloud-$svc");
    let tests = tencentcloud_codegen::generate_example_tests(spec, &settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("examples.rs"), tests).expect("OUT_DIR is writable");
}
EOF
  # What crates/tencentcloud-scf/tests/examples.rs checks, less the request round trip
  # (published requests may carry members their description lacks).
  cat >"$crate/tests/examples.rs" <<'EOF'
use serde::de::DeserializeOwned;
use serde_json::Value;

fn check<Req: DeserializeOwned, Resp: DeserializeOwned>(request: &str, response: &str) {
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

include!(concat!(env!("OUT_DIR"), "/examples.rs"));
EOF
  # The workspace's lock file, so dependencies resolve to the versions already built.
  cp "$root/Cargo.lock" "$crate/Cargo.lock"

  check=failed
  if (cd "$crate" && cargo check --quiet 2>"$log/check.txt"); then
    check=ok
    if grep -q '^warning' "$log/check.txt"; then
      check="ok with $(grep -c '^warning' "$log/check.txt") warning(s)"
    fi
  else
    head -50 "$log/check.txt"
    status=1
  fi
  clippy=skipped
  if [ "${CLIPPY:-1}" != 0 ] && [ "$check" != failed ]; then
    # With the server side, so every generated line is linted. Arguments after `--`
    # reach only this crate, so dependencies stay as built.
    if (cd "$crate" && cargo clippy --quiet --features server -- -D warnings 2>"$log/clippy.txt"); then
      clippy=ok
    else
      head -50 "$log/clippy.txt"
      clippy=failed
      status=1
    fi
  fi
  decoded=skipped
  if [ "${EXAMPLES:-1}" != 0 ] && [ "$check" != failed ]; then
    # Reported, not fatal: a failure is usually a published example that disagrees with
    # its own description (a number sent as text, say). The log names each one.
    (cd "$crate" && cargo test --quiet --test examples >"$log/examples.txt" 2>&1) || true
    summary=$(grep -o '[0-9]* passed; [0-9]* failed' "$log/examples.txt" | tail -1 || true)
    decoded=${summary:-"did not run, see $log/examples.txt"}
  fi
  results+=("$svc $version: $counts, $lines generated lines, $warnings import warning(s); check $check; clippy --features server -D warnings $clippy; published examples decoded: $decoded")
done

echo
echo "tccli-intl-en $tccli_version"
printf '%s\n' "${results[@]}"
exit "$status"
