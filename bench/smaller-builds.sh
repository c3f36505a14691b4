#!/usr/bin/env bash
# What a new project pays to compile CVM or csip, whole or three actions of it
# (tencentcloud_codegen::build::select), from the packaged crates, in one run on this
# machine:
#
#   1. shared: a new project with the dependencies every variant has (the runtime, serde,
#      tokio, reqwest…, and the generator for build scripts), built from clean;
#   2. from a copy of that target directory, each variant is added and built again, so
#      that its time is what the service costs: the full crate (tencentcloud-cvm, its
#      build script generating every action, and compiling them), or the selection (the
#      project's build script generating three actions, compiled with the project).
#
# Every variant's main.rs is the same program (it calls the three actions); only the
# import of the service differs. CPU time (user + system, of cargo and everything it
# runs) is the figure to trust on a shared machine; wall time is given beside it, with
# the load average. Each rustc runs under GNU time (a RUSTC_WRAPPER), which splits the
# CPU between compiling the service crate, compiling the project, and the rest (build
# scripts running, cargo itself). Generated lines are those of the files the build
# scripts write.
#
# Writes bench/SMALLER-BUILDS.md and the table in README.md between its smaller-builds
# markers.
#
# Usage: bash bench/smaller-builds.sh          (about 15 minutes on 2 quiet cores)
# Environment: FULL_CSIP=0 skips the whole csip crate (the longest build);
#              PROFILE=release measures `cargo build --release` instead of dev;
#              REPEAT=N builds each variant N times (the median CPU is reported);
#              KEEP=1 keeps the temporary projects (their path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib/package.sh
export CARGO_TERM_COLOR=never
profile=${PROFILE:-dev}
full_csip=${FULL_CSIP:-1}
repeat=${REPEAT:-1}
[ -x /usr/bin/time ] || { echo "smaller builds: needs GNU time (/usr/bin/time)" >&2; exit 1; }

crates=(tencentcloud-runtime tencentcloud-codegen tencentcloud-cvm tencentcloud-csip)
cvm_actions=(DescribeInstances RunInstances TerminateInstances)
csip_actions=(DescribeCVMAssets DescribeDbAssets DescribeClusterAssets)

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-smaller.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== cargo package"
package_crates --no-verify "${crates[@]}"
unpack_crates "$work/packages" "${crates[@]}"

# Each rustc under GNU time: "wall user sys package crate" per compile (cargo gives
# rustc the package's name; its own queries of rustc have none).
cat >"$work/rustc-cpu" <<'EOF'
#!/usr/bin/env bash
name=-
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = --crate-name ] && name=${args[$((i + 1))]}
done
exec /usr/bin/time -a -o "$RUSTC_CPU_LOG" -f "%e %U %S ${CARGO_PKG_NAME:--} $name" "$@"
EOF
chmod +x "$work/rustc-cpu"

project=$work/app
mkdir -p "$project/src"

