#!/usr/bin/env bash
# Runs the terminate_async_event example, and the common_call example for a made-up
# service, against verifier.py, whose signature check is the official Python SDK's code.
# Not part of `cargo test` (it needs Python and PyPI); .ci/run runs it, and it skips
# loudly without python3.
# Usage: bash scripts/verify-with-official-sdk/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/python.sh
python_venv verify-with-official-sdk scripts/sign-vectors/requirements.txt
cargo build --quiet -p tencentcloud-scf --example terminate_async_event
cargo build --quiet -p tencentcloud-runtime --example common_call
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
id=AKIDverifyEXAMPLE key=verify-secret-key-EXAMPLE
log=$(mktemp)
"$venv/bin/python" -u scripts/verify-with-official-sdk/verifier.py "$port" "$id" "$key" 4 >"$log" 2>&1 &
verifier=$!
trap 'kill $verifier 2>/dev/null || true; cat "$log"; rm -f "$log"' EXIT
for _ in $(seq 300); do
  grep -q '^verifier listening' "$log" && break
  kill -0 $verifier 2>/dev/null || { echo "the verifier did not start"; exit 1; }
  sleep 0.1
done
example=$target_dir/debug/examples/terminate_async_event
export TENCENTCLOUD_SECRET_ID=$id TENCENTCLOUD_SECRET_KEY=$key
"$example" --function-name helloworld --invoke-request-id b379787f-8487-4bac-bd8c-17a20a9ce40e \
  --endpoint "http://127.0.0.1:$port"
"$example" --function-name 函数 --invoke-request-id id-2 --namespace default --grace-shutdown \
  --region ap-guangzhou --endpoint "http://127.0.0.1:$port"
echo "-- the common client, for a service and action no crate describes:"
"$target_dir/debug/examples/common_call" madeup 2020-01-01 DescribeThings '{"Names": ["a b", "函数"]}' \
  --region ap-guangzhou --endpoint "http://127.0.0.1:$port" --no-retry
echo "-- with a wrong secret key the official check must refuse it:"
TENCENTCLOUD_SECRET_KEY=wrong "$example" --function-name helloworld --invoke-request-id x \
  --endpoint "http://127.0.0.1:$port" && exit 1 || echo "(exit $?, as expected)"
wait $verifier
