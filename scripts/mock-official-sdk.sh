#!/usr/bin/env bash
# Drives the tencentcloud-mock binary, every service of spec/ at once, with Tencent's
# official Python SDK: CVM DescribeRegions and DescribeInstances with Filters through
# the cvm client, VPC DescribeVpcs, Hunyuan ChatCompletions streaming, the CommonClient
# (TC3 POST, GET, v1), a refusal naming the member path, and a wrong key refused. Not
# part of `cargo test` (it needs Python and PyPI); .ci/run runs it, and it skips loudly
# without python3.
# Usage: bash scripts/mock-official-sdk.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/python.sh
. scripts/lib/listener.sh
python_venv mock-official-sdk scripts/mock-official-sdk.requirements.txt

cargo build --quiet --release -p tencentcloud-mock --bin tencentcloud-mock
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

id=AKIDmockEXAMPLE key=mock-secret-key-EXAMPLE
start_listener tencentcloud-mock "$target_dir/release/tencentcloud-mock" --specs spec \
  --listen 127.0.0.1:0 --secret-id "$id" --secret-key "$key"
echo "tencentcloud-mock on $endpoint; official SDK $("$venv/bin/pip" show tencentcloud-sdk-python-common | sed -n 's/^Version: //p')"

"$venv/bin/python" scripts/mock_official_sdk.py "$endpoint" "$id" "$key"

stop_listener INT