# manifest EXTRA-DEPENDENCY-LINE [no-build-script]
manifest() {
  cat <<EOF
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[workspace]

[dependencies]
tencentcloud-runtime = "0.1.0"
serde = { version = "1", features = ["derive"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
$1
EOF
  if [ "${2:-}" != no-build-script ]; then
    printf '\n[build-dependencies]\ntencentcloud-codegen = { version = "0.1.0", default-features = false }\n'
  fi
  patch_section "$work/packages" "${crates[@]}"
}

# The build script of the shared step: the generator is built (every variant needs it:
# the full crates' build scripts, or the project's) but generates nothing. A project on
# a full crate has no build script.
plain_build_rs() {
  cat <<'EOF'
fn main() {
    // Nothing to generate; the generator is compiled as in every variant.
    let _ = tencentcloud_codegen::build::version_module("2017-03-12");
}
EOF
}

# select_build_rs SERVICE ACTION...
select_build_rs() {
  local service=$1 list=""
  shift
  for a in "$@"; do list="$list\"$a\", "; done
  cat <<EOF
fn main() {
    tencentcloud_codegen::build::select("$service", "${service}_client", &[${list%, }]);
}
EOF
}

# main_rs IMPORT SERVICE: the same program for the full crate and the selection.
main_rs() {
  echo "$1"
  if [ "$2" = cvm ]; then
    cat <<'EOF'
use cvm::operation::describe_instances::DescribeInstancesRequest;
use cvm::operation::run_instances::RunInstancesRequest;
use cvm::operation::terminate_instances::TerminateInstancesRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = cvm::Client::new(&cvm::Config::from_env()?)?;
    let listed = client.describe_instances(&DescribeInstancesRequest::new()).await?;
    println!("{} instance(s)", listed.total_count);
    let run = client
        .run_instances(&RunInstancesRequest::new().set_image_id("img-8toqc6s3"))
        .await?;
    client
        .terminate_instances(&TerminateInstancesRequest::new(run.instance_id_set))
        .await?;
    Ok(())
}
EOF
  else
    cat <<'EOF'
use csip::operation::describe_cvm_assets::DescribeCvmAssetsRequest;
use csip::operation::describe_cluster_assets::DescribeClusterAssetsRequest;
use csip::operation::describe_db_assets::DescribeDbAssetsRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = csip::Client::new(&csip::Config::from_env()?)?;
    let cvm = client.describe_cvm_assets(&DescribeCvmAssetsRequest::new()).await?;
    let db = client.describe_db_assets(&DescribeDbAssetsRequest::new()).await?;
    let clusters = client.describe_cluster_assets(&DescribeClusterAssetsRequest::new()).await?;
    println!("{:?} {:?} {:?}", cvm.request_id, db.request_id, clusters.request_id);
    Ok(())
}
EOF
  fi
}

# build LABEL: cargo build, timed; appends "LABEL wall cpu service build-rs main rest" to
# results: service is rustc on the service crate (library and build script), build-rs
# rustc on the project's build script, main rustc on the project's binary (main.rs and
# a selection's module), rest what is not rustc (build scripts running, cargo).
build() {
  local label=$1 args=(--quiet) log=$work/build-$1.log
  [ "$profile" = release ] && args+=(--release)
  export RUSTC_CPU_LOG=$work/rustc-$label.log
  : >"$RUSTC_CPU_LOG"
  echo "== $label: cargo build ($profile)"
  if ! { TIMEFORMAT='%R %U %S'; time (cd "$project" && RUSTC_WRAPPER=$work/rustc-cpu \
    CARGO_TARGET_DIR=$project/target cargo build "${args[@]}" >"$log" 2>&1); } 2>"$work/time-$label"; then
    cat "$log" >&2
    echo "smaller builds: $label did not build" >&2
    exit 1
  fi
  local times
  times=$(tail -1 "$work/time-$label")
  awk -v label="$label" -v times="$times" '
    { cpu = $2 + $3; all += cpu
      if ($4 ~ /^tencentcloud-(cvm|csip)$/) svc += cpu
      if ($4 == "app" && $5 == "build_script_build") script += cpu
      if ($4 == "app" && $5 == "app") main += cpu
      if ($5 != "-") compiled = compiled " " $4 "(" $5 ")" }
    END { split(times, t, " "); total = t[2] + t[3]
      printf "%s %.2f %.2f %.2f %.2f %.2f %.2f\n", label, t[1], total, svc, script, main, total - all
      print "   compiled:" compiled > "/dev/stderr" }
  ' "$RUSTC_CPU_LOG" >>"$work/results"
  tail -1 "$work/results"
}

# lines FILE-GLOB: lines of the generated file(s) under the target directory.
lines() {
  local dir=$project/target/$([ "$profile" = release ] && echo release || echo debug)/build
  # shellcheck disable=SC2086
  cat $dir/$1 2>/dev/null | wc -l
}

