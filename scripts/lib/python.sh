# Sourced by the scripts that run Tencent's official Python SDK.
#
#   python_or_skip NAME             without python3 and its venv module, says so loudly
#                                   and exits 0 (for a check that needs no packages
#                                   installed).
#
#   python_venv NAME REQUIREMENTS   sets $venv to a venv under target/python/NAME with the
#                                   pinned REQUIREMENTS installed (reused when they have not
#                                   changed), or, without python3 and its venv module,
#                                   says so loudly and exits 0: these checks are optional,
#                                   `cargo test` never needs Python.

python_or_skip() {
  local name=$1
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "================================================================"
    echo "SKIPPED $name: python3 with venv/ensurepip is not available."
    echo "It runs the official Python SDK; install python3 and python3-venv to run it."
    echo "================================================================"
    exit 0
  fi
}

python_venv() {
  local name=$1 requirements=$2
  python_or_skip "$name"
  venv=${VENV:-target/python/$name}
  local stamp="$venv/.requirements"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if ! cmp -s "$requirements" "$stamp"; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
  fi
}
