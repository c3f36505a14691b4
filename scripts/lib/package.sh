# Packaging the crates as a registry would serve them, for scripts that build a project
# outside this repository (consumer-check.sh, additions-check.sh). Source it from the
# repository root; it defines functions only.
#
#   package_crates [--no-verify] CRATE...   cargo package each crate (root workspace
#                                           members, or service crates in services/)
#   unpack_crates DIR CRATE...              unpack their .crate files into DIR
#   patch_section DIR CRATE...              the [patch.crates-io] lines that serve the
#                                           unpacked crates as registry versions
#   fixture_on_packages FIXTURE DIR PACKAGES CRATE...
#                                           a copy of the fixture crate FIXTURE in DIR, its
#                                           in-repository patch section replaced by one
#                                           serving the crates unpacked in PACKAGES
#   fixture_project FIXTURE WORK CRATE...   the crates packaged (unverified) and unpacked in
#                                           WORK/packages, FIXTURE copied onto them as
#                                           WORK/app ($project), its own target directory

# The version every crate of this repository is published at.
PACKAGE_VERSION=0.1.0

# Where cargo puts .crate files: the target directory's package/.
package_dir() {
  echo "${CARGO_TARGET_DIR:-$PWD/target}/package"
}

package_crates() {
  local verify=() root=() services=() patch=() c
  if [ "${1:-}" = --no-verify ]; then verify=(--no-verify); shift; fi
  for c in "$@"; do
    if [ -d "services/$c" ] && ! grep -q "\"services/$c\"" Cargo.toml; then
      services+=(-p "$c")
    else
      root+=(-p "$c")
    fi
  done
  # The root workspace packages its members together (cargo lends them to each other
  # through a temporary registry).
  if [ ${#root[@]} -gt 0 ]; then
    cargo package --quiet "${verify[@]}" "${root[@]}"
  fi
  # A crate of services/ is in another workspace: it gets the runtime and the generator
  # by patch, from their packages.
  if [ ${#services[@]} -gt 0 ]; then
    for c in tencentcloud-runtime tencentcloud-codegen; do
      # Verifying leaves the package unpacked beside its .crate; --no-verify does not.
      [ -d "$(package_dir)/$c-$PACKAGE_VERSION" ] ||
        tar -xzf "$(package_dir)/$c-$PACKAGE_VERSION.crate" -C "$(package_dir)"
      patch+=(--config "patch.crates-io.$c.path=\"$(package_dir)/$c-$PACKAGE_VERSION\"")
    done
    # Cargo records the patch in services/Cargo.lock (`[[patch.unused]]`); the checkout's
    # lock file is put back as it was.
    local lock status=0
    lock=$(mktemp)
    cp services/Cargo.lock "$lock"
    cargo package --quiet "${verify[@]}" --manifest-path services/Cargo.toml "${services[@]}" \
      --target-dir "$(dirname "$(package_dir)")" "${patch[@]}" || status=$?
    cp "$lock" services/Cargo.lock
    rm -f "$lock"
    return "$status"
  fi
}

unpack_crates() {
  local dir=$1 c file
  shift
  mkdir -p "$dir"
  for c in "$@"; do
    file="$(package_dir)/$c-$PACKAGE_VERSION.crate"
    tar -xzf "$file" -C "$dir"
    echo "$c-$PACKAGE_VERSION.crate: $(tar -tzf "$file" | wc -l) files"
  done
}

patch_section() {
  local dir=$1 c
  shift
  echo
  echo "# Registry versions, served from the unpacked .crate files."
  echo "[patch.crates-io]"
  for c in "$@"; do
    echo "$c = { path = \"$dir/$c-$PACKAGE_VERSION\" }"
  done
}

fixture_on_packages() {
  local fixture=$1 dir=$2 packages=$3
  shift 3
  mkdir -p "$dir"
  # Its sources, without what a build in its folder left.
  tar -C "$fixture" --exclude=./target --exclude=./Cargo.lock -cf - . | tar -C "$dir" -xf -
  # Its in-repository patch section (from this line to the end) gives way to the packages.
  sed -i '/^# In this repository: the registry versions/,$d' "$dir/Cargo.toml"
  if grep -q '^\[patch' "$dir/Cargo.toml"; then
    echo "$fixture: its in-repository [patch] section was not removed" >&2
    return 1
  fi
  patch_section "$packages" "$@" >>"$dir/Cargo.toml"
}

fixture_project() {
  local fixture=$1 work=$2
  shift 2
  echo "== cargo package"
  # Not verified here: the project builds every package from its unpacked files, which is
  # what verifying does.
  package_crates --no-verify "$@"
  unpack_crates "$work/packages" "$@"
  echo "== the fixture, outside the repository, on the packages"
  project=$work/app
  fixture_on_packages "$fixture" "$project" "$work/packages" "$@"
  # Its own target directory, even when CARGO_TARGET_DIR is set.
  export CARGO_TARGET_DIR=$project/target
}