: >"$work/results"
: >"$work/lines"
echo "== 1. shared dependencies, from clean"
manifest "" >"$project/Cargo.toml"
plain_build_rs >"$project/build.rs"
cat >"$project/src/main.rs" <<'EOF'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = tencentcloud_runtime::Config::from_env()?;
    println!("{config:?}");
    Ok(())
}
EOF
build shared
cp -a "$project/target" "$work/target.shared"
# What cargo itself costs on a rebuild of this project, whatever the service: its
# `rest` (not rustc) with only main.rs to compile again.
for ((i = 1; i <= repeat; i++)); do
  touch "$project/src/main.rs"
  build rebuild
done

# variant LABEL DEPENDENCY-LINE BUILD.RS-FUNCTION|- IMPORT SERVICE GENERATED-GLOB: each of
# REPEAT times from a copy of the shared target directory.
variant() {
  local label=$1 dep=$2 build_rs=$3 import=$4 service=$5 glob=$6 i
  if [ "$build_rs" = - ]; then
    manifest "$dep" no-build-script >"$project/Cargo.toml"
    rm -f "$project/build.rs"
  else
    manifest "$dep" >"$project/Cargo.toml"
    eval "$build_rs" >"$project/build.rs"
  fi
  main_rs "$import" "$service" >"$project/src/main.rs"
  for ((i = 1; i <= repeat; i++)); do
    rm -rf "$project/target"
    cp -a "$work/target.shared" "$project/target"
    build "$label"
  done
  echo "$label $(lines "$glob")" >>"$work/lines"
  tail -1 "$work/lines"
}

# In a binary, what main.rs does not use would be dead-code warnings.
include() { echo "#[allow(dead_code, unused_imports)] mod $1 { include!(concat!(env!(\"OUT_DIR\"), \"/$1_client.rs\")); }"; }

echo "== 2. each variant from a copy of the shared target"
variant full-cvm 'tencentcloud-cvm = "0.1.0"' - \
  'use tencentcloud_cvm as cvm;' cvm 'tencentcloud-cvm-*/out/v*.rs'
variant select-cvm 'tencentcloud-cvm = { version = "0.1.0", default-features = false }' \
  "select_build_rs cvm ${cvm_actions[*]}" "$(include cvm)" cvm 'app-*/out/cvm_client.rs'
variant select-csip 'tencentcloud-csip = { version = "0.1.0", default-features = false }' \
  "select_build_rs csip ${csip_actions[*]}" "$(include csip)" csip 'app-*/out/csip_client.rs'
