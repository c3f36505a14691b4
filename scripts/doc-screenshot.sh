#!/usr/bin/env bash
# The generated docs as a user sees them: renders tencentcloud-cvm's docs, checks in the
# HTML of the DescribeInstancesRequest and Instance pages that no published HTML tag is
# left, escaped (`&lt;li&gt;`) or as literal text, and takes a screenshot of each page
# with headless Chromium (Debian's chromium package, installed when missing and
# apt-get can) into target/doc-screenshot/. Without Chromium it checks and skips the
# screenshots loudly.
#
# Usage: bash scripts/doc-screenshot.sh    (SCREENSHOTS=0: the HTML check only)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/target/doc-screenshot
mkdir -p "$out"

echo "== cargo doc -p tencentcloud-cvm (RUSTDOCFLAGS=-D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --manifest-path services/Cargo.toml \
  -p tencentcloud-cvm
target_dir=$(cargo metadata --manifest-path services/Cargo.toml --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
docs=$target_dir/doc/tencentcloud_cvm/v20170312
pages=(
  "$docs/operation/describe_instances/struct.DescribeInstancesRequest.html"
  "$docs/types/struct.Instance.html"
)

# An HTML tag of the published prose, shown as text: rustdoc writes it escaped.
leftover='&lt;/?(li|p|br|ul|ol|strong|b|a|code|td|tr|th|table|tbody|thead|font|span|div|em|i|pre|img|h[1-6])(&gt;|[ /])'
status=0
for page in "${pages[@]}"; do
  [ -f "$page" ] || { echo "no page $page" >&2; exit 1; }
  if grep -qE "$leftover" "$page"; then
    echo "FAIL $(basename "$page"): published HTML shown as text:" >&2
    grep -oE ".{60}$leftover.{60}" "$page" | head -5 >&2
    status=1
  else
    echo "ok   $(basename "$page"): no published HTML tag left"
  fi
done

if [ "${SCREENSHOTS:-1}" = 0 ]; then
  echo "screenshots not taken (SCREENSHOTS=0)"
  exit $status
fi
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "== installing chromium (Debian package)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || true
  chromium=$(command -v chromium || true)
fi
if [ -z "$chromium" ]; then
  echo "================================================================"
  echo "SKIPPED the screenshots: chromium is not installed and could not be."
  echo "================================================================"
  exit $status
fi
for page in "${pages[@]}"; do
  png=$out/$(basename "$page" .html).png
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1280,2600 \
    --screenshot="$png" "file://$page" >/dev/null 2>&1
  echo "screenshot: $png"
done
exit $status
