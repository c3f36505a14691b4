#!/usr/bin/env bash
# Proves the crates work from a registry, outside this repository: packages the runtime,
# the generator, the server, the mock and two service crates (`cargo package`, verify build
# included), then creates a new cargo project in a temporary directory that depends on
# them only through the packaged .crate files (unpacked, reached by [patch.crates-io];
# no path into this source tree), builds it from clean, and runs it against scf-emulator.
# Prints the clean build time and how much of it the build scripts' dependencies take.
#
# Usage: bash scripts/consumer-check.sh
# Environment: KEEP=1 keeps the temporary project (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/package.sh
services=(tencentcloud-scf tencentcloud-sts)
export CARGO_TERM_COLOR=never

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-consumer.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

echo "== cargo package (verify builds included)"
package_crates tencentcloud-runtime tencentcloud-codegen tencentcloud-server tencentcloud-mock \
  tencentcloud-scf tencentcloud-sts

echo "== the packages, unpacked outside the repository"
unpack_crates "$work/packages" tencentcloud-runtime tencentcloud-codegen tencentcloud-server \
  "${services[@]}"

echo "== a new project depending on them"
project=$work/app
cargo new --quiet --vcs none "$project"
cat >>"$project/Cargo.toml" <<EOF
tencentcloud-scf = "0.1.0"
tencentcloud-sts = "0.1.0"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
patch_section "$work/packages" tencentcloud-runtime tencentcloud-codegen "${services[@]}" \
  >>"$project/Cargo.toml"
cat >"$project/src/main.rs" <<'EOF'
//! Calls scf-emulator at the endpoint given as the first argument, with both services.
use tencentcloud_scf::operation::create_function::CreateFunctionRequest;
use tencentcloud_scf::operation::get_function::GetFunctionRequest;
use tencentcloud_scf::operation::list_functions::ListFunctionsRequest;
use tencentcloud_scf::types::Code;
use tencentcloud_scf::{Config, Credentials, Error, ServiceError};
use tencentcloud_sts::operation::get_caller_identity::GetCallerIdentityRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).expect("endpoint");
    let config = Config::builder()
        .with_credentials(Credentials::new("AKIDconsumer", "consumer-key"))
        .with_region("ap-guangzhou")
        .with_endpoint(endpoint)
        .build()?;

    let scf = tencentcloud_scf::Client::new(&config)?;
    let created = scf
        .create_function(&CreateFunctionRequest::new("consumer", Code::new()).set_runtime("Python3.9"))
        .await?;
    println!("CreateFunction: RequestId {}", created.request_id);
    let listed = scf.list_functions(&ListFunctionsRequest::new()).await?;
    println!("ListFunctions: {} function(s)", listed.total_count.unwrap_or_default());
    match scf.get_function(&GetFunctionRequest::new().set_function_name("missing")).await {
        Err(Error::Service(ServiceError { code, request_id, .. })) => {
            println!("GetFunction missing: {code} (RequestId {request_id})")
        }
        other => panic!("expected a typed service error, got {other:?}"),
    }

    // The emulator serves SCF only: STS's call comes back as a typed error.
    let sts = tencentcloud_sts::Client::new(&config)?;
    match sts.get_caller_identity(&GetCallerIdentityRequest::new()).await {
        Err(err) => println!("STS GetCallerIdentity: {err}"),
        Ok(_) => panic!("scf-emulator does not serve STS"),
    }
    Ok(())
}
EOF

echo "== clean build of the new project"
start=$(date +%s.%N)
# Its own target directory, even when CARGO_TARGET_DIR is set: a clean build.
app_target=$project/target
(cd "$project" && CARGO_TARGET_DIR=$app_target cargo build --quiet --timings)
build=$(echo "$(date +%s.%N) - $start" | bc)
printf 'clean cargo build: %.1f s\n' "$build"
timings=$(ls "$project"/target/cargo-timings/cargo-timing-*.html | head -1)
python3 - "$timings" <<'EOF' || echo "(python3 unavailable: no breakdown)"
import json, re, sys
text = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
total = sum(u["duration"] for u in units)
# What only the build scripts of the service crates need.
build_deps = {"tencentcloud-codegen", "proc-macro2", "quote", "heck", "serde_path_to_error", "unicode-ident"}
own = sum(u["duration"] for u in units if u["name"] in build_deps)
scripts = sum(u["duration"] for u in units if u["name"].startswith("tencentcloud-") and "build-script" in u.get("target", ""))
print(f"CPU time of all units: {total:.1f} s; build.rs dependencies (codegen, quote, proc-macro2, heck, …): {own:.1f} s ({own / total:.0%}); service build scripts (compile and run): {scripts:.1f} s")
for u in sorted(units, key=lambda u: -u["duration"])[:8]:
    print(f"  {u['duration']:6.1f} s  {u['name']} {u.get('target', '').strip()}")
EOF

echo "== run against scf-emulator"
cargo build --quiet -p scf-emulator --bin scf-emulator
started=$work/emulator.out
"${CARGO_TARGET_DIR:-target}/debug/scf-emulator" --listen 127.0.0.1:0 \
  --secret-id AKIDconsumer --secret-key consumer-key >"$started" &
emulator=$!
trap 'kill $emulator 2>/dev/null; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
# Its first line says where it listens: "scf-emulator listening on http://127.0.0.1:PORT".
for _ in $(seq 50); do grep -q 'listening on' "$started" && break; sleep 0.1; done
endpoint=$(sed -n 's/^scf-emulator listening on //p' "$started" | head -1)
(cd "$project" && CARGO_TARGET_DIR=$app_target cargo run --quiet -- "$endpoint")
echo "consumer check: passed"
