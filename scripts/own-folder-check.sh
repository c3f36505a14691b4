#!/usr/bin/env bash
# cargo build, cargo test and cargo run --example from the folders of the crates that are
# special, as a contributor who opens one of them would: the flagship (SCF), Hunyuan
# (root members whose folders are under services/, the other workspace), one ordinary
# service crate (services/ workspace), the generator's fixtures, the emulator's
# quickstart, and tests/additions-consumer and tests/select-consumer (workspaces of their
# own, whose registry dependencies are this checkout's crates). `cargo test` checks every crate's workspace
# from its folder (tests/tests/own_folder.rs); this builds and runs them.
#
# Usage: bash scripts/own-folder-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TERM_COLOR=never

in_folder() {
  local folder=$1
  shift
  echo "== $folder: $*"
  (cd "$root/$folder" && "$@")
}

in_folder services/tencentcloud-scf cargo build --quiet
in_folder services/tencentcloud-scf cargo test --quiet
in_folder services/tencentcloud-scf cargo run --quiet --example terminate_async_event -- --help

in_folder services/tencentcloud-hunyuan cargo build --quiet
in_folder services/tencentcloud-hunyuan cargo test --quiet
answer=$(cd services/tencentcloud-hunyuan && cargo run --quiet --example chat -- "Hello")
echo "$answer"
[ -n "$answer" ] || { echo "own folder: the chat example printed nothing" >&2; exit 1; }

in_folder services/tencentcloud-vm cargo build --quiet
in_folder services/tencentcloud-vm cargo test --quiet

in_folder crates/codegen-fixtures cargo build --quiet
in_folder crates/codegen-fixtures cargo test --quiet

in_folder crates/scf-emulator cargo run --quiet --example quickstart

in_folder tests/additions-consumer cargo build --quiet
in_folder tests/additions-consumer cargo test --quiet --features server

in_folder tests/select-consumer cargo build --quiet
in_folder tests/select-consumer cargo test --quiet --features server

echo "own folder: every crate built, tested and ran from its folder"
