#!/usr/bin/env bash
# Re-imports the SCF spec from the published description kept in spec/sources/.
# Usage: [OUT=path] bash spec/import-scf.sh [--only Action,Action]
set -euo pipefail
cd "$(dirname "$0")/.."
src=spec/sources/scf-2018-04-16
cargo run --quiet -p tencentcloud-codegen -- import \
  --api en="$src/api.en.json" --api zh="$src/api.zh.json" \
  --examples en="$src/examples.en.json" --examples zh="$src/examples.zh.json" \
  --action-errors "$src/action-errors.json" --error-codes "$src/error-codes.json" \
  --qps "$src/qps.json" --overlay spec/scf/2018-04-16.overlay.json \
  --title "Serverless Cloud Function" \
  --source "tccli-intl-en 3.1.193.1: tccli/services/scf/v20180416/{api,examples}.json (English edition, Apache-2.0)" \
  --source "tccli 3.1.189.1: tccli/services/scf/v20180416/{api,examples}.json (Chinese edition, Apache-2.0)" \
  --source "tencentcloud-sdk-go v1.3.166: per-action error codes and Chinese code descriptions (Apache-2.0)" \
  --source "tencentcloud-sdk-java-intl-en 3.1.16: English code descriptions (Apache-2.0)" \
  --source "Published SCF API reference pages: per-action QPS limits" \
  --source "spec/scf/2018-04-16.overlay.json: paging of the list actions" \
  --out "${OUT:-spec/scf/2018-04-16.json}" "$@"