if [ "$full_csip" = 1 ]; then
  variant full-csip 'tencentcloud-csip = "0.1.0"' - \
    'use tencentcloud_csip as csip;' csip 'tencentcloud-csip-*/out/v*.rs'
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== results"
cat "$work/results"
commit=$(git rev-parse --short HEAD)
rustc_version=$(rustc --version)
# One row per variant: the run of median CPU. The service part is the CPU of adding the
# service less what the project's own main.rs costs (rustc on the binary in the full
# crate's variant: the same program, monomorphizing the runtime's call path for three
# actions, and linking) and less cargo's own work on any rebuild (the rebuild step's
# `rest`), so that it counts only generating and compiling the service.
table=$(awk -v profile="$profile" '
  FNR == NR { lines[$1] = $2; next }
  { n[$1]++; row[$1, n[$1]] = $0 }
  END {
    for (v in n) {
      # The median by CPU (an insertion sort of a few runs).
      for (i = 1; i <= n[v]; i++) idx[i] = i
      for (i = 2; i <= n[v]; i++)
        for (j = i; j > 1; j--) {
          split(row[v, idx[j]], a, " "); split(row[v, idx[j - 1]], b, " ")
          if (a[3] + 0 < b[3] + 0) { t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t }
        }
      split(row[v, idx[int((n[v] + 1) / 2)]], f, " ")
      wall[v] = f[2]; cpu[v] = f[3]; svc[v] = f[4]; script[v] = f[5]; main[v] = f[6]; rest[v] = f[7]
    }
    print "| Build (`" profile "` profile) | Wall | CPU | rustc: service crate | rustc: project build.rs | rustc: project main.rs | build scripts running, cargo | Service part (CPU) | Generated lines |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf "| Shared dependencies, from clean (runtime, serde, tokio, reqwest, generator…) | %.0f s | %.0f s | | | | | | |\n", wall["shared"], cpu["shared"]
    printf "| The same, main.rs touched (cargo on any rebuild) | %.1f s | %.1f s | | %.1f s | %.1f s | %.1f s | | |\n", wall["rebuild"], cpu["rebuild"], script["rebuild"], main["rebuild"], rest["rebuild"]
    k = split("full-cvm select-cvm full-csip select-csip", variants, " ")
    name["full-cvm"] = "+ the full `tencentcloud-cvm` (111 actions)"
    name["select-cvm"] = "+ 3 CVM actions (`build::select`)"
    name["full-csip"] = "+ the full `tencentcloud-csip` (751 actions)"
    name["select-csip"] = "+ 3 csip actions (`build::select`)"
    full["select-cvm"] = "full-cvm"; full["select-csip"] = "full-csip"
    own["full-cvm"] = "full-cvm"; own["select-cvm"] = "full-cvm"
    own["full-csip"] = "full-csip"; own["select-csip"] = "full-csip"
    for (i = 1; i <= k; i++) {
      v = variants[i]
      if (!(v in cpu)) continue
      part = ""
      if (own[v] in main) {
        p = cpu[v] - main[own[v]] - rest["rebuild"]
        part = sprintf("%.1f s", p)
        if (v in full && full[v] in cpu && p > 0)
          part = sprintf("%.1f s (%.0f× less)", p, (cpu[full[v]] - main[own[v]] - rest["rebuild"]) / p)
      }
      printf "| %s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %s | %d |\n", name[v], wall[v], cpu[v], svc[v], script[v], main[v], rest[v], part, lines[v]
    }
  }' "$work/lines" "$work/results")
cpus=$(nproc)
machine="$cpus cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average $load_before before, $load_after after"

{
  echo "# Smaller builds: a selection of actions against the full crate"
  echo
  echo "Written by \`bash bench/smaller-builds.sh\` at $commit ($rustc_version), $(date -u +%Y-%m-%d)."
  echo "Machine: $machine."
  echo
  cat <<'EOF'
Each row after the first is what adding the service to a new project costs once the shared
dependencies are built (the first row, from clean): the same `main.rs`, calling three
actions, imports either the full crate (the project has no build script) or a module that
its `build.rs` generates with `tencentcloud_codegen::build::select` (the service crate is
then a dependency without default features: its spec, no code).

- **CPU** is user + system time of cargo and of everything it ran; **Wall** is elapsed
  time (on a loaded machine, CPU is the figure to trust).
- **rustc: service crate** is compiling `tencentcloud-<service>`: its library and build
  script. **rustc: project build.rs** and **main.rs** are compiling the project's build
  script and its binary (which includes a selection's generated module). **Build scripts
  running, cargo** is the rest: the build scripts generating code, and cargo itself.
- **Service part** is the CPU less what the project's own `main.rs` costs, measured in
  the full crate's row (the same program: the runtime's call path monomorphized for three
  actions, and the link), and less what cargo costs on any rebuild (the second row's
  last column): what generating and compiling the service costs. Its ratio is against
  the full crate's service part.
- **Generated lines** are those of the files the build scripts write (client side only,
  as neither build has the `server` feature).
EOF
  echo
  echo "$table"
} >"$root/bench/SMALLER-BUILDS.md"
cat "$root/bench/SMALLER-BUILDS.md"

# The README's copy of the table, between its markers.
replace_between_markers() {
  local file=$1 start='<!-- smaller-builds:start -->' end='<!-- smaller-builds:end -->'
  grep -qF "$start" "$file" || { echo "no $start marker in $file" >&2; return 1; }
  awk -v start="$start" -v end="$end" -v body="$2" '
    $0 == start { print; print body; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$file" >"$file.new"
  mv "$file.new" "$file"
}
replace_between_markers "$root/README.md" "$(printf '%s\n\n%s\n' "$table" "Measured by \`bench/smaller-builds.sh\` at $commit on $machine.")"
echo "smaller builds: bench/SMALLER-BUILDS.md and README.md written"
